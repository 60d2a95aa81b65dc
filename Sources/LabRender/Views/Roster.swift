import LabModel

/// The host roster, "generated from the homelab's inventory": the inventory's groups with their
/// descriptions from `lab.yaml`'s `roster:`, and how many distinct hosts. The one roster type:
/// the page, the JSON view and the facts all read it.
public struct Roster: Sendable, Hashable, Encodable {
  /// One group: an inventory group, its description, its hosts.
  public struct Group: Sendable, Hashable, Encodable, Named {
    /// The inventory group's name, e.g. `dns`.
    public var name: String
    /// The heading from `roster:`, e.g. "DNS node"; the group's name when `roster:` gives none.
    public var title: String
    /// The description from `roster:`.
    public var text: String?
    /// Every host in the group, its child groups' included, sorted by name.
    public var hosts: [String]
  }

  /// Distinct hosts in the whole inventory (a host in two groups counts once).
  public var hostCount: Int
  public var groups: [Group]
  /// The inventory file, relative to the lab.
  public var source: String
}

extension Lab {
  /// The roster computed from the inventory: the groups `roster:` describes, in that order (or, with
  /// no `roster:`, every group but `all` and `ungrouped`, in the inventory's order). A host in several
  /// groups is listed under each. Empty without an inventory.
  public func rosterView() -> Roster {
    guard let inventory else { return Roster(hostCount: 0, groups: [], source: meta.inventory ?? "") }
    let names =
      roster.isEmpty
      ? inventory.groups.names.filter { $0 != "all" && $0 != "ungrouped" }
      : roster.names.filter { inventory.group($0) != nil }
    let groups = names.map { name in
      Roster.Group(
        name: name, title: roster[named: name]?.title ?? name, text: roster[named: name]?.text,
        hosts: inventory.allHosts(in: name).sorted())
    }
    return Roster(hostCount: inventory.hosts.count, groups: groups, source: meta.inventory ?? inventory.source)
  }

  /// The roster for the page; nil without an inventory.
  var rosterPage: Roster? { inventory == nil ? nil : rosterView() }
}
