import LabModel

/// The inventory as `ansible-inventory` prints it.
extension Inventory {
  /// What `ansible-inventory --list` prints: groups with `hosts`/`children`, `_meta.hostvars`.
  public var ansibleList: JSONValue {
    let byName = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var out: [String: JSONValue] = [:]
    var seen = Set<String>()
    func format(_ group: InventoryGroup) {
      var entry: [String: JSONValue] = [:]
      if group.name != "all", !group.hosts.isEmpty { entry["hosts"] = .array(group.hosts.map(JSONValue.string)) }
      if !group.children.isEmpty { entry["children"] = .array(group.children.map(JSONValue.string)) }
      if !entry.isEmpty { out[group.name] = .object(entry) }
      for child in group.children where seen.insert(child).inserted {
        if let g = byName[child] { format(g) }
      }
    }
    if let all = byName["all"] { format(all) }
    out["_meta"] = .object([
      "hostvars": .object(hostvars.mapValues { .object($0) }),
      "profile": .string("inventory_legacy"),
    ])
    return .object(out)
  }

  /// What `ansible-inventory --graph` prints: the group tree from `all`, hosts under each group.
  public var ansibleGraph: String {
    let byName = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var lines: [String] = []
    func name(_ text: String, _ depth: Int) -> String {
      depth == 0 ? text : String(repeating: "  |", count: depth) + "--" + text
    }
    func graph(_ group: InventoryGroup, _ depth: Int) {
      lines.append(name("@\(group.name):", depth))
      for child in group.children {
        if let g = byName[child] { graph(g, depth + 1) }
      }
      if group.name != "all" {
        for host in group.hosts { lines.append(name(host, depth + 1)) }
      }
    }
    if let all = byName["all"] { graph(all, 0) }
    return lines.joined(separator: "\n")
  }
}
