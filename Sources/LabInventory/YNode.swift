import LabIO
import LabModel

/// A YAML node with its position. The inventory readers type scalars by PyYAML's YAML 1.1 rules (as Ansible
/// reads them); the spec reader (`SpecYAML`) keeps every scalar as written, `.string` with `quoted` set for
/// quoted text, and `.null` only where nothing is written.
public struct YNode: Sendable {
  public enum Kind: Sendable {
    case scalar(JSONValue)
    /// Pairs in document order; duplicate keys already folded (last value, first position).
    case mapping([(key: YNode, value: YNode)])
    case sequence([YNode])
  }

  public var kind: Kind
  public var line: Int
  public var column: Int
  /// For the spec reader: the scalar was quoted (or explicitly tagged), so it is text, never a null or a boolean.
  public var quoted: Bool

  public init(_ kind: Kind, line: Int, column: Int, quoted: Bool = false) {
    self.kind = kind
    self.line = line
    self.column = column
    self.quoted = quoted
  }

  public var isNull: Bool {
    if case .scalar(.null) = kind { return true }
    return false
  }

  public var string: String? {
    if case .scalar(.string(let s)) = kind { return s }
    return nil
  }

  public var pairs: [(key: YNode, value: YNode)]? {
    if case .mapping(let p) = kind { return p }
    return nil
  }

  /// Python's truthiness: `None`, `0`, `''`, `[]`, `{}` and `False` are false.
  var isTruthy: Bool {
    switch kind {
    case .scalar(let v):
      switch v {
      case .null: return false
      case .bool(let b): return b
      case .int(let i): return i != 0
      case .double(let d): return d != 0
      case .string(let s): return !s.isEmpty
      default: return true
      }
    case .mapping(let p): return !p.isEmpty
    case .sequence(let s): return !s.isEmpty
    }
  }

  /// The Python type name Ansible would print for this value.
  var pythonType: String {
    switch kind {
    case .scalar(let v):
      switch v {
      case .null: return "NoneType"
      case .bool: return "bool"
      case .int: return "int"
      case .double: return "float"
      default: return "str"
      }
    case .mapping: return "dict"
    case .sequence: return "list"
    }
  }

  /// The value as JSON; mapping keys become text as Python's `json.dumps` writes them.
  var json: JSONValue {
    switch kind {
    case .scalar(let v): return v
    case .sequence(let items): return .array(items.map(\.json))
    case .mapping(let pairs):
      var object: [String: JSONValue] = [:]
      object.reserveCapacity(pairs.count)
      for (k, v) in pairs { object[PythonJSON.keyText(k.json)] = v.json }
      return .object(object)
    }
  }

  /// `folded`, noting the key of every pair that repeats an earlier key (PyYAML warns of each).
  static func folded(
    _ pairs: [(key: YNode, value: YNode)], duplicates: inout [YNode]
  ) -> [(key: YNode, value: YNode)] {
    let out = folded(pairs)
    guard out.count < pairs.count else { return out }
    var seen = Set<PythonKey>()
    for pair in pairs where !seen.insert(PythonKey(pair.key)).inserted { duplicates.append(pair.key) }
    return out
  }

  /// Folds duplicate keys as a Python dict does: the last value wins, the first position stays.
  static func folded(_ pairs: [(key: YNode, value: YNode)]) -> [(key: YNode, value: YNode)] {
    if pairs.count < 2 { return pairs }
    // Text keys (nearly all of them) need no Python key equality.
    if pairs.allSatisfy({ $0.key.string != nil }) {
      if pairs.count <= 8 {
        for a in 1..<pairs.count {
          guard case .scalar(.string(let k)) = pairs[a].key.kind else { continue }
          for b in 0..<a {
            if case .scalar(.string(let j)) = pairs[b].key.kind, j == k { return foldedSlow(pairs) }
          }
        }
        return pairs
      }
      var seen = Set<String>(minimumCapacity: pairs.count)
      for pair in pairs where !seen.insert(pair.key.string!).inserted { return foldedSlow(pairs) }
      return pairs
    }
    return foldedSlow(pairs)
  }

  static func foldedSlow(_ pairs: [(key: YNode, value: YNode)]) -> [(key: YNode, value: YNode)] {
    var index: [PythonKey: Int] = [:]
    index.reserveCapacity(pairs.count)
    var out: [(key: YNode, value: YNode)] = []
    out.reserveCapacity(pairs.count)
    for pair in pairs {
      let k = PythonKey(pair.key)
      if let i = index[k] {
        out[i].value = pair.value
      } else {
        index[k] = out.count
        out.append(pair)
      }
    }
    return out
  }
}

/// Dict-key equality as Python sees it: `1`, `1.0` and `True` are one key.
struct PythonKey: Hashable {
  let value: JSONValue

  init(_ node: YNode) {
    switch node.kind {
    case .scalar(.bool(let b)): value = .int(b ? 1 : 0)
    case .scalar(.double(let d)) where d.rounded() == d && abs(d) < 9.0e18: value = .int(Int(d))
    case .scalar(let v): value = v
    default: value = node.json
    }
  }
}
