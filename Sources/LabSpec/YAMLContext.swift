import LabIO
import LabInventory
import LabModel

/// A node of a spec file as `SpecYAML` reads it: scalars as written, positions kept.
typealias Node = YNode

extension YNode {
  /// A null value, for a key that is absent.
  static let nothing = YNode(.scalar(.null), line: 1, column: 1)

  /// The scalar's text as written (nil for a collection or a null).
  var scalarText: String? {
    switch kind {
    case .scalar(.string(let s)): return s
    case .scalar(.bool(let b)): return b ? "true" : "false"
    case .scalar(.int(let i)): return String(i)
    case .scalar(.double(let d)): return String(d)
    default: return nil
    }
  }
}

/// The fields of one object mapping, by key, in document order; a handful each, so looked up by scanning.
struct Fields {
  var pairs: [(key: String, value: Node)] = []

  subscript(key: String) -> Node? {
    for pair in pairs where pair.key == key { return pair.value }
    return nil
  }
}

/// Reads a spec's YAML tree into model values, collecting every problem as a located diagnostic.
///
/// Paths (`machines.ed-n1.address`) name values in messages; they are taken as autoclosures and built only
/// when a message needs one. Where each key and value sits is answered by the tree itself (`YNodeSourceTree`).
final class YAMLContext {
  let file: String
  var diagnostics: [Diagnostic] = []
  var sourceMap: SourceMap

  init(file: String) {
    self.file = file
    self.sourceMap = SourceMap(file: file)
  }

  func location(_ node: Node?) -> SourceLocation? {
    guard let node else { return nil }
    return SourceLocation(file: file, line: node.line, column: node.column)
  }

  func error(_ message: String, at node: Node?, rule: String = "schema", notes: [String] = []) {
    diagnostics.append(.error(rule, message, at: location(node), notes: notes))
  }

  func describe(_ node: Node) -> String {
    switch node.kind {
    case .scalar: Self.isNull(node) ? "nothing" : "'\(node.scalarText ?? "")'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }

  /// True for nothing written, `~`, `null` (any of YAML's spellings) and `!!null`; quoted text is never null.
  static func isNull(_ node: Node) -> Bool {
    switch node.kind {
    case .scalar(.null): return true
    case .scalar(.string(let s)) where !node.quoted:
      switch s {
      case "", "~", "null", "Null", "NULL": return true
      default: return false
      }
    default: return false
    }
  }

  /// The pairs of a mapping in order, keys as strings.
  func entries(_ node: Node, path: @autoclosure () -> String, what: String = "a mapping") -> [(String, Node)] {
    if Self.isNull(node) { return [] }
    guard case .mapping(let mapping) = node.kind else {
      let path = path()
      error("\(path.isEmpty ? "the document" : "'\(path)'") must be \(what), found \(describe(node))", at: node)
      return []
    }
    var out: [(String, Node)] = []
    out.reserveCapacity(mapping.count)
    for (key, value) in mapping {
      guard let k = key.scalarText ?? (Self.isNull(key) ? "" : nil) else {
        error("keys must be plain names, found \(describe(key))", at: key)
        continue
      }
      out.append((k, value))
    }
    return out
  }

  /// The fields of an object mapping; unknown keys are errors with a hint.
  func fields(
    _ node: Node, path: @autoclosure () -> String, allowed: [String], required: [String] = []
  ) -> Fields {
    var out = Fields()
    let pairs = entries(node, path: path())
    out.pairs.reserveCapacity(pairs.count)
    for (key, value) in pairs {
      if allowed.contains(key) {
        out.pairs.append((key, value))
      } else {
        let path = path()
        let place = path.isEmpty ? "at the top level" : "in '\(path)'"
        let keyNode = node.pairs?.first { $0.key.scalarText == key }?.key
        error(
          "unknown key '\(key)' \(place)", at: keyNode, rule: "unknown-key",
          notes: Suggestion.hint(for: key, in: allowed)
            + ["allowed keys: \(allowed.joined(separator: ", "))"])
      }
    }
    if case .mapping = node.kind {
      for key in required where out[key] == nil {
        error("'\(path())' is missing the required key '\(key)'", at: node)
      }
    }
    return out
  }

  func string(_ node: Node?, path: @autoclosure () -> String) -> String? {
    guard let node, !Self.isNull(node) else { return nil }
    guard let text = node.scalarText else {
      error("'\(path())' must be text, found \(describe(node))", at: node)
      return nil
    }
    return text
  }

  func int(_ node: Node?, path: @autoclosure () -> String) -> Int? {
    guard let node, !Self.isNull(node) else { return nil }
    guard let text = node.scalarText, let i = Int(text) else {
      error("'\(path())' must be a whole number, found \(describe(node))", at: node)
      return nil
    }
    return i
  }

  /// A whole number of at least `minimum`; smaller ones are an error and read as absent.
  func count(_ node: Node?, path: @autoclosure () -> String, minimum: Int = 1) -> Int? {
    guard let n = int(node, path: path()) else { return nil }
    guard n >= minimum else {
      error("'\(path())' must be at least \(minimum), found \(n)", at: node)
      return nil
    }
    return n
  }

  func bool(_ node: Node?, path: @autoclosure () -> String) -> Bool? {
    guard let node, !Self.isNull(node) else { return nil }
    guard let b = Self.bool(node) else {
      error("'\(path())' must be true or false, found \(describe(node))", at: node)
      return nil
    }
    return b
  }

  /// YAML 1.1 booleans as Yams reads them (`true`, `yes`, `on`, `false`, `no`, `off`, any case), from a plain
  /// scalar or one tagged `!!bool`; quoted text is not a boolean.
  static func bool(_ node: Node) -> Bool? {
    switch node.kind {
    case .scalar(.bool(let b)): return b
    case .scalar(.string(let s)) where !node.quoted:
      switch s.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: return nil
      }
    default: return nil
    }
  }

  func enumValue<E: RawRepresentable & CaseIterable>(
    _ node: Node?, path: @autoclosure () -> String, as _: E.Type
  ) -> E? where E.RawValue == String {
    guard let raw = string(node, path: path()) else { return nil }
    if let v = E(rawValue: raw) { return v }
    let all = E.allCases.map(\.rawValue)
    error(
      "'\(path())' must be one of \(all.joined(separator: ", ")), found '\(raw)'", at: node,
      notes: Suggestion.hint(for: raw, in: all))
    return nil
  }

  /// A list of texts; a single text counts as a list of one.
  func strings(_ node: Node?, path: @autoclosure () -> String) -> [String] {
    guard let node, !Self.isNull(node) else { return [] }
    switch node.kind {
    case .scalar: return node.scalarText.map { [$0] } ?? []
    case .sequence(let seq):
      return seq.enumerated().compactMap { i, item in string(item, path: "\(path()).\(i)") }
    case .mapping:
      error("'\(path())' must be a list of names, found \(describe(node))", at: node)
      return []
    }
  }

  func sequence(_ node: Node?, path: @autoclosure () -> String) -> [Node] {
    guard let node, !Self.isNull(node) else { return [] }
    guard case .sequence(let seq) = node.kind else {
      error("'\(path())' must be a list, found \(describe(node))", at: node)
      return []
    }
    return seq
  }
}
