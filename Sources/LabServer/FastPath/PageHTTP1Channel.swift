import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with the site fast path in its pipeline (after the HTTP/1 decoder,
/// before the conversion to Hummingbird's types) and, when `pinned`, each connection's request handling
/// kept on the connection's own event loop, so a routed request is read, answered and written on one thread.
struct PageHTTP1Channel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value
  let base: HTTP1Channel
  let store: PageStore
  let date: HTTPDateCache
  let pinned: Bool
  let idleTimeout: TimeAmount?
  var drain: Drain? = nil
  var limit: ConnectionLimit? = nil

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    let store = self.store
    let date = self.date
    let idleTimeout = self.idleTimeout
    let drain = self.drain
    let limit = self.limit
    return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let pipeline = channel.pipeline.syncOperations
      let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
      try pipeline.addHandler(
        PageFastPathHandler(store: store, date: date, idleTimeout: idleTimeout, drain: drain),
        position: .after(decoder))
      if let limit { try pipeline.addHandler(ConnectionLimitHandler(limit: limit), position: .first) }
      return value
    }
  }

  func handle(value: Value, logger: Logger) async {
    guard pinned else { return await base.handle(value: value, logger: logger) }
    let executor = EventLoopTaskExecutor(value.channel.eventLoop)
    await withTaskExecutorPreference(executor) {
      await base.handle(value: value, logger: logger)
    }
  }
}

/// An event loop as a Swift Concurrency task executor.
final class EventLoopTaskExecutor: TaskExecutor {
  let loop: any EventLoop

  init(_ loop: any EventLoop) { self.loop = loop }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}

extension HTTPServerBuilder {
  /// HTTP/1 with the site fast path answering `store`'s files in the pipeline; connections that send no
  /// request for `idleTimeout` are closed (nil: never). On graceful shutdown each connection drains for at
  /// most `drainTimeout` (nil: closes as soon as its last response is out); past `limit`'s maximum a new
  /// connection is answered 503 and closed (nil: no limit).
  public static func page(
    store: PageStore, pinned: Bool = true, idleTimeout: Duration? = nil, drainTimeout: Duration? = nil,
    limit: ConnectionLimit? = nil
  ) -> HTTPServerBuilder {
    let date = HTTPDateCache()
    let timeout = idleTimeout.map { TimeAmount.nanoseconds($0.nanoseconds) }
    let drain = drainTimeout.map { Drain(timeout: .nanoseconds($0.nanoseconds)) }
    return .init { responder in
      PageHTTP1Channel(
        base: HTTP1Channel(responder: responder), store: store, date: date, pinned: pinned, idleTimeout: timeout,
        drain: drain, limit: limit)
    }
  }
}
