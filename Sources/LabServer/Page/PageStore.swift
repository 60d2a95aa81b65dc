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
    /// What is served: the site as rendered, decorated when a decorator is set.
    var snapshot: PageSnapshot?
    /// The site as the reloader rendered it.
    var base: PageSnapshot?
    var reload = ReloadState()
  }

  private let state = NIOLockedValueBox(State())
  /// Serialises decorations, so a slow one never overwrites a newer one; never held by readers.
  private let decorating = NIOLock()
  private let decorator = NIOLockedValueBox<(@Sendable (PageSnapshot) -> PageSnapshot)?>(nil)

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

  /// The site as rendered, before any decoration.
  public var base: PageSnapshot? { state.withLockedValue { $0.base } }

  /// Serves every site from now on through `decorate` (the live status adds its section and files), and
  /// re-decorates the site being served now.
  public func setDecorator(_ decorate: @escaping @Sendable (PageSnapshot) -> PageSnapshot) {
    decorator.withLockedValue { $0 = decorate }
    redecorate()
  }

  /// Decorates the rendered site again (the live status changed) and serves the result.
  public func redecorate() {
    decorating.withLock {
      guard let base = state.withLockedValue({ $0.base }), let decorate = decorator.withLockedValue({ $0 }) else {
        return
      }
      let served = decorate(base)
      state.withLockedValue { if $0.base === base { $0.snapshot = served } }
    }
  }

  /// Serves `snapshot` from now on and records a good reload.
  public func publish(_ snapshot: PageSnapshot, diagnostics: [Diagnostic], at date: Date) {
    decorating.withLock {
      let served = decorator.withLockedValue { $0 }.map { $0(snapshot) } ?? snapshot
      state.withLockedValue {
        $0.base = snapshot
        $0.snapshot = served
        $0.reload.outcome = .ok
        $0.reload.diagnostics = diagnostics
        $0.reload.lastAttempt = date
        $0.reload.lastSuccess = date
      }
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
