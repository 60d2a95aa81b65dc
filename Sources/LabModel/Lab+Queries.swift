/// Questions about the model that every view asks the same way.
extension Lab {
  /// True when the machine runs at this horizon: declared so, on a site that is up,
  /// and (for a VM) on a hypervisor that runs.
  public func runs(machine name: String, at horizon: Horizon) -> Bool {
    guard let m = self.machine(named: name) else { return false }
    return runs(m, at: horizon)
  }

  /// `runs(machine:at:)` for a machine already in hand.
  public func runs(_ machine: Machine, at horizon: Horizon) -> Bool {
    // A VM's chain of hosts is short: a set to catch a cycle is kept only past a few steps.
    var m = machine
    var steps = 0
    var visited = Set<String>()
    while true {
      guard horizon.includes(m.status) else { return false }
      if let s = m.site, let site = self.site(named: s), !horizon.includes(site.status) { return false }
      guard let host = m.runsOn else { return true }
      steps += 1
      if steps > 8, !visited.insert(m.name).inserted { return false }
      guard let next = self.machine(named: host) else { return false }
      m = next
    }
  }

  /// True when the cluster exists at this horizon.
  public func runs(cluster name: String, at horizon: Horizon) -> Bool {
    guard let c = self.cluster(named: name), horizon.includes(c.status) else { return false }
    if let s = c.site, let site = self.site(named: s), !horizon.includes(site.status) { return false }
    return true
  }

  /// The cluster's nodes that run at this horizon.
  public func nodes(of cluster: Cluster, at horizon: Horizon) -> [ClusterNode] {
    guard runs(cluster: cluster.name, at: horizon) else { return [] }
    return cluster.nodes.filter { runs(machine: $0.name, at: horizon) || self.machine(named: $0.name) == nil }
  }

  /// Clusters that exist at this horizon.
  public func clusters(at horizon: Horizon) -> [Cluster] {
    clusters.filter { runs(cluster: $0.name, at: horizon) }
  }

  /// Machines that run at this horizon.
  public func machines(at horizon: Horizon) -> [Machine] {
    machines.filter { runs($0, at: horizon) }
  }

  /// The machines a VM host carries, directly.
  public func guests(of host: String) -> [Machine] {
    machines.filter { $0.runsOn == host }
  }

  /// How many instances of the service run at this horizon: one per machine it
  /// runs on, `replicas` per cluster.
  public func instances(of service: Service, at horizon: Horizon) -> Int {
    guard horizon.includes(service.status) else { return 0 }
    let perCluster =
      horizon == .plan ? (service.plannedReplicas ?? service.replicas ?? 1) : (service.replicas ?? 1)
    var count = 0
    var seen = Set<String>()
    for target in service.runsOn where seen.insert(target).inserted {
      if self.machine(named: target) != nil {
        if runs(machine: target, at: horizon) { count += 1 }
      } else if self.cluster(named: target) != nil {
        if runs(cluster: target, at: horizon) { count += perCluster }
      }
    }
    return count
  }

  /// Instances per place: for a service on clusters, replicas per cluster; else the total.
  public func replicasPerPlace(of service: Service, at horizon: Horizon) -> Int {
    let onClusters = service.runsOn.contains { self.cluster(named: $0) != nil }
    if onClusters {
      return horizon == .plan
        ? (service.plannedReplicas ?? service.replicas ?? 1) : (service.replicas ?? 1)
    }
    return instances(of: service, at: horizon)
  }

  /// True when the service is redundant at this horizon (survives one instance lost).
  public func isRedundant(_ service: Service, at horizon: Horizon) -> Bool {
    switch service.haKind {
    case .none: false
    case .split, .selfHeal: true
    case .vip, .quorum, .replicas: replicasPerPlace(of: service, at: horizon) >= 2
    }
  }

  /// The services a name refers to by `depends_on`.
  public func dependencies(of service: Service) -> [Service] {
    service.dependsOn.compactMap { self.service(named: $0) }
  }

  /// The hardware tier marked focal (bare-metal prod), if any.
  public var focalTier: Tier? { tiers.first(where: \.focal) }
}
