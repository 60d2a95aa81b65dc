import Foundation
import LabModel
import NIOConcurrencyHelpers

/// How the last reload went.
public enum ReloadOutcome: String, Sendable, Codable {
  /// No reload has finished yet.
  case pending
  case ok
  /// The last reload found errors; the last good site (if any) is still served.
  case failed
}

/// What the reloader last saw, for `/healthz`.
public struct ReloadState: Sendable {
  public var outcome: ReloadOutcome = .pending
  /// Every diagnostic of the last attempt, errors and warnings, in reading order.
  public var diagnostics: [Diagnostic] = []
  public var lastAttempt: Date?
  public var lastSuccess: Date?

  public init() {}
}

/// Holds the site being served and the reload state; swapped atomically under a lock.
public final class PageStore: Sendable {
  private struct State {
    var snapshot: PageSnapshot?
    var reload = ReloadState()
  }

  private let state = NIOLockedValueBox(State())

  public init() {}

  /// The site being served, or nil before the first good render.
  public var snapshot: PageSnapshot? { state.withLockedValue { $0.snapshot } }

  /// The reload state, for health reports.
  public var reload: ReloadState { state.withLockedValue { $0.reload } }

  /// Both at once, consistent with each other.
  public var current: (snapshot: PageSnapshot?, reload: ReloadState) {
    state.withLockedValue { ($0.snapshot, $0.reload) }
  }

  /// The next generation number for a good render.
  public var nextGeneration: Int { state.withLockedValue { ($0.snapshot?.generation ?? 0) + 1 } }

  /// Serves `snapshot` from now on and records a good reload.
  public func publish(_ snapshot: PageSnapshot, diagnostics: [Diagnostic], at date: Date) {
    state.withLockedValue {
      $0.snapshot = snapshot
      $0.reload.outcome = .ok
      $0.reload.diagnostics = diagnostics
      $0.reload.lastAttempt = date
      $0.reload.lastSuccess = date
    }
  }

  /// Records a failed reload; the site being served stays as it is.
  public func recordFailure(_ diagnostics: [Diagnostic], at date: Date) {
    state.withLockedValue {
      $0.reload.outcome = .failed
      $0.reload.diagnostics = diagnostics
      $0.reload.lastAttempt = date
    }
  }
}
