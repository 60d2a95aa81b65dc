import LabModel
import Yams

extension YamsTree {
  /// A collection's tag as PyYAML's safe constructor (Ansible's) reads it: `!!set` is the
  /// list of its keys (in written order; Python's is hash order), `!!omap` and `!!pairs` a list
  /// of `[key, value]` pairs; any other tag, such as `!!python/tuple`, is refused as Ansible does.
  static func tagged(_ node: YNode, tag raw: String, file: String) throws(InventoryError) -> YNode {
    switch (raw, node.kind) {
    case ("", _), ("?", _), ("!", _), ("tag:yaml.org,2002:map", .mapping), ("tag:yaml.org,2002:seq", .sequence):
      return node
    // Ansible's own tags keep their old meaning on collections: the collection itself.
    case ("!unsafe", _), ("!vault", _): return node
    case ("tag:yaml.org,2002:set", .mapping(let pairs)):
      return YNode(.sequence(pairs.map(\.key)), line: node.line, column: node.column)
    case ("tag:yaml.org,2002:omap", .sequence(let items)), ("tag:yaml.org,2002:pairs", .sequence(let items)):
      var out: [YNode] = []
      for item in items {
        guard let pairs = item.pairs, pairs.count == 1 else {
          let found = item.pairs.map { "\($0.count) items" } ?? item.pythonType
          throw InventoryError(
            "while constructing an ordered map: expected a single mapping item, but found \(found)", file: file,
            line: item.line, column: item.column)
        }
        out.append(YNode(.sequence([pairs[0].key, pairs[0].value]), line: item.line, column: item.column))
      }
      return YNode(.sequence(out), line: node.line, column: node.column)
    default:
      throw InventoryError(
        "could not determine a constructor for the tag '\(raw)'", file: file, line: node.line, column: node.column)
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
    case "tag:yaml.org,2002:timestamp":
      if let t = PyYAMLResolver.timestamp(s.string) { return .string(t) }
      throw InventoryError("'\(s.string)' is not a valid timestamp", file: file, line: line, column: column)
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
