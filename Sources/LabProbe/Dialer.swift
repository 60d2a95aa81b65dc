import Foundation
import LabModel
import NIOCore
import NIOPosix

/// Opens connections for probes: the target policy applied first, every wait bounded by the check's deadline.
///
/// The deadline is enforced on the channel itself: the connect timeout is what is left of it, and at the deadline
/// the channel is closed, failing whatever the handler still waits for — so a target that accepts and never
/// answers, or drips one byte a second, costs the deadline and no more.
struct Dialer: Sendable {
  let group: any EventLoopGroup
  let policy: TargetPolicy

  /// Connects to `declared` (mapped and guarded), lets `start` install its handler and return the answer's
  /// future, and awaits it until `deadline`; the channel is closed afterwards in every case.
  func exchange<T: Sendable>(
    _ declared: Endpoint, until deadline: NIODeadline,
    initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void> = {
      $0.eventLoop.makeSucceededVoidFuture()
    },
    start: @escaping @Sendable (any Channel) -> EventLoopFuture<T>
  ) async throws -> T {
    let target: Endpoint
    switch policy.dial(declared) {
    case .success(let t): target = t
    case .failure(let refused): throw ProbeFailure(refused.message)
    }
    let remaining = deadline - .now()
    guard remaining > .zero else { throw ProbeFailure.deadline }
    let bootstrap = ClientBootstrap(group: group).connectTimeout(remaining)
      .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer(initializer)
    let channel: any Channel
    do {
      if IPv4(target.host) != nil {
        channel = try await bootstrap.connect(to: try SocketAddress(ipAddress: target.host, port: target.port)).get()
      } else {
        channel = try await bootstrap.connect(host: target.host, port: target.port).get()
      }
    } catch {
      throw ProbeFailure("connect to \(declared): \(Self.describe(error))")
    }
    let closer = channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
    defer {
      closer.cancel()
      channel.close(promise: nil)
    }
    return try await withTaskCancellationHandler {
      do {
        return try await channel.eventLoop.flatSubmit { Self.answer(channel, start) }.get()
      } catch let failure as ProbeFailure {
        throw NIODeadline.now() >= deadline ? ProbeFailure.deadline : failure
      } catch {
        throw NIODeadline.now() >= deadline ? ProbeFailure.deadline : ProbeFailure(Self.describe(error))
      }
    } onCancel: {
      channel.close(promise: nil)
    }
  }

  /// The answer `start` awaits, or a failure once the channel has closed, whichever comes first. A handler
  /// added in the tick between the channel going inactive and its pipeline being torn down is added, but
  /// never hears `channelInactive` (it was already sent): without this, its promise was never completed and
  /// the probe waited for ever — seen with a TLS handshake refused (a self-signed certificate) right after
  /// connect, in the full suite. Runs on the channel's event loop.
  static func answer<T: Sendable>(
    _ channel: any Channel, _ start: (any Channel) -> EventLoopFuture<T>
  ) -> EventLoopFuture<T> {
    let result = channel.eventLoop.makePromise(of: T.self)
    start(channel).cascade(to: result)
    // Completing a promise twice is a no-op in NIO: an answer already given stands.
    channel.closeFuture.whenComplete { _ in result.fail(ProbeFailure.closed) }
    return result.futureResult
  }

  /// An error in words, without Swift type names.
  static func describe(_ error: any Error) -> String {
    if let failure = error as? ProbeFailure { return failure.message }
    if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
    if let connect = error as? NIOConnectionError, let first = connect.connectionErrors.first {
      return describe(first.error)
    }
    if let channel = error as? ChannelError {
      switch channel {
      case .connectTimeout: return "no connection within the deadline"
      case .ioOnClosedChannel, .alreadyClosed, .eof: return ProbeFailure.closed.message
      default: return "channel error"
      }
    }
    let text = String(describing: error)
    return text.isEmpty ? "failed" : text
  }
}
