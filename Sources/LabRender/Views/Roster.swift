import LabModel

/// The roster as the page and the JSON view show it: LabModel's roster view, present only
/// when the lab has an inventory, each group titled (by its name when `roster:` gives none).
struct RosterPage: Sendable, Hashable, Encodable {
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
  /// The roster for the page; nil without an inventory.
  var rosterPage: RosterPage? {
    guard inventory != nil else { return nil }
    let roster = rosterView()
    return RosterPage(
      hostCount: roster.hostCount,
      groups: roster.groups.map { .init(name: $0.name, title: $0.title ?? $0.name, text: $0.text, hosts: $0.hosts) },
      source: meta.inventory ?? roster.source ?? "")
  }
}
