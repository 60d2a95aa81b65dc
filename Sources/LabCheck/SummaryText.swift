import LabModel

/// The hero figures as text lines, "N thing today — M once the plan lands".
public enum SummaryText {
  public static func lines(_ s: Summary) -> [String] {
    func plan(_ f: Figure, _ what: String) -> String {
      f.changes ? " — \(f.plan) \(what) with the plan" : ""
    }
    var out: [String] = []
    let planned = s.plannedClusterNames.isEmpty ? "" : " (\(s.plannedClusterNames.joined(separator: " · ")) planned)"
    out.append(
      "\(s.clusters.today) clusters today — \(s.clusterNames.joined(separator: " · "))\(planned)\(plan(s.clusters, "clusters"))"
    )
    out.append("\(s.nodes.today) Kubernetes nodes today\(plan(s.nodes, "nodes"))")
    if let tier = s.focalTier {
      let models = s.focalModels.joined(separator: ", ")
      out.append(
        "\(s.focalMachines.today) \(models.isEmpty ? "machines" : models) in tier \(tier)\(plan(s.focalMachines, "machines"))"
      )
    }
    for v in s.vipServices {
      out.append("\(v.instances.today) \(v.title) instances behind a VIP\(plan(v.instances, "instances"))")
    }
    if let hosts = s.inventoryHosts { out.append("\(hosts) Ansible-managed hosts") }
    out.append("\(s.vlans.today) VLANs — \(s.vlanNames.joined(separator: " · "))\(plan(s.vlans, "VLANs"))")
    return out
  }
}
