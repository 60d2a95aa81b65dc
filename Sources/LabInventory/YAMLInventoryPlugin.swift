import LabIO
import LabModel

/// Ansible's `yaml` inventory plugin: top-level keys are groups, each with `hosts`,
/// `children` and `vars`; host keys are patterns (`web[01:03]`, `db:5432`).
struct YAMLInventoryPlugin: InventoryPluginFile {
  let file: String
  var warnings: [Diagnostic] = []

  init(file: String) { self.file = file }

  mutating func parse(_ root: YNode?, into data: inout InventoryData) throws(InventoryError) {
    guard let root, root.isTruthy else {
      throw InventoryError("Parsed empty YAML file", file: file, line: root?.line ?? 1, column: root?.column ?? 1)
    }
    guard let pairs = root.pairs else {
      throw error(
        "YAML inventory has invalid structure, it should be a dictionary, got: <class '\(root.pythonType)'>", root)
    }
    if let plugin = pairs.first(where: { $0.key.string == "plugin" }), plugin.value.isTruthy {
      throw error(
        "Plugin configuration YAML file, not YAML inventory (labctl reads static inventories only)", plugin.key)
    }
    for (key, value) in pairs { _ = try parseGroup(key, value, into: &data) }
  }

  /// `_parse_group`: returns the group's name (even when its data was skipped).
  mutating func parseGroup(_ keyNode: YNode, _ node: YNode, into data: inout InventoryData) throws(InventoryError)
    -> String
  {
    guard case .scalar(let keyValue) = keyNode.kind else {
      throw error("Unable to add group: group names must be text", keyNode)
    }
    guard case .string(let name) = keyValue else {
      if case .null = keyValue {
        throw error("Unable to add group None: Invalid empty/false group name provided: None", keyNode)
      }
      let text = PythonJSON.keyText(keyValue)
      throw error(
        "Unable to add group \(text): Invalid group name supplied, expected a string but got "
          + "<class '\(keyNode.pythonType)'> for \(text)", keyNode)
    }
    guard node.pairs != nil || node.isNull else {
      warn("Skipping '\(name)' as this is not a valid group definition", keyNode)
      return name
    }
    guard !name.isEmpty else { throw error("Unable to add group : Invalid empty/false group name provided: ", keyNode) }
    _ = data.addGroup(name, at: location(keyNode))
    guard var pairs = node.pairs else { return name }
    // Sections given as a single string are a mapping of that string to nothing.
    for section in ["vars", "children", "hosts"] {
      guard let i = pairs.firstIndex(where: { $0.key.string == section }) else { continue }
      let v = pairs[i].value
      if let s = v.string {
        let key = YNode(.scalar(.string(s)), line: v.line, column: v.column)
        pairs[i].value = YNode(
          .mapping([(key, YNode(.scalar(.null), line: v.line, column: v.column))]), line: v.line, column: v.column)
      } else if v.pairs == nil && !v.isNull {
        throw error(
          "Invalid \"\(section)\" entry for \"\(name)\" group, requires a dictionary, "
            + "found \"<class '\(v.pythonType)'>\" instead.",
          v)
      }
    }
    for (keyNode, value) in pairs {
      let key = keyNode.string ?? PythonJSON.keyText(keyNode.json)
      guard let entries = value.pairs else {
        if !value.isNull {
          warn(
            "Skipping key (\(key)) in group (\(name)) as it is not a mapping, it is a <class '\(value.pythonType)'>",
            keyNode)
        }
        continue
      }
      switch key {
      case "vars":
        for (k, v) in entries {
          do { try data.setVariable(name, k.string ?? PythonJSON.keyText(k.json), v.json) } catch {
            throw self.error(error.text, k)
          }
        }
      case "children":
        for (k, v) in entries {
          let child = try parseGroup(k, v, into: &data)
          do { try data.addChild(name, child) } catch { throw self.error(error.text, k) }
        }
      case "hosts":
        for (k, v) in entries {
          guard let pattern = k.string else {
            throw self.error(
              "Host pattern \(PythonJSON.keyText(k.json)) must be a string. "
                + "Enclose integers/floats in quotation marks.",
              k)
          }
          let expanded: (hosts: [String], port: Int?)
          do {
            expanded = try HostPattern.expand(pattern)
            try data.countExpanded(expanded.hosts.count)
          } catch { throw self.error(error.text, k) }
          var vars: [(key: YNode, value: YNode)] = []
          if v.isTruthy {
            guard let p = v.pairs else {
              throw self.error("Invalid data from file, expected dictionary and got:\n\n\(v.json)", v)
            }
            vars = p
          }
          let g = data.groupIndex[name]
          for host in expanded.hosts {
            guard !host.isEmpty else { throw self.error("Invalid empty host name provided: ", k) }
            _ = data.addHost(host, group: g, port: expanded.port, at: location(k))
            for (vk, vv) in vars {
              do { try data.setVariable(host, vk.string ?? PythonJSON.keyText(vk.json), vv.json) } catch {
                throw self.error(error.text, vk)
              }
            }
          }
        }
      default:
        warn(
          "Skipping unexpected key (\(key)) in group (\(name)), only \"vars\", \"children\" and \"hosts\" are valid",
          keyNode)
      }
    }
    return name
  }
}
