import LabModel

/// One design principle, checked against the model.
public protocol Rule: Sendable {
  /// The rule's name, shown in brackets after each diagnostic and in docs/rules.md.
  var name: String { get }
  /// One line on what the rule asks of the lab.
  var summary: String { get }
  /// Every violation in the lab.
  func check(_ lab: Lab) -> [Diagnostic]
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
