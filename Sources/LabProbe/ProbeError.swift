/// Why one probe attempt failed: the reason shown to an internal audience.
public struct ProbeFailure: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  /// Degraded rather than down: it answered, but not as it should (a certificate about to expire).
  public var degraded: Bool

  public init(_ message: String, degraded: Bool = false) {
    self.message = message
    self.degraded = degraded
  }

  public var description: String { message }

  static let deadline = ProbeFailure("no answer within the deadline")
  static let closed = ProbeFailure("connection closed before a complete answer")
}
