import LabIO
import LabInventory
import LabModel

/// Folds a cluster's talconfig into the model: its nodes, roles and addresses become the
/// cluster's; where `lab.yaml` says otherwise, a diagnostic points at the talconfig line.
enum TalconfigMerge {
  static func apply(_ talos: TalosConfig, to index: Int, in lab: inout Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var cluster = lab.clusters[index]
    let base = "clusters.\(cluster.name)"
    if let name = talos.clusterName, name != cluster.name {
      out.append(
        .warning(
          "talconfig", "talconfig names the cluster '\(name)', but lab.yaml calls it '\(cluster.name)'",
          at: SourceLocation(file: talos.source, line: 1, column: 1),
          notes: ["the names may differ on purpose; labctl uses '\(cluster.name)'"]))
    }
    if let endpoint = talos.endpoint {
      if let declared = cluster.endpoint, declared != endpoint {
        out.append(
          .error(
            "talconfig",
            "cluster '\(cluster.name)' has endpoint '\(declared)' in lab.yaml but '\(endpoint)' in \(talos.source)",
            at: lab.sourceMap.value("\(base).endpoint"),
            notes: ["drop 'endpoint' from lab.yaml; the talconfig gives it"]))
      }
      cluster.endpoint = cluster.endpoint ?? endpoint
    }
    var nodes: [ClusterNode] = []
    var seen = Set<String>()
    for n in talos.nodes {
      guard seen.insert(n.hostname).inserted else {
        out.append(.error("talconfig", "node '\(n.hostname)' appears twice in \(talos.source)", at: n.location))
        continue
      }
      if let declared = cluster.nodes[named: n.hostname], declared.role != n.role {
        out.append(
          .error(
            "talconfig",
            "node '\(n.hostname)' is \(n.role.rawValue) in \(talos.source) but \(declared.role.rawValue) in lab.yaml",
            at: n.roleLocation ?? n.location,
            notes: lab.sourceMap.value("\(base).nodes.\(n.hostname)").map { ["lab.yaml declares it at \($0)"] } ?? []))
      }
      var nodeAddress: IPv4?
      if let text = n.ipAddress {
        nodeAddress = IPv4(text)
        if nodeAddress == nil {
          out.append(
            .error(
              "talconfig",
              "node '\(n.hostname)' has ipAddress '\(text)' in \(talos.source), which is not an IPv4 address",
              at: n.addressLocation ?? n.location, notes: ["write it as four numbers 0–255, e.g. 10.30.0.11"]))
        }
      }
      if let ip = nodeAddress, let machine = lab.machine(named: n.hostname), let address = machine.address,
        address != ip
      {
        out.append(
          .error(
            "talconfig",
            "node '\(n.hostname)' has address \(ip) in \(talos.source) but machine '\(n.hostname)' has \(address)",
            at: n.addressLocation ?? n.location,
            notes: lab.sourceMap.value("machines.\(n.hostname).address").map { ["the machine's address is at \($0)"] }
              ?? []))
      }
      if lab.sourceMap.key("\(base).nodes.\(n.hostname)") == nil, let at = n.location {
        lab.sourceMap.record(key: "\(base).nodes.\(n.hostname)", at: at)
      }
      nodes.append(
        ClusterNode(name: n.hostname, role: n.role, address: nodeAddress, installDisk: n.installDisk, labels: n.labels))
    }
    for declared in cluster.nodes where !seen.contains(declared.name) {
      out.append(
        .error(
          "talconfig", "node '\(declared.name)' of cluster '\(cluster.name)' is in lab.yaml but not in \(talos.source)",
          at: lab.sourceMap.key("\(base).nodes.\(declared.name)"),
          notes: ["add it to the talconfig's nodes, or drop it from lab.yaml"]))
      nodes.append(declared)
    }
    cluster.nodes = nodes
    lab.clusters[index] = cluster
    return out
  }
}
