import LabModel

extension Lab {
  /// Today against the plan: what the plan adds and changes, the figures it moves, and what it fixes.
  public var planReport: PlanReport {
    let today = singleFailures(at: .today)
    let plan = singleFailures(at: .plan)
    return PlanReport(
      lab: meta.name, changes: planChanges, figures: planFigures,
      singlePoints: PlanReport.Fixes(today: today.outages, plan: plan.outages),
      singleAZ: PlanReport.Fixes(today: today.singleSite, plan: plan.singleSite))
  }

  /// Every difference between the lab today and the lab with the plan, in declaration order.
  var planChanges: [PlanReport.Change] {
    var out: [PlanReport.Change] = []
    for s in sites {
      switch (Horizon.today.includes(s.status), s.status) {
      case (false, .planned): out.append(.init(.add, "site", s.name, detail: s.title))
      case (false, _): out.append(.init(.change, "site", s.name, before: s.status.rawValue, after: "live"))
      default: break
      }
    }
    for l in links where !carries(l, at: .today) && carries(l, at: .plan) {
      out.append(
        l.status == .planned
          ? .init(.add, "link", l.name, detail: l.via)
          : .init(.change, "link", l.name, before: "idle (a site on it is not live)", after: "live"))
    }
    for m in machines {
      switch (runs(machine: m.name, at: .today), runs(machine: m.name, at: .plan)) {
      case (false, true):
        let what = [m.model, m.tier, m.site ?? m.runsOn.map { "on \($0)" }].compactMap { $0 }.joined(separator: " · ")
        out.append(
          m.status == .planned
            ? .init(.add, "machine", m.name, detail: what)
            : .init(.change, "machine", m.name, before: "not running", after: "running"))
      case (true, false): out.append(.init(.remove, "machine", m.name))
      default: break
      }
    }
    for c in clusters { if let change = clusterChange(c) { out.append(change) } }
    for s in services { if let change = serviceChange(s) { out.append(change) } }
    for a in apps where !Horizon.today.includes(a.status) {
      out.append(.init(.add, "app", a.name, detail: a.title))
    }
    for v in vlans where !v.status.isToday {
      out.append(
        .init(.add, "vlan", v.name, detail: [v.title, "id \(v.id)"].compactMap { $0 }.joined(separator: " · ")))
    }
    return out
  }

  private func carries(_ link: SiteLink, at horizon: Horizon) -> Bool {
    horizon.includes(link.status)
      && link.between.allSatisfy { s in site(named: s).map { horizon.includes($0.status) } ?? false }
  }

  private func clusterChange(_ c: Cluster) -> PlanReport.Change? {
    let before = nodes(of: c, at: .today)
    let after = nodes(of: c, at: .plan)
    let added = after.filter { n in !before.contains { $0.name == n.name } }
    let removed = before.filter { n in !after.contains { $0.name == n.name } }
    let children =
      added.map { PlanReport.Change(.add, "node", $0.name, detail: $0.role.rawValue) }
      + removed.map { PlanReport.Change(.remove, "node", $0.name, detail: $0.role.rawValue) }
    let voters = after.filter { $0.role == .controlplane }.count
    switch (runs(cluster: c.name, at: .today), runs(cluster: c.name, at: .plan)) {
    case (false, true):
      let what = [c.distro, c.site, "etcd \(voters) voters, tolerates \(max(0, (voters - 1) / 2))"]
        .compactMap { $0 }.joined(separator: " · ")
      return .init(.add, "cluster", c.name, detail: what, children: children)
    case (true, false): return .init(.remove, "cluster", c.name)
    case (true, true) where !children.isEmpty:
      return .init(
        .change, "cluster", c.name, before: "\(before.count) nodes", after: "\(after.count) nodes", children: children)
    default: return nil
    }
  }

  private func serviceChange(_ s: Service) -> PlanReport.Change? {
    let before = instances(of: s, at: .today)
    let after = instances(of: s, at: .plan)
    var children: [PlanReport.Change] = []
    for t in s.runsOn {
      if machine(named: t) != nil {
        switch (runs(machine: t, at: .today), runs(machine: t, at: .plan)) {
        case (false, true): children.append(.init(.add, "replicas", t, detail: "1 instance"))
        case (true, false): children.append(.init(.remove, "replicas", t, detail: "1 instance"))
        default: break
        }
      } else if cluster(named: t) != nil {
        let r0 = runs(cluster: t, at: .today) ? (s.replicas ?? 1) : 0
        let r1 = runs(cluster: t, at: .plan) ? (s.plannedReplicas ?? s.replicas ?? 1) : 0
        if r0 == 0 && r1 > 0 {
          children.append(.init(.add, "replicas", t, detail: "\(r1) replica\(r1 == 1 ? "" : "s")"))
        } else if r0 != r1 {
          children.append(.init(r1 == 0 ? .remove : .change, "replicas", t, before: "\(r0)", after: "\(r1)"))
        }
      }
    }
    switch (Horizon.today.includes(s.status), before, after) {
    case (false, _, _): return .init(.add, "service", s.name, detail: instanceCount(after), children: children)
    case (true, let b, let a) where b != a || !children.isEmpty:
      return .init(
        a < b && a == 0 ? .remove : .change, "service", s.name, before: instanceCount(b), after: instanceCount(a),
        children: children)
    default: return nil
    }
  }

  private func instanceCount(_ n: Int) -> String { "\(n) instance\(n == 1 ? "" : "s")" }

  /// The hero figures the plan moves.
  var planFigures: [PlanReport.FigureChange] {
    let s = summary
    var figures: [(String, Figure)] = [
      ("clusters", s.clusters), ("Kubernetes nodes", s.nodes), ("machines", s.machines), ("VLANs", s.vlans),
    ]
    if let tier = s.focalTier { figures.insert(("\(tier) machines", s.focalMachines), at: 2) }
    for v in s.vipServices { figures.append(("\(v.service) VIP backends", v.instances)) }
    return figures.filter { $0.1.changes }.map {
      PlanReport.FigureChange(name: $0.0, today: $0.1.today, plan: $0.1.plan)
    }
  }
}
