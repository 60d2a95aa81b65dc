import LabModel

/// The roster: the inventory's groups with their descriptions and hosts.
struct Roster: Sendable, Hashable, Encodable {
  struct Group: Sendable, Hashable, Encodable {
    var name: String
    var title: String
    var text: String?
    /// Every host in the group, its children's included, sorted.
    var hosts: [String]
  }

  /// Distinct hosts across the inventory.
  var hostCount: Int
  var groups: [Group]
  /// The inventory file, relative to the lab.
  var source: String
}

extension Lab {
  /// The roster computed from the inventory and `roster:` descriptions; nil without an inventory.
  ///
  /// Kept in one small function so it can be swapped for LabModel's roster view when that lands.
  var rosterView: Roster? {
    guard let inventory else { return nil }
    let skip: Set<String> = ["all", "ungrouped"]
    func hosts(of name: String, seen: inout Set<String>) -> Set<String> {
      guard seen.insert(name).inserted, let g = inventory.group(name) else { return [] }
      var out = Set(g.hosts)
      for child in g.children { out.formUnion(hosts(of: child, seen: &seen)) }
      return out
    }
    var groups: [Roster.Group] = []
    for g in inventory.groups where !skip.contains(g.name) {
      var seen = Set<String>()
      let members = hosts(of: g.name, seen: &seen).sorted()
      guard !members.isEmpty else { continue }
      let entry = roster[named: g.name]
      groups.append(Roster.Group(name: g.name, title: entry?.title ?? g.name, text: entry?.text, hosts: members))
    }
    if let ungrouped = inventory.group("ungrouped"), !ungrouped.hosts.isEmpty {
      groups.append(Roster.Group(name: "ungrouped", title: "Ungrouped", text: nil, hosts: ungrouped.hosts.sorted()))
    }
    groups.sort { $0.name < $1.name }
    return Roster(hostCount: inventory.hosts.count, groups: groups, source: meta.inventory ?? inventory.source)
  }
}
