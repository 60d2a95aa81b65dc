/// A check's live state.
public enum ProbeState: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case up, degraded, down

  private var rank: Int {
    switch self {
    case .up: 0
    case .degraded: 1
    case .down: 2
    }
  }

  public static func < (a: ProbeState, b: ProbeState) -> Bool { a.rank < b.rank }
}

/// What one asked endpoint answered.
public struct AskedResult: Sendable, Hashable {
  public var label: String
  public var endpoint: Endpoint
  public var state: ProbeState
  /// Seconds from the first byte sent to the answer (or the failure).
  public var latency: Double
  /// Why it is not up; nil when it is.
  public var reason: String?
  /// A DNS check's answers, normalised and sorted; empty for other kinds.
  public var answers: [String]
}

/// One run of one check.
public struct CheckResult: Sendable, Hashable, Identifiable {
  public var id: String
  public var owner: Owner
  public var name: String
  public var state: ProbeState
  /// Seconds the answer took (the slowest asked endpoint's).
  public var latency: Double
  public var reason: String?
  public var asked: [AskedResult]
  /// A DNS check whose instances answered differently: who said what.
  public var disagreement: String?
  /// Attempts made (a failure is retried up to `fails` times within the deadline).
  public var attempts: Int
  /// Seconds the whole check took, retries included.
  public var elapsed: Double

  public init(
    id: String, owner: Owner, name: String, state: ProbeState, latency: Double, reason: String? = nil,
    asked: [AskedResult] = [], disagreement: String? = nil, attempts: Int = 1, elapsed: Double? = nil
  ) {
    self.id = id
    self.owner = owner
    self.name = name
    self.state = state
    self.latency = latency
    self.reason = reason
    self.asked = asked
    self.disagreement = disagreement
    self.attempts = attempts
    self.elapsed = elapsed ?? latency
  }
}
