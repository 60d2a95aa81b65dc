import HTTPTypes
import Hummingbird
import NIOCore

/// `/healthz` (status + diagnostics of the last reload, as JSON) and `/readyz` (200 once a good render exists).
public struct HealthController: Sendable {
  public let store: PageStore

  public init(store: PageStore) { self.store = store }

  public func addRoutes(to router: Router<some RequestContext>) {
    router.get("/healthz") { _, _ in self.health() }
    router.get("/readyz") { _, _ in self.ready() }
  }

  /// The health report: 200 while a good site is served (even when the last reload failed), else 503.
  public func health() -> Response {
    let (snapshot, reload) = store.current
    let report = HealthReport(snapshot: snapshot, reload: reload)
    return Self.json(HTTPResponse.Status(code: report.httpStatus), report.json())
  }

  /// 200 `{"ready":true}` once a first good render exists, else 503.
  public func ready() -> Response {
    store.snapshot == nil
      ? Self.json(.serviceUnavailable, "{\"ready\":false}\n")
      : Self.json(.ok, "{\"ready\":true}\n")
  }

  static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
    var headers = ResponseHeaders.security
    headers[.contentType] = "application/json; charset=utf-8"
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}
