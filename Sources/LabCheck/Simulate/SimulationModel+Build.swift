import LabModel

extension SimulationModel {
  /// Compiles the lab at a horizon, with the model's own queries deciding what runs.
  init(_ lab: Lab, horizon: Horizon) {
    labName = lab.meta.name
    self.horizon = horizon
    for (i, s) in lab.sites.enumerated() {
      siteNames.append(s.name)
      siteIndex[s.name] = i
      siteIncluded.append(horizon.includes(s.status))
    }
    siteMachines = Array(repeating: [], count: siteNames.count)
    for link in lab.links where link.between.count == 2 {
      guard let a = siteIndex[link.between[0]], let b = siteIndex[link.between[1]] else { continue }
      links.append((link.name, a, b, horizon.includes(link.status) && siteIncluded[a] && siteIncluded[b]))
    }
    for (i, m) in lab.machines.enumerated() where machineIndex[m.name] == nil {
      machineIndex[m.name] = i
    }
    machineNames = lab.machines.map(\.name)
    machineRuns = lab.machines.map { lab.runs(machine: $0.name, at: horizon) }
    guests = Array(repeating: [], count: machineNames.count)
    machineUsers = Array(repeating: [], count: machineNames.count)
    for (i, m) in lab.machines.enumerated() {
      if let h = m.runsOn, let hi = machineIndex[h], hi != i { guests[hi].append(i) }
      if let s = m.site, let si = siteIndex[s] { siteMachines[si].append(i) }
    }
    machineSite = lab.machines.indices.map { i in
      var current = i
      var seen = Set<Int>()
      while seen.insert(current).inserted {
        let m = lab.machines[current]
        if let s = m.site, let si = siteIndex[s] { return si }
        guard let h = m.runsOn, let hi = machineIndex[h] else { break }
        current = hi
      }
      return -1
    }
    addItems(lab)
    order()
  }

  private mutating func add(_ item: SimItem) {
    itemIndex[ItemRef(kind: item.kind, name: item.name)] = items.count
    items.append(item)
  }

  private mutating func addItems(_ lab: Lab) {
    for c in lab.clusters {
      var item = SimItem(kind: .cluster, name: c.name, present: lab.runs(cluster: c.name, at: horizon))
      let site = c.site.flatMap { siteIndex[$0] } ?? -1
      item.nodes = lab.nodes(of: c, at: horizon).map {
        NodeRef(name: $0.name, machine: machineIndex[$0.name] ?? -1, site: site, voter: $0.role == .controlplane)
      }
      add(item)
    }
    for s in lab.services {
      var item = SimItem(kind: .service, name: s.name, present: horizon.includes(s.status))
      item.ha = s.haKind
      item.selfHealing = s.haKind == .selfHeal || s.haKind == .split
      let perCluster = horizon == .plan ? (s.plannedReplicas ?? s.replicas ?? 1) : (s.replicas ?? 1)
      place(&item, on: s.runsOn, perCluster: perCluster)
      add(item)
    }
    var tunnels = Set(lab.firewall.ingress.filter { $0.kind == .tunnel }.compactMap(\.service))
    for s in lab.services where s.exposes == "tunnel" { tunnels.insert(s.name) }
    for name in tunnels { if let i = itemIndex[ItemRef(kind: .service, name: name)] { items[i].tunnel = true } }
    dns = lab.services.first { $0.exposes == "dns" && horizon.includes($0.status) }
      .flatMap { itemIndex[ItemRef(kind: .service, name: $0.name)] }
    for s in lab.services {
      guard let i = itemIndex[ItemRef(kind: .service, name: s.name)] else { continue }
      items[i].deps = s.dependsOn.compactMap { itemIndex[ItemRef(kind: .service, name: $0)] }
        .filter { items[$0].present && $0 != i }.map { Dependency(item: $0, dns: false) }
    }
    addDNSDependencies()
    for a in lab.apps {
      var item = SimItem(kind: .app, name: a.name, present: horizon.includes(a.status))
      item.selfHealing = true
      place(&item, on: (a.cluster.map { [$0] } ?? []) + a.runsOn.filter { $0 != a.cluster }, perCluster: 1)
      add(item)
    }
    for (n, ingress) in lab.firewall.ingress.enumerated() {
      switch ingress.kind {
      case .tunnel:
        guard let s = ingress.service, let si = itemIndex[ItemRef(kind: .service, name: s)] else { continue }
        var item = SimItem(kind: .ingress, name: ingress.name ?? s, present: items[si].present)
        item.tunnel = true
        item.deps = [Dependency(item: si, dns: false)]
        add(item)
      case .portForward:
        let name = ingress.name ?? "port-forward:" + (ingress.to.isEmpty ? "\(n)" : ingress.to.joined(separator: ","))
        var item = SimItem(kind: .ingress, name: name, present: true)
        place(&item, on: ingress.to, perCluster: 1)
        add(item)
      }
    }
  }

  /// Places an item on machines and clusters; instances count as `Lab.instances(of:at:)` counts them.
  private func place(_ item: inout SimItem, on targets: [String], perCluster: Int) {
    guard item.present else { return }
    for t in targets {
      if let m = machineIndex[t] {
        item.placements.append(.machine(m))
        item.baseline.append(machineRuns[m] ? 1 : 0)
      } else if let c = itemIndex[ItemRef(kind: .cluster, name: t)] {
        item.placements.append(.cluster(c, replicas: perCluster))
        item.baseline.append(items[c].present ? perCluster : 0)
      }
    }
    item.total = item.baseline.reduce(0, +)
  }

  /// Names resolve through the DNS service (`exposes: dns`): a service that reaches another by
  /// `depends_on` also needs DNS, unless that would make DNS depend on itself.
  private mutating func addDNSDependencies() {
    guard let d = dns else { return }
    var upstream = Set<Int>()
    var stack = [d]
    while let i = stack.popLast() {
      if upstream.insert(i).inserted { stack += items[i].deps.map(\.item) }
    }
    for i in items.indices where items[i].kind == .service && items[i].present && !items[i].deps.isEmpty {
      guard !upstream.contains(i), !items[i].deps.contains(where: { $0.item == d }) else { continue }
      items[i].deps.append(Dependency(item: d, dns: true))
    }
  }

  /// Reverse edges and evaluation levels; a dependency cycle is cut where it closes.
  private mutating func order() {
    users = Array(repeating: [], count: items.count)
    for (i, item) in items.enumerated() {
      for n in item.nodes where n.machine >= 0 { machineUsers[n.machine].append(i) }
      for p in item.placements {
        switch p {
        case .machine(let m): machineUsers[m].append(i)
        case .cluster(let c, _): users[c].append(i)
        }
      }
      for dep in item.deps { users[dep.item].append(i) }
    }
    level = Array(repeating: -1, count: items.count)
    var onStack = Array(repeating: false, count: items.count)
    for root in items.indices where level[root] < 0 {
      var stack: [(Int, Int)] = [(root, 0)]
      onStack[root] = true
      while let (i, next) = stack.last {
        let inputs = inputs(of: i)
        if next < inputs.count {
          stack[stack.count - 1].1 += 1
          let j = inputs[next]
          if level[j] < 0 && !onStack[j] {
            onStack[j] = true
            stack.append((j, 0))
          }
        } else {
          level[i] = inputs.filter { level[$0] >= 0 }.map { level[$0] + 1 }.max() ?? 0
          onStack[i] = false
          stack.removeLast()
        }
      }
    }
    levels = (level.max() ?? -1) + 1
  }

  /// The items an item reads: clusters it is placed on and its dependencies.
  func inputs(of i: Int) -> [Int] {
    let item = items[i]
    var out = item.deps.map(\.item)
    for p in item.placements { if case .cluster(let c, _) = p { out.append(c) } }
    return out
  }
}
