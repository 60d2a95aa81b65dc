import LabModel

/// A redundant service's instances must not share a physical host.
public struct ReplicaSpreadRule: Rule {
  public let name = "replica-spread"
  public let summary = "replicas of a redundant service run on distinct physical hosts"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where [.vip, .replicas, .quorum].contains(s.haKind) {
      var seen: [String: String] = [:]
      for (i, target) in s.runsOn.enumerated() where lab.machines[named: target] != nil {
        let host = lab.physicalHost(of: target)
        if let first = seen[host] {
          out.append(.error(name, "replicas '\(first)' and '\(target)' of service '\(s.name)' both run on '\(host)'; one host failure takes both", at: lab.sourceMap.value("services.\(s.name).runs_on.\(i)"), notes: ["move one replica to another host"]))
        } else {
          seen[host] = target
        }
      }
    }
    return out
  }
}
