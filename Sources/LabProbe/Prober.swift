import NIOCore
import NIOPosix

/// Runs planned checks: one sweep with a bounded number in flight, or continuously (`Scheduler`).
public struct Prober: Sendable {
  let runner: CheckRunner
  /// The most checks in flight at once.
  public let concurrency: Int

  public init(
    policy: TargetPolicy, concurrency: Int = 64, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    runner = CheckRunner(dialer: Dialer(group: group, policy: policy))
    self.concurrency = max(1, concurrency)
  }

  /// Runs one check once (its retries inside its deadline).
  public func run(_ check: PlannedCheck) async -> CheckResult { await runner.run(check) }

  /// Runs every check once, at most `concurrency` at a time; results in the order of `checks`.
  /// `progress` is called as each finishes, with how many are done.
  public func sweep(
    _ checks: [PlannedCheck], progress: @Sendable (CheckResult, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
  ) async -> [CheckResult] {
    await withTaskGroup(of: (Int, CheckResult).self) { group in
      var next = 0
      func start() {
        let i = next
        next += 1
        group.addTask { (i, await runner.run(checks[i])) }
      }
      while next < min(concurrency, checks.count) { start() }
      var out = [CheckResult?](repeating: nil, count: checks.count)
      var done = 0
      for await (i, result) in group {
        out[i] = result
        done += 1
        progress(result, done, checks.count)
        if next < checks.count { start() }
      }
      return out.compactMap { $0 }
    }
  }
}
