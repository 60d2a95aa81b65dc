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
  rules.flatMap { $0.check(lab) }.sortedByLocation()
}
