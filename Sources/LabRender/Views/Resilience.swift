import LabCheck
import LabModel

/// What single failures take down, today and once the plan lands: the simulation behind the HA map
/// and the what-if panel, run once per render so the two cannot disagree.
struct Resilience: Sendable {
  /// `labctl simulate --all-single` today.
  var today: SingleFailureReport
  /// `labctl simulate --all-single --plan`.
  var plan: SingleFailureReport

  init(_ lab: Lab) {
    today = lab.singleFailures(at: .today)
    plan = lab.singleFailures(at: .plan)
  }

  /// Items one host (machine, hypervisor, VM or VIP holder) takes down at this horizon.
  func singlePoints(at horizon: Horizon) -> Set<ItemRef> {
    Set((horizon == .today ? today : plan).singlePoints.map(\.item))
  }
}
