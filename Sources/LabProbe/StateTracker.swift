/// A check's reported state changing: what it was (nil at first sight), what it is, the result that did it.
public struct StateChange: Sendable, Hashable {
  public var id: String
  public var from: ProbeState?
  public var to: ProbeState
  public var result: CheckResult
}

/// Turns results into state changes, health-check style: a check goes down only after `fails` failed runs in a
/// row; one good run brings it up; degraded is reported at once. The first result of a check sets its state.
public actor StateTracker {
  struct Entry {
    var state: ProbeState
    var failures: Int
  }

  private var entries: [String: Entry] = [:]
  private var latest: [String: CheckResult] = [:]

  public init() {}

  /// Records one run; the change it makes, if any.
  public func record(_ result: CheckResult, fails: Int) -> StateChange? {
    latest[result.id] = result
    let previous = entries[result.id]
    var entry = previous ?? Entry(state: result.state, failures: 0)
    switch result.state {
    case .down:
      entry.failures += 1
      if previous == nil || entry.failures >= fails { entry.state = .down }
    case .up, .degraded:
      entry.failures = 0
      entry.state = result.state
    }
    entries[result.id] = entry
    guard previous?.state != entry.state else { return nil }
    return StateChange(id: result.id, from: previous?.state, to: entry.state, result: result)
  }

  /// The reported state of every check seen, by id.
  public func states() -> [String: ProbeState] { entries.mapValues(\.state) }

  /// The latest result of every check seen, with its reported state (which lags a first failure).
  public func current() -> [CheckResult] {
    latest.values.sorted { $0.id < $1.id }.map { r in
      var r = r
      r.state = entries[r.id]?.state ?? r.state
      return r
    }
  }
}
