/// Name → position in one of the lab's keyed collections, for constant-time lookup.
///
/// The first declaration of a name wins, as with `subscript(named:)`.
struct NameIndex: Sendable {
  private var positions: [String: Int] = [:]

  init() {}

  init(_ items: [some Named]) {
    positions.reserveCapacity(items.count)
    for (i, item) in items.enumerated() where positions[item.name] == nil { positions[item.name] = i }
  }

  /// The element named `name` in `items`, the array this index was built from.
  func lookup<T: Named>(_ name: String, in items: [T]) -> T? {
    guard let i = positions[name], i < items.count, items[i].name == name else { return nil }
    return items[i]
  }
}

/// The name indexes of a lab; each is rebuilt when its collection is assigned or mutated.
struct LabIndex: Sendable {
  var sites = NameIndex()
  var machines = NameIndex()
  var clusters = NameIndex()
  var vlans = NameIndex()
  var services = NameIndex()
  var apps = NameIndex()

  init() {}

  init(_ lab: Lab) {
    sites = NameIndex(lab.sites)
    machines = NameIndex(lab.machines)
    clusters = NameIndex(lab.clusters)
    vlans = NameIndex(lab.vlans)
    services = NameIndex(lab.services)
    apps = NameIndex(lab.apps)
  }
}

/// Lookup by name in constant time; use these on a lab rather than `lab.machines[named:]`, a linear search.
extension Lab {
  /// The site with this name, if declared.
  public func site(named name: String) -> Site? { index.sites.lookup(name, in: sites) }
  /// The machine with this name, if declared.
  public func machine(named name: String) -> Machine? { index.machines.lookup(name, in: machines) }
  /// The cluster with this name, if declared.
  public func cluster(named name: String) -> Cluster? { index.clusters.lookup(name, in: clusters) }
  /// The VLAN with this name, if declared.
  public func vlan(named name: String) -> VLAN? { index.vlans.lookup(name, in: vlans) }
  /// The service with this name, if declared.
  public func service(named name: String) -> Service? { index.services.lookup(name, in: services) }
  /// The app with this name, if declared.
  public func app(named name: String) -> App? { index.apps.lookup(name, in: apps) }
}
