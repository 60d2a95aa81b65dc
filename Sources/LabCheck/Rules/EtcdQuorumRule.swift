import LabModel

/// etcd needs an odd number of voters, at least three, on distinct physical hosts.
public struct EtcdQuorumRule: Rule {
  public let name = "etcd-quorum"
  public let summary = "etcd voters are odd, at least 3, and on distinct physical hosts"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for c in lab.clusters where !c.nodes.isEmpty {
      let voters = c.etcdVoters
      let at = lab.sourceMap.value("clusters.\(c.name).nodes") ?? lab.sourceMap.key("clusters.\(c.name)")
      let n = voters.count
      if n == 0 {
        out.append(.error(name, "cluster '\(c.name)' has no control-plane node, so etcd has no voter", at: at, notes: ["give three nodes the role 'controlplane'"]))
      } else if n % 2 == 0 {
        out.append(.error(name, "etcd in cluster '\(c.name)' has \(n) voters; an even count tolerates no more failures than \(n - 1)", at: at, notes: [n - 1 >= 3 ? "use \(n - 1) or \(n + 1) control-plane nodes" : "use \(n + 1) control-plane nodes"]))
      } else if n < 3 {
        out.append(.error(name, "etcd in cluster '\(c.name)' has \(n) voter; it tolerates no failure", at: at, notes: ["use 3 control-plane nodes on distinct machines"]))
      }
      var byHost: [String: [String]] = [:]
      for v in voters { byHost[lab.physicalHost(of: v.name), default: []].append(v.name) }
      for (host, names) in byHost.sorted(by: { $0.key < $1.key }) where names.count > 1 {
        out.append(.error(name, "etcd voters \(names.map { "'\($0)'" }.joined(separator: ", ")) of cluster '\(c.name)' all run on '\(host)'; losing it loses \(names.count) votes", at: lab.sourceMap.key("clusters.\(c.name).nodes.\(names[1])"), notes: ["place control-plane VMs on different hypervisors"]))
      }
    }
    return out
  }
}
