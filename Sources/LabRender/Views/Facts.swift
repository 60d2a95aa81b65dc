import LabModel

extension Lab {
  /// Facts prose may cite as `{{ key }}`, all computed from the model (once, in `LabViews`).
  func facts(summary s: Summary, roster: Roster?) -> [String: String] {
    var f: [String: String] = [
      "clusters.today": "\(s.clusters.today)", "clusters.plan": "\(s.clusters.plan)",
      "clusters.names": Words.list(s.clusterNames),
      "nodes.today": "\(s.nodes.today)", "nodes.plan": "\(s.nodes.plan)",
      "vlans.today": "\(s.vlans.today)", "vlans.plan": "\(s.vlans.plan)",
      "machines.today": "\(s.machines.today)", "machines.plan": "\(s.machines.plan)",
      "sites.today": "\(sites.filter { $0.status.isToday }.count)", "sites.plan": "\(sites.count)",
      "tiers.count": "\(tiers.count)", "layers.count": "\(layers.count)",
      "focal.today": "\(s.focalMachines.today)", "focal.plan": "\(s.focalMachines.plan)",
    ]
    if let roster { f["hosts"] = "\(roster.hostCount)" }
    let voters = Set(clusters(at: .today).map { $0.etcdVoters.count })
    if let lo = voters.min(), let hi = voters.max() { f["etcd.voters"] = lo == hi ? "\(lo)" : "\(lo)–\(hi)" }
    for c in clusters {
      f["cluster.\(c.name).voters"] = "\(c.etcdVoters.count)"
      f["cluster.\(c.name).nodes"] = "\(c.nodes.count)"
    }
    for svc in services {
      f["service.\(svc.name).instances"] = "\(instances(of: svc, at: .today))"
      f["service.\(svc.name).planned"] = "\(instances(of: svc, at: .plan))"
      f["service.\(svc.name).replicas"] = "\(replicasPerPlace(of: svc, at: .today))"
    }
    if let tunnel = tunnelService {
      f["tunnel.replicas"] = "\(replicasPerPlace(of: tunnel, at: .today))"
    }
    return f
  }

  /// The service that carries the outbound tunnel, if any.
  var tunnelService: Service? {
    if let name = firewall.ingress.first(where: { $0.kind == .tunnel })?.service, let s = service(named: name) {
      return s
    }
    return services.first { $0.exposes == "tunnel" }
  }
}

extension Words {
  /// "core, dev, and prod".
  static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    case 2: "\(items[0]) and \(items[1])"
    default: items.dropLast().joined(separator: ", ") + ", and " + items[items.count - 1]
    }
  }

  /// "3 machines" → "3 machines", "cluster prod-b" → "Cluster prod-b": the first letter upper-cased.
  static func capitalizedFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
