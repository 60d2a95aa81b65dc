import NIOConcurrencyHelpers
import NIOCore

/// The open connections of one server, against a cap kept below the process's file descriptor limit, so
/// that a flood of idle connections cannot leave the server without a descriptor to read the lab with.
public final class ConnectionLimit: Sendable {
  /// Connections that may be open at once; past it a new one is answered 503 and closed.
  public let maximum: Int
  /// Connections being refused at once; past it a new one is closed without an answer.
  let refusing: Int
  private let counts = NIOLockedValueBox((open: 0, refusing: 0))

  public init(maximum: Int) {
    self.maximum = max(1, maximum)
    refusing = 32
  }

  /// Connections open now (refused ones not counted).
  public var open: Int { counts.withLockedValue { $0.open } }

  enum Admission { case admitted, refused, dropped }

  /// Counts a new connection in, if there is room.
  func admit() -> Admission {
    counts.withLockedValue {
      if $0.open < maximum {
        $0.open += 1
        return .admitted
      }
      guard $0.refusing < refusing else { return .dropped }
      $0.refusing += 1
      return .refused
    }
  }

  func release(_ admission: Admission) {
    counts.withLockedValue {
      switch admission {
      case .admitted: $0.open -= 1
      case .refused: $0.refusing -= 1
      case .dropped: break
      }
    }
  }
}

/// First in each connection's pipeline: counts the connection against its server's `ConnectionLimit`.
/// Past the limit it answers the first request with a 503 (`Connection: close`) and closes, or, when
/// even the refusals are many, closes at once; nothing of such a connection reaches HTTP decoding.
final class ConnectionLimitHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let limit: ConnectionLimit
  private var admission: ConnectionLimit.Admission?
  private var answered = false

  init(limit: ConnectionLimit) { self.limit = limit }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { admit(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    admit(context)
    context.fireChannelActive()
  }

  private func admit(_ context: ChannelHandlerContext) {
    guard admission == nil else { return }
    let admission = limit.admit()
    self.admission = admission
    if admission == .dropped { context.close(promise: nil) }
  }

  func channelInactive(context: ChannelHandlerContext) {
    if let admission { limit.release(admission) }
    admission = nil
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    if let admission { limit.release(admission) }
    admission = nil
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch admission {
    case .admitted?: context.fireChannelRead(data)
    case .refused?:
      guard !answered else { return }
      answered = true
      let text = "503 too many open connections (this server takes \(limit.maximum)); try again shortly\n"
      let response =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: \(text.utf8.count)\r\nRetry-After: 1\r\nCache-Control: no-store\r\n"
        + "Connection: close\r\n\r\n" + text
      let written = context.eventLoop.makePromise(of: Void.self)
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: written)
      let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
      written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    case .dropped?, nil: break
    }
  }
}
