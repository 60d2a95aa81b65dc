import Foundation

/// One recorded state change.
public struct StoredChange: Sendable, Hashable {
  /// The store's sequence number: increasing, never reused.
  public var seq: Int64
  public var checkID: String
  public var from: ProbeState?
  public var to: ProbeState
  public var at: Date
  public var reason: String?
}

/// One incident: a root cause that went down, and when it came back (nil while open).
public struct StoredIncident: Sendable, Hashable {
  public var id: Int64
  public var root: String
  public var reason: String?
  public var openedAt: Date
  public var closedAt: Date?
  public var impacted: [String]

  /// Seconds it lasted, or has lasted until `now`.
  public func duration(now: Date) -> Double { (closedAt ?? now).timeIntervalSince(openedAt) }
}

/// What recording one sweep changed.
public struct SweepRecord: Sendable, Hashable {
  public var changes: [StoredChange]
  public var opened: [String]
  public var closed: [String]
}

/// Probe history: state changes, a rolled-up latency series per check, uptime, incidents with their root
/// cause, retention. `SQLiteHistoryStore` is the default; a PostgreSQL store can slot in behind the same
/// protocol.
public protocol HistoryStore: Sendable {
  /// Records one sweep atomically: a state change for each check whose state differs from the last recorded
  /// one, each result in its check's latency bucket, incidents opened for new root causes and closed for
  /// roots that are no longer down.
  func record(_ results: [CheckResult], status: LiveStatus, at: Date) async throws -> SweepRecord
  /// State changes, newest first; of one check, or of all.
  func changes(of checkID: String?, limit: Int) async throws -> [StoredChange]
  /// The share of runs that were not down since `since`, per check (checks with no runs are absent).
  func uptime(since: Date) async throws -> [String: Double]
  /// Incidents, newest first.
  func incidents(limit: Int) async throws -> [StoredIncident]
  /// Drops latency buckets, state changes and closed incidents older than `before`.
  func prune(before: Date) async throws
}

/// The windows the page and `labctl probe --history` show uptime over: 24 h, 7 d and 30 d.
public let uptimeWindows: [Double] = [86400, 7 * 86400, 30 * 86400]

extension HistoryStore {
  /// Per check: uptime over each of `uptimeWindows` before `now`, in that order (0…1); a check without runs in
  /// every window is absent.
  public func uptimeByWindow(at now: Date) async throws -> [String: [Double]] {
    var byWindow: [String: [Double]] = [:]
    for window in uptimeWindows {
      for (id, share) in try await uptime(since: now.addingTimeInterval(-window)) {
        byWindow[id, default: []].append(share)
      }
    }
    return byWindow.filter { $0.value.count == uptimeWindows.count }
  }
}

/// What `labctl probe --history` recorded, and the uptime it read back.
public struct HistorySummary: Sendable, Hashable {
  public var record: SweepRecord
  /// Per check: uptime over 24 h, 7 d and 30 d (0…1).
  public var uptime: [String: [Double]]

  public init(record: SweepRecord, uptime: [String: [Double]]) {
    self.record = record
    self.uptime = uptime
  }
}
