import LabModel

/// One hero figure: "9 Kubernetes nodes today — 12 once the second AZ is up".
struct HeroFigure: Sendable, Hashable, Encodable {
  /// Stable key for the JSON view: `clusters`, `nodes`, `focal-machines`, …
  var key: String
  var today: Int
  var label: String
  /// The planned figure, when the plan changes it.
  var plan: Int?
  /// How the plan reads: "12 once the secondary AZ is up".
  var planText: String?
}

extension Lab {
  /// True when the model declares anything beyond today: a site, machine, cluster, VLAN, service or app that is
  /// not live, or planned replicas. Without one the page says nothing about a plan.
  var hasPlan: Bool {
    sites.contains { $0.status != .live } || machines.contains { $0.status != .live }
      || clusters.contains { $0.status != .live } || vlans.contains { $0.status != .live }
      || services.contains { $0.status != .live || $0.plannedReplicas != nil } || apps.contains { $0.status != .live }
  }

  /// "once the secondary AZ is up" when sites are down or planned, else "once the plan lands".
  var planHorizonPhrase: String {
    let waiting = sites.filter { !$0.status.isToday }
    if waiting.count == 1, let s = waiting.first {
      return "once the \((s.title ?? s.name).lowercased()) AZ is up"
    }
    return "once the plan lands"
  }

  /// " for the secondary AZ" when every planned cluster waits on the same site that is not up.
  private func plannedWhere(_ names: [String]) -> String {
    let waiting = Set(names.compactMap { cluster(named: $0)?.site })
    guard waiting.count == 1, let name = waiting.first, let site = self.site(named: name), !site.status.isToday else {
      return ""
    }
    return " for the \((site.title ?? site.name).lowercased()) AZ"
  }

  /// The hero figures, each today next to the plan.
  func heroFigures(summary s: Summary, roster: Roster?) -> [HeroFigure] {
    let when = planHorizonPhrase
    var out: [HeroFigure] = []
    func plan(_ f: Figure, _ singular: String) -> (Int?, String?) {
      f.changes ? (f.plan, "\(Words.count(f.plan, singular)) \(when)") : (nil, nil)
    }
    let distros = Set(clusters.compactMap(\.distro))
    let distro = distros.count == 1 ? distros.first.map(Words.product).map { $0 + " " } ?? "" : ""
    var clusterLabel = "\(distro)\(Words.noun(s.clusters.today, "cluster")) today"
    if !s.clusterNames.isEmpty { clusterLabel += " — " + Words.dots(s.clusterNames) }
    let planned = s.plannedClusterNames
    let plannedPlace = plannedWhere(planned)
    out.append(
      HeroFigure(
        key: "clusters", today: s.clusters.today, label: clusterLabel, plan: s.clusters.changes ? s.clusters.plan : nil,
        planText: planned.isEmpty
          ? nil
          : "\(Words.ordinal(s.clusters.today + 1))\(planned.count > 1 ? "–\(Words.ordinal(s.clusters.plan))" : "") "
            // "4th planned for the secondary AZ", as the seed says; by name when they wait on no one site.
            + (plannedPlace.isEmpty ? "planned: \(Words.dots(planned))" : "planned" + plannedPlace)))
    // Several sites live today: how many, by name (one live site says nothing a banner does not).
    let live = sites.filter { $0.status == .live }
    if live.count > 1 {
      let more = sites.count - live.count
      out.append(
        HeroFigure(
          key: "sites", today: live.count,
          label: Words.noun(live.count, "site") + " — " + Words.dots(live.map { $0.title ?? $0.name }),
          plan: more > 0 ? sites.count : nil, planText: more > 0 ? "\(Words.count(sites.count, "site")) \(when)" : nil))
    }
    let (np, nt) = plan(s.nodes, "node")
    out.append(
      HeroFigure(
        key: "nodes", today: s.nodes.today, label: "Kubernetes \(Words.noun(s.nodes.today, "node")) today", plan: np,
        planText: nt))
    if let tierName = s.focalTier, let tier = tiers[named: tierName] {
      let models = s.focalModels.isEmpty ? "machines" : s.focalModels.joined(separator: " / ")
      let runsClusters = clusters(at: .today).filter { c in
        c.nodes.contains { machine(named: $0.name)?.tier == tierName }
      }.map(\.name)
      let focal = machines.filter { $0.tier == tierName && runs(machine: $0.name, at: .today) }
      // Cluster nodes straight on the metal, one model: "3 bare-metal HP EliteDesks running prod", as the seed says.
      let bareMetal =
        !runsClusters.isEmpty && !focal.isEmpty && s.focalModels.count == 1
        && focal.allSatisfy { m in
          m.kind == .physical && clusters.contains { c in c.nodes.contains { $0.name == m.name } }
        }
      var label: String
      if bareMetal {
        // A model name ending in a letter takes an s ("EliteDesks"); "NUC 12" stays as it is.
        let plural = models.last?.isLetter == true ? models + "s" : models
        label = "bare-metal \(Words.noun(s.focalMachines.today, models, plural)) running " + Words.dots(runsClusters)
      } else {
        label = "\(models) \(Words.noun(s.focalMachines.today, "machine")) in \((tier.title ?? tier.name).lowercased())"
        if !runsClusters.isEmpty { label += ", running " + Words.dots(runsClusters) }
      }
      let more = s.focalMachines.plan - s.focalMachines.today
      out.append(
        HeroFigure(
          key: "focal-machines", today: s.focalMachines.today, label: label,
          plan: more > 0 ? s.focalMachines.plan : nil, planText: more > 0 ? "+\(more) more planned \(when)" : nil))
    }
    for v in s.vipServices {
      let (p, t) = plan(v.instances, "instance")
      out.append(
        HeroFigure(
          key: "vip-\(v.service)", today: v.instances.today,
          label: "\(v.title) \(Words.noun(v.instances.today, "instance")) behind a VIP",
          plan: p, planText: t))
    }
    if let roster {
      out.append(
        HeroFigure(
          key: "hosts", today: roster.hostCount, label: "Ansible-managed \(Words.noun(roster.hostCount, "host"))",
          plan: nil, planText: nil))
    }
    let (vp, vt) = plan(s.vlans, "VLAN")
    out.append(
      HeroFigure(
        key: "vlans", today: s.vlans.today,
        label: Words.noun(s.vlans.today, "VLAN") + (s.vlanNames.isEmpty ? "" : " — " + Words.dots(s.vlanNames)),
        plan: vp, planText: vt))
    return out
  }
}
