import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `/api/v1/events`: the live status as Server-Sent Events — `status` (a new version of the live section and
/// of `/api/v1/status`: `{"version": N}`) and `checked` heartbeats (`{"last_checked": ISO 8601}`). Without
/// `--probe` it answers 404 as any unknown path. The stream ends when the server shuts down.
public struct LiveController: Sendable {
  public let board: LiveBoard

  public init(board: LiveBoard) { self.board = board }

  public func addRoutes(to router: Router<some RequestContext>) {
    router.get("/api/v1/events") { _, _ in try self.events() }
  }

  func events() throws -> Response {
    guard let (id, stream) = board.subscribe() else {
      throw APIError(.serviceUnavailable, "too many listeners on /api/v1/events", hint: "try again later")
    }
    var headers = ResponseHeaders.security
    headers[.contentType] = "text/event-stream; charset=utf-8"
    headers[.cacheControl] = "no-store"
    headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
    let board = board
    return Response(
      status: .ok, headers: headers,
      body: ResponseBody { writer in
        defer { board.unsubscribe(id) }
        try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
        for await event in stream.cancelOnGracefulShutdown() {
          try await writer.write(ByteBuffer(string: event))
        }
        try await writer.finish(nil)
      })
  }
}
