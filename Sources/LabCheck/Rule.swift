import LabModel

/// One design principle, checked against the model.
public protocol Rule: Sendable {
  /// The rule's name, shown in brackets after each diagnostic and in docs/rules.md.
  var name: String { get }
  /// One line on what the rule asks of the lab.
  var summary: String { get }
  /// Every violation in the lab, each with its `item` set.
  func check(_ lab: Lab) -> [Diagnostic]
  /// True when a lab may accept the rule's findings as risks (`waivers:`): the rule guards a design
  /// principle the lab may knowingly bend, and everything downstream (the simulation, the page, the exports)
  /// works with the finding left in place. Rules about the model's own consistency (references, addresses,
  /// ids, cycles) are not waivable: a page or config built on such a finding would be wrong.
  var waivable: Bool { get }
  /// What kind of simulation item (a cluster, a service) the findings' `item` names, when it names one: the
  /// HA map shows an accepted risk of the rule on that item's row.
  var simulatedItem: ItemKind? { get }
}

extension Rule {
  public var waivable: Bool { false }
  public var simulatedItem: ItemKind? { nil }
}

/// Every rule labctl checks, in the order the docs list them.
public enum Rules {
  public static let all: [any Rule] = [
    UnknownReferenceRule(),
    PlannedNotTodayRule(),
    EtcdQuorumRule(),
    ReplicaSpreadRule(),
    VIPBackendsRule(),
    VRRPIDRule(),
    GatewaySplitRule(),
    TunnelReplicasRule(),
    VLANIDRule(),
    SubnetOverlapRule(),
    AddressInSubnetRule(),
    AddressUniqueRule(),
    LoadBalancerPoolRule(),
    DefaultDenyRule(),
    NoHTTPPortForwardRule(),
    SPoFMitigationRule(),
    DependencyCycleRule(),
    PublicLeakRule(),
  ]
}

/// Runs the rules over a lab and returns their findings in reading order.
public func check(_ lab: Lab, rules: [any Rule] = Rules.all) -> [Diagnostic] {
  check(lab, rules: rules, alongside: {}).findings
}

/// Runs the rules over a lab on every core, with `work` (the views of the same lab, say) as one more job beside
/// them; the findings come back in reading order, the same as a run one rule after the other. The rules are pure
/// functions of the lab, so the order they run in changes nothing.
public func check<T>(_ lab: Lab, rules: [any Rule] = Rules.all, alongside work: () -> T)
  -> (findings: [Diagnostic], other: T)
{
  // Job 0 is `work` (started first: it is the longest); job i is rule i - 1. Only job 0 writes `other`.
  let other = UnsafeMutablePointer<T>.allocate(capacity: 1)
  defer { other.deallocate() }
  nonisolated(unsafe) let slot = other
  let found = Concurrently.map(Array(0...rules.count)) { job -> [Diagnostic] in
    if job == 0 {
      slot.initialize(to: work())
      return []
    }
    return rules[job - 1].check(lab)
  }
  return (Array(found.joined()).sortedByLocation(), other.move())
}
