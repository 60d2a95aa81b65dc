import LabIO
import LabModel

/// Ansible's `toml` inventory plugin (`plugins/inventory/toml.py`): top-level tables are
/// groups, each with `hosts` (a table of host patterns to their variables), `children` (an
/// array of group names) and `vars` (a table); anything else at the top is skipped with a
/// warning, as Ansible skips it.
struct TOMLInventoryPlugin: InventoryPluginFile {
  let file: String
  var warnings: [Diagnostic] = []

  init(file: String) { self.file = file }

  mutating func parse(_ root: YNode, into data: inout InventoryData) throws(InventoryError) {
    guard let pairs = root.pairs, !pairs.isEmpty else {
      throw InventoryError("Parsed empty TOML file", file: file)
    }
    if let plugin = pairs.first(where: { $0.key.string == "plugin" }), plugin.value.isTruthy {
      throw error(
        "Plugin configuration TOML file, not TOML inventory (labctl reads static inventories only)", plugin.key)
    }
    for (key, value) in pairs { try parseGroup(key, value, into: &data) }
  }

  /// `_parse_group`: `node` nil for a group named in `children`.
  mutating func parseGroup(_ keyNode: YNode, _ node: YNode?, into data: inout InventoryData) throws(InventoryError) {
    if let node, node.pairs == nil {
      warn("Skipping '\(keyNode.string ?? "")' as this is not a valid group definition", keyNode)
      return
    }
    guard let name = keyNode.string, keyNode.quoted else {
      let text = Self.pythonText(keyNode)
      guard keyNode.isTruthy else { throw error("Invalid empty/false group name provided: \(text)", keyNode) }
      throw error(
        "Invalid group name supplied, expected a string but got \(Self.pythonClass(keyNode)) for \(text)", keyNode)
    }
    guard !name.isEmpty else { throw error("Invalid empty/false group name provided: ", keyNode) }
    _ = data.addGroup(name, at: location(keyNode))
    for (sectionKey, section) in node?.pairs ?? [] {
      let key = sectionKey.string ?? ""
      switch key {
      case "vars":
        guard let entries = section.pairs else { throw invalid("vars", name, "dict", section) }
        for (k, v) in entries {
          do { try data.setVariable(name, k.string ?? "", v.json) } catch { throw self.error(error.text, k) }
        }
      case "children":
        guard case .sequence(let children) = section.kind else { throw invalid("children", name, "list", section) }
        for child in children {
          try parseGroup(child, nil, into: &data)
          do { try data.addChild(name, child.string ?? "") } catch { throw self.error(error.text, child) }
        }
      case "hosts":
        guard let entries = section.pairs else { throw invalid("hosts", name, "dict", section) }
        for (k, v) in entries { try addHosts(k, v, group: name, into: &data) }
      default:
        warn(
          "Skipping unexpected key \"\(key)\" in group \"\(name)\", only \"vars\", \"children\" and \"hosts\" are valid",
          sectionKey)
      }
    }
  }

  /// One entry of `hosts`: a host pattern and the table of its variables.
  mutating func addHosts(_ k: YNode, _ v: YNode, group: String, into data: inout InventoryData) throws(InventoryError) {
    let pattern = k.string ?? ""
    let expanded: (hosts: [String], port: Int?)
    do {
      expanded = try HostPattern.expand(pattern)
      try data.countExpanded(expanded.hosts.count)
    } catch { throw self.error(error.text, k) }
    guard let vars = v.pairs else {
      throw self.error("Invalid data from file, expected dictionary and got:\n\n\(Self.pythonText(v))", v)
    }
    let g = data.groupIndex[group]
    for host in expanded.hosts {
      guard !host.isEmpty else { throw self.error("Invalid empty host name provided: ", k) }
      _ = data.addHost(host, group: g, port: expanded.port, at: location(k))
      for (vk, vv) in vars {
        do { try data.setVariable(host, vk.string ?? "", vv.json) } catch { throw self.error(error.text, vk) }
      }
    }
  }

  func invalid(_ section: String, _ group: String, _ expected: String, _ node: YNode) -> InventoryError {
    error(
      "Invalid \"\(section)\" entry for \"\(group)\" group, requires a \(expected), found "
        + "\"\(Self.pythonClass(node))\" instead.", node)
  }

  /// `type(value)` as Python prints it; TOML dates and times are the scalars not quoted.
  static func pythonClass(_ node: YNode) -> String {
    if case .scalar(.string(let s)) = node.kind, !node.quoted {
      return !s.contains("-")
        ? "<class 'datetime.time'>" : s.contains("T") ? "<class 'datetime.datetime'>" : "<class 'datetime.date'>"
    }
    return "<class '\(node.pythonType)'>"
  }

  /// `str(value)`, near enough for a message.
  static func pythonText(_ node: YNode) -> String {
    switch node.kind {
    case .scalar(.bool(let b)): return b ? "True" : "False"
    case .scalar(.string(let s)) where !node.quoted: return String(s.map { $0 == "T" ? " " : $0 })
    case .scalar(let v): return PythonJSON.keyText(v)
    case .sequence(let items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
    case .mapping(let pairs):
      return "{" + pairs.map { pythonRepr($0.key) + ": " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
    }
  }

  static func pythonRepr(_ node: YNode) -> String {
    if node.quoted, let s = node.string { return "'" + s + "'" }
    return pythonText(node)
  }
}
