import LabIO
import LabModel
import Yams

/// Reads YAML through Yams (libyaml) into a `YNode` tree: the complete reader the fast
/// scanner falls back to for anchors, aliases, tags, flow collections and block scalars.
enum YamsTree {
  /// The document's root, or nil for an empty document.
  static func parse(_ text: String, file: String) throws(InventoryError) -> YNode? {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      let d = YAMLErrors.diagnostic(for: error, file: file)
      throw InventoryError(
        d.message, file: file, line: d.location?.line ?? 1, column: d.location?.column ?? 1, notes: d.notes)
    }
    guard let root else { return nil }
    return try convert(root, file: file)
  }

  static func convert(_ node: Node, file: String) throws(InventoryError) -> YNode {
    let line = node.mark?.line ?? 1
    let column = node.mark?.column ?? 1
    switch node {
    case .scalar(let s):
      let value = try scalar(s, tag: s.tag.description, file: file, line: line, column: column)
      return YNode(.scalar(value), line: line, column: column)
    case .sequence(let seq):
      var items: [YNode] = []
      for item in seq { items.append(try convert(item, file: file)) }
      return YNode(.sequence(items), line: line, column: column)
    case .mapping(let m):
      var merged: [(key: YNode, value: YNode)] = []
      var own: [(key: YNode, value: YNode)] = []
      for (k, v) in m {
        if case .scalar(let ks) = k, ks.style == .plain, ks.string == "<<",
          ks.tag.description.isEmpty || ks.tag.description == "tag:yaml.org,2002:merge"
        {
          merged += try mergePairs(v, file: file)
          continue
        }
        own.append((try convert(k, file: file), try convert(v, file: file)))
      }
      return YNode(.mapping(YNode.folded(merged + own)), line: line, column: column)
    case .alias:
      throw InventoryError("unresolved YAML alias", file: file, line: line, column: column)
    }
  }

  /// PyYAML's merge: `<<: *a` or `<<: [*a, *b]` (earlier sources win).
  static func mergePairs(_ node: Node, file: String) throws(InventoryError) -> [(key: YNode, value: YNode)] {
    switch node {
    case .mapping:
      return try convert(node, file: file).pairs ?? []
    case .sequence(let seq):
      var out: [(key: YNode, value: YNode)] = []
      for item in seq.reversed() {
        guard case .mapping = item else {
          throw InventoryError(
            "a merge ('<<') list may hold only mappings", file: file, line: item.mark?.line ?? 1,
            column: item.mark?.column ?? 1)
        }
        out += try convert(item, file: file).pairs ?? []
      }
      return out
    default:
      throw InventoryError(
        "a merge ('<<') needs a mapping or a list of mappings", file: file, line: node.mark?.line ?? 1,
        column: node.mark?.column ?? 1)
    }
  }

  static func scalar(
    _ s: Node.Scalar, tag raw: String, file: String, line: Int, column: Int
  ) throws(InventoryError) -> JSONValue {
    if raw.isEmpty || raw == "?" {
      return s.style == .plain ? PyYAMLResolver.resolve(s.string) : .string(s.string)
    }
    if raw == "!" { return .string(s.string) }
    switch raw {
    case "tag:yaml.org,2002:str": return .string(s.string)
    // Without the vault password, ansible-inventory keeps encrypted values and values marked unsafe as
    // one-key objects holding their text; so does labctl (the ciphertext is never decrypted here).
    case "!vault": return .object(["__ansible_vault": .string(s.string)])
    case "!unsafe": return .object(["__ansible_unsafe": .string(s.string)])
    case "tag:yaml.org,2002:null": return .null
    case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
      let v = PyYAMLResolver.resolve(s.string)
      switch (raw, v) {
      case ("tag:yaml.org,2002:bool", .bool), ("tag:yaml.org,2002:int", .int), ("tag:yaml.org,2002:float", .double):
        return v
      case ("tag:yaml.org,2002:float", .int(let i)): return .double(Double(i))
      default: break
      }
      throw InventoryError(
        "'\(s.string)' is not a valid \(raw.split(separator: ":").last ?? "")", file: file, line: line, column: column)
    default:
      throw InventoryError(
        "could not determine a constructor for the tag '\(raw)'", file: file, line: line, column: column)
    }
  }
}
