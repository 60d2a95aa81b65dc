import LabCheck
import LabModel

/// What single failures take down, today and once the plan lands: the simulation behind the HA map
/// and the what-if panel, run once per render so the two cannot disagree. A server computes it once
/// and hands it to `renderPage`, then serves the same reports at `/api/v1/simulate/all-single`.
public struct Resilience: Sendable {
  /// `labctl simulate --all-single` today.
  public var today: SingleFailureReport
  /// `labctl simulate --all-single --plan`.
  public var plan: SingleFailureReport

  public init(_ lab: Lab) {
    today = lab.singleFailures(at: .today)
    plan = lab.singleFailures(at: .plan)
  }

  /// The report at `horizon`.
  public func report(at horizon: Horizon) -> SingleFailureReport { horizon == .today ? today : plan }

  /// Items one host (machine, hypervisor, VM or VIP holder) takes down at this horizon.
  func singlePoints(at horizon: Horizon) -> Set<ItemRef> {
    Set(report(at: horizon).singlePoints.map(\.item))
  }

  /// Items one host takes down or interrupts (out until Kubernetes reschedules them) at this horizon: what the
  /// HA map draws as single-instance.
  func outages(at horizon: Horizon) -> Set<ItemRef> {
    Set(report(at: horizon).outages.map(\.item))
  }
}
