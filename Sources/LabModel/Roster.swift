/// One group of the roster: an inventory group, its description from `lab.yaml`, its hosts.
public struct RosterGroup: Sendable, Hashable, Named {
  /// The inventory group's name, e.g. `dns`.
  public var name: String
  /// The heading from `lab.yaml`'s `roster:`, e.g. "DNS node".
  public var title: String?
  /// The description from `lab.yaml`'s `roster:`.
  public var text: String?
  /// The group's hosts, its child groups' included, sorted by name.
  public var hosts: [String]

  public init(name: String, title: String? = nil, text: String? = nil, hosts: [String]) {
    self.name = name
    self.title = title
    self.text = text
    self.hosts = hosts
  }
}

/// The host roster: the inventory's groups with their descriptions, and how many distinct hosts.
public struct Roster: Sendable, Hashable {
  public var groups: [RosterGroup]
  /// Distinct hosts in the whole inventory (a host in two groups counts once).
  public var hostCount: Int
  /// The inventory file the roster was generated from.
  public var source: String?

  public init(groups: [RosterGroup], hostCount: Int, source: String?) {
    self.groups = groups
    self.hostCount = hostCount
    self.source = source
  }
}

extension Lab {
  /// The roster computed from the inventory: the groups `lab.yaml`'s `roster:` describes, in
  /// that order (or, with no `roster:`, every group but `all` and `ungrouped`, in the
  /// inventory's order). A host in several groups is listed under each.
  public func rosterView() -> Roster {
    guard let inventory else { return Roster(groups: [], hostCount: 0, source: nil) }
    let names =
      roster.isEmpty
      ? inventory.groups.names.filter { $0 != "all" && $0 != "ungrouped" }
      : roster.names.filter { inventory.group($0) != nil }
    let groups = names.map { name in
      RosterGroup(
        name: name, title: roster[named: name]?.title, text: roster[named: name]?.text,
        hosts: inventory.allHosts(in: name).sorted())
    }
    return Roster(groups: groups, hostCount: inventory.hosts.count, source: inventory.source)
  }
}
