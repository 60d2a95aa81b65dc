/// Limits how many checks run at once across the scheduler's loops.
actor Gate {
  private var free: Int
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(_ slots: Int) { free = max(1, slots) }

  func enter() async {
    if free > 0 {
      free -= 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func leave() {
    if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
  }
}

/// Runs every check continuously at its interval, jittered ±10 % (and started at a random point of its first
/// interval) so checks spread out; at most the prober's `concurrency` in flight; state changes reported as
/// `StateTracker` decides them. Runs until the calling task is cancelled.
public struct Scheduler: Sendable {
  public let prober: Prober
  public let tracker: StateTracker

  public init(prober: Prober, tracker: StateTracker = StateTracker()) {
    self.prober = prober
    self.tracker = tracker
  }

  /// Runs `checks` until cancelled; `onResult` sees every run, with the state change it made, if any.
  public func run(
    _ checks: [PlannedCheck], onResult: @escaping @Sendable (CheckResult, StateChange?) async -> Void
  ) async {
    let gate = Gate(prober.concurrency)
    await withTaskGroup(of: Void.self) { group in
      for check in checks {
        group.addTask {
          var wait = Double.random(in: 0...(check.interval * 0.1))
          while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(wait))
            if Task.isCancelled { break }
            await gate.enter()
            if Task.isCancelled {
              await gate.leave()
              break
            }
            let result = await prober.run(check)
            await gate.leave()
            let change = await tracker.record(result, fails: check.fails)
            await onResult(result, change)
            wait = check.interval * Double.random(in: 0.9...1.1)
          }
        }
      }
    }
  }
}

extension Scheduler {
  /// Runs `checks` until cancelled, reporting state changes only.
  public func run(_ checks: [PlannedCheck], onChange: @escaping @Sendable (StateChange) async -> Void) async {
    await run(checks) { _, change in if let change { await onChange(change) } }
  }
}
