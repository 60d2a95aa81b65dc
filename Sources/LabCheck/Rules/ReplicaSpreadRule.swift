import LabModel

/// A redundant service's instances must not share a physical host.
public struct ReplicaSpreadRule: Rule {
  public let name = "replica-spread"
  public let summary = "replicas of a redundant service run on distinct physical hosts"
  public let waivable = true
  public let simulatedItem: ItemKind? = .service
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where [.vip, .replicas, .quorum].contains(s.haKind) {
      var seen: [String: String] = [:]
      for (i, target) in s.runsOn.enumerated() where lab.machine(named: target) != nil {
        let host = lab.physicalHost(of: target)
        guard let first = seen[host] else {
          seen[host] = target
          continue
        }
        let message =
          first == target
          ? "service '\(s.name)' lists '\(target)' twice; one machine is one replica"
          : "replicas '\(first)' and '\(target)' of service '\(s.name)' both run on '\(host)'; "
            + "one host failure takes both"
        out.append(
          .error(
            name, message, at: lab.sourceMap.value("services.\(s.name).runs_on.\(i)"), item: s.name,
            notes: ["move one replica to another physical host"]))
      }
    }
    return out
  }
}
