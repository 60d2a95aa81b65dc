/// Whether a thing exists today or only in the plan.
public enum Status: String, Sendable, Codable, CaseIterable {
  /// Running today.
  case live
  /// Exists but is not running today (a site mid-move).
  case offline
  /// Only in the plan: never counted as today's.
  case planned

  /// True when the thing counts in today's figures.
  public var isToday: Bool { self == .live }
}

/// Which lab to look at: as it runs today, or once the plan lands.
public enum Horizon: String, Sendable, Codable, CaseIterable {
  case today, plan

  /// True when something with `status` is present at this horizon.
  public func includes(_ status: Status) -> Bool {
    switch self {
    case .today: status == .live
    case .plan: true
    }
  }
}
