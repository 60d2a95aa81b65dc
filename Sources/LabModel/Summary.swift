/// A figure shown today and once the plan lands.
public struct Figure: Sendable, Hashable, Codable {
  public var today: Int
  public var plan: Int

  public init(today: Int, plan: Int) {
    self.today = today
    self.plan = plan
  }

  /// True when the plan changes the figure.
  public var changes: Bool { today != plan }
}

/// The hero figures, computed from the model.
public struct Summary: Sendable, Hashable, Codable {
  public var clusters: Figure
  public var clusterNames: [String]
  public var plannedClusterNames: [String]
  public var nodes: Figure
  public var focalTier: String?
  public var focalMachines: Figure
  public var focalModels: [String]
  public var vipServices: [VIPFigure]
  public var inventoryHosts: Int?
  public var vlans: Figure
  public var vlanNames: [String]
  public var machines: Figure

  /// A service behind a VIP and how many instances carry it.
  public struct VIPFigure: Sendable, Hashable, Codable {
    public var service: String
    public var title: String
    public var instances: Figure
  }
}

extension Lab {
  /// The lab's hero figures, today and with the plan.
  public var summary: Summary {
    let focal = focalTier
    let focalMachines = machines.filter { focal != nil && $0.tier == focal?.name }
    func count<T>(_ items: [T], _ today: (T) -> Bool) -> Figure {
      Figure(today: items.filter(today).count, plan: items.count)
    }
    let vips = services.filter { $0.haKind == .vip }.map {
      Summary.VIPFigure(
        service: $0.name, title: $0.displayName,
        instances: Figure(today: instances(of: $0, at: .today), plan: instances(of: $0, at: .plan)))
    }
    return Summary(
      clusters: count(clusters) { runs(cluster: $0.name, at: .today) },
      clusterNames: clusters(at: .today).map(\.name),
      plannedClusterNames: clusters.filter { !runs(cluster: $0.name, at: .today) }.map(\.name),
      nodes: Figure(
        today: clusters.reduce(0) { $0 + nodes(of: $1, at: .today).count },
        plan: clusters.reduce(0) { $0 + nodes(of: $1, at: .plan).count }),
      focalTier: focal?.name,
      focalMachines: count(focalMachines) { runs($0, at: .today) },
      focalModels: Array(Set(focalMachines.compactMap(\.model))).sorted(),
      vipServices: vips,
      inventoryHosts: inventory?.hosts.count,
      vlans: count(vlans) { $0.status.isToday },
      vlanNames: vlans.map { $0.short ?? $0.name },
      machines: count(machines) { runs($0, at: .today) }
    )
  }
}
