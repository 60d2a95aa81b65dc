import NIOCore

extension Dialer {
  /// Connects and closes: up when the connection is accepted.
  func tcp(_ endpoint: Endpoint, until deadline: NIODeadline) async throws {
    try await exchange(endpoint, until: deadline) { channel in channel.eventLoop.makeSucceededVoidFuture() }
  }
}
