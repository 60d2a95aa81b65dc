import LabModel

/// etcd needs an odd number of voters, at least three, on distinct physical hosts.
///
/// Voters are the control-plane nodes. Today's count leaves out nodes on planned machines;
/// the plan's count takes them all. A planned cluster is checked with the plan only.
public struct EtcdQuorumRule: Rule {
  public let name = "etcd-quorum"
  public let summary = "etcd voters are odd, at least 3, and on distinct physical hosts, today and with the plan"
  public let waivable = true
  public let simulatedItem: ItemKind? = .cluster
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for c in lab.clusters where !c.nodes.isEmpty {
      let voters = c.etcdVoters
      let at = lab.sourceMap.value("clusters.\(c.name).nodes") ?? lab.sourceMap.key("clusters.\(c.name)")
      let plan = voters.count
      if lab.isPlanned(cluster: c.name) {
        out += problem(plan, c.name, prefix: "with the plan, ", at: at)
      } else {
        let today = voters.filter { !lab.isPlanned(machine: $0.name) }.count
        let found = problem(today, c.name, prefix: "", at: at)
        out += found
        if found.isEmpty, plan != today { out += problem(plan, c.name, prefix: "with the plan, ", at: at) }
      }
      var byHost: [String: [String]] = [:]
      for v in voters { byHost[lab.physicalHost(of: v.name), default: []].append(v.name) }
      for (host, names) in byHost.sorted(by: { $0.key < $1.key }) where names.count > 1 {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        out.append(
          .error(
            name,
            "etcd voters \(list) of cluster '\(c.name)' all run on '\(host)'; losing it loses \(names.count) votes",
            at: lab.sourceMap.key("clusters.\(c.name).nodes.\(names[1])"), item: c.name,
            notes: ["place control-plane nodes on distinct physical hosts (VMs on different hypervisors)"]))
      }
    }
    return out
  }

  private func problem(_ n: Int, _ cluster: String, prefix: String, at: SourceLocation?) -> [Diagnostic] {
    if n == 0 {
      return [
        .error(
          name, "\(prefix)cluster '\(cluster)' has no control-plane node, so etcd has no voter", at: at,
          item: cluster,
          notes: ["give three nodes the role 'controlplane'"])
      ]
    }
    if n % 2 == 0 {
      let fix = n - 1 >= 3 ? "use \(n - 1) or \(n + 1) control-plane nodes" : "use \(n + 1) control-plane nodes"
      return [
        .error(
          name,
          "\(prefix)etcd in cluster '\(cluster)' has \(n) voters; "
            + "an even count tolerates no more failures than \(n - 1)",
          at: at, item: cluster,
          notes: [fix + ": etcd keeps a quorum of \(n / 2 + 1) and tolerates \((n - 1) / 2) lost"])
      ]
    }
    if n < 3 {
      return [
        .error(
          name, "\(prefix)etcd in cluster '\(cluster)' has 1 voter; it tolerates no failure", at: at, item: cluster,
          notes: ["use 3 control-plane nodes on distinct machines"])
      ]
    }
    return []
  }
}
