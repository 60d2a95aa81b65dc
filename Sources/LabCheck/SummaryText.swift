import LabModel

/// The hero figures as text lines, "N thing today — M once the plan lands", in grammatical English for any
/// count: "1 VLAN — lo", "no clusters today" (no dangling dash when there is nothing to name).
public enum SummaryText {
  public static func lines(_ s: Summary) -> [String] {
    func plan(_ f: Figure, _ singular: String) -> String {
      f.changes ? " — \(Words.count(f.plan, singular)) with the plan" : ""
    }
    /// "3 clusters", or "no clusters" for zero.
    func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
      n == 0 ? "no \(Words.noun(0, singular, plural))" : Words.count(n, singular, plural)
    }
    func named(_ names: [String]) -> String { names.isEmpty ? "" : " — " + Words.dots(names) }
    var out: [String] = []
    let planned = s.plannedClusterNames.isEmpty ? "" : " (\(Words.dots(s.plannedClusterNames)) planned)"
    out.append(
      "\(counted(s.clusters.today, "cluster")) today\(named(s.clusterNames))\(planned)\(plan(s.clusters, "cluster"))")
    out.append("\(counted(s.nodes.today, "Kubernetes node")) today\(plan(s.nodes, "node"))")
    if let tier = s.focalTier {
      let models = s.focalModels.joined(separator: ", ")
      let what = models.isEmpty ? counted(s.focalMachines.today, "machine") : "\(s.focalMachines.today) \(models)"
      out.append("\(what) in tier \(tier)\(plan(s.focalMachines, "machine"))")
    }
    for v in s.vipServices {
      out.append(
        "\(counted(v.instances.today, "\(v.title) instance")) behind a VIP\(plan(v.instances, "instance"))")
    }
    if let hosts = s.inventoryHosts { out.append(counted(hosts, "Ansible-managed host")) }
    out.append("\(counted(s.vlans.today, "VLAN"))\(named(s.vlanNames))\(plan(s.vlans, "VLAN"))")
    return out
  }
}
