/// An Ansible inventory, as `ansible-inventory --list` sees it.
public struct Inventory: Sendable, Hashable {
  /// Groups in the order Ansible lists them, `all` and `ungrouped` included.
  public var groups: [InventoryGroup]
  /// Each host's merged variables, keyed by host name.
  public var hostvars: [String: [String: JSONValue]]
  /// The file the inventory came from.
  public var source: String

  public init(groups: [InventoryGroup], hostvars: [String: [String: JSONValue]], source: String) {
    self.groups = groups
    self.hostvars = hostvars
    self.source = source
  }

  /// Distinct host names, in first-seen order.
  public var hosts: [String] {
    var seen = Set<String>()
    var out: [String] = []
    for group in groups {
      for host in group.hosts where seen.insert(host).inserted { out.append(host) }
    }
    return out
  }

  /// The group with this name.
  public func group(_ name: String) -> InventoryGroup? { groups.first { $0.name == name } }

  /// Every host under a group, its descendants' included, in Ansible's order (`get_hosts`).
  public func allHosts(in groupName: String) -> [String] {
    let byName = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    guard let start = byName[groupName] else { return [] }
    var ordered = [start]
    var seenGroups: Set<String> = [start.name]
    var frontier = [start]
    while !frontier.isEmpty {
      var next: [InventoryGroup] = []
      for g in frontier {
        for c in g.children where seenGroups.insert(c).inserted {
          if let cg = byName[c] {
            ordered.append(cg)
            next.append(cg)
          }
        }
      }
      frontier = next
    }
    var seen = Set<String>()
    var out: [String] = []
    for g in ordered {
      for h in g.hosts where seen.insert(h).inserted { out.append(h) }
    }
    return out
  }
}

/// One inventory group: its direct hosts, child groups and variables.
public struct InventoryGroup: Sendable, Hashable, Named {
  public var name: String
  /// Hosts listed directly in this group.
  public var hosts: [String]
  public var children: [String]
  public var vars: [String: JSONValue]
  /// Where the group was declared.
  public var location: SourceLocation?

  public init(
    name: String, hosts: [String] = [], children: [String] = [], vars: [String: JSONValue] = [:],
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.hosts = hosts
    self.children = children
    self.vars = vars
    self.location = location
  }
}
