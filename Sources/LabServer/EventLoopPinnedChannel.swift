import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1 connections whose handling task prefers the connection's own event loop as its executor,
/// so a request is read, answered and written on one thread, without hops between threads.
struct EventLoopPinnedHTTP1Channel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value
  let base: HTTP1Channel

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    base.setup(channel: channel, logger: logger)
  }

  func handle(value: Value, logger: Logger) async {
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
  /// HTTP/1 with each connection's work pinned to its event loop.
  static func pinnedHTTP1() -> HTTPServerBuilder {
    .init { responder in EventLoopPinnedHTTP1Channel(base: HTTP1Channel(responder: responder)) }
  }
}
