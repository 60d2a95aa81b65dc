import LabIO
import LabInventory
import LabModel
import Yams

/// Reads a composed YAML tree into model values, recording every location and
/// collecting every problem as a diagnostic.
final class YAMLContext {
  let file: String
  var diagnostics: [Diagnostic] = []
  var sourceMap: SourceMap

  init(file: String) {
    self.file = file
    self.sourceMap = SourceMap(file: file)
  }

  func location(_ node: Node?) -> SourceLocation? {
    guard let mark = node?.mark else { return nil }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  func error(_ message: String, at node: Node?, rule: String = "schema", notes: [String] = []) {
    diagnostics.append(.error(rule, message, at: location(node), notes: notes))
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s): Self.isNull(node) ? "nothing" : "'\(s.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }

  /// True for `~`, `null` and empty plain scalars, or an explicit `!!null`.
  ///
  /// Decides implicit tags itself: `Node.tag` resolves them with regular expressions,
  /// which on large labs costs more than everything else the loader does.
  static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let s) = node else { return false }
    // The raw name: "" while implicit, `str` once the basic resolver has seen it (Tag.name is internal).
    let tag = s.tag.description
    if tag != Tag.Name.implicit.rawValue && tag != Tag.Name.str.rawValue { return tag == Tag.Name.null.rawValue }
    guard s.style == .plain || s.style == .any else { return false }
    switch s.string {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// The pairs of a mapping in order, keys as strings; records key locations.
  func entries(_ node: Node, path: String, what: String = "a mapping") -> [(String, Node)] {
    if Self.isNull(node) { return [] }
    guard case .mapping(let mapping) = node else {
      error("\(path.isEmpty ? "the document" : "'\(path)'") must be \(what), found \(describe(node))", at: node)
      return []
    }
    sourceMap.record(value: path, at: location(node) ?? SourceLocation(file: file, line: 1, column: 1))
    var out: [(String, Node)] = []
    for (key, value) in mapping {
      guard case .scalar(let k) = key else {
        error("keys must be plain names, found \(describe(key))", at: key)
        continue
      }
      let childPath = path.isEmpty ? k.string : "\(path).\(k.string)"
      if let l = location(key) { sourceMap.record(key: childPath, at: l) }
      if let l = location(value) { sourceMap.record(value: childPath, at: l) }
      out.append((k.string, value))
    }
    return out
  }

  /// The fields of an object mapping; unknown keys are errors with a hint.
  func fields(
    _ node: Node, path: String, allowed: [String], required: [String] = []
  ) -> [String: Node] {
    var out: [String: Node] = [:]
    var keyNodes: [String: Node] = [:]
    if case .mapping(let m) = node {
      for (k, _) in m { if let s = k.scalar?.string { keyNodes[s] = k } }
    }
    for (key, value) in entries(node, path: path) {
      if allowed.contains(key) {
        out[key] = value
      } else {
        let place = path.isEmpty ? "at the top level" : "in '\(path)'"
        error(
          "unknown key '\(key)' \(place)", at: keyNodes[key], rule: "unknown-key",
          notes: Suggestion.hint(for: key, in: allowed)
            + ["allowed keys: \(allowed.joined(separator: ", "))"])
      }
    }
    if case .mapping = node {
      for key in required where out[key] == nil {
        error("'\(path)' is missing the required key '\(key)'", at: node)
      }
    }
    return out
  }

  func string(_ node: Node?, path: String) -> String? {
    guard let node, !Self.isNull(node) else { return nil }
    guard case .scalar(let s) = node else {
      error("'\(path)' must be text, found \(describe(node))", at: node)
      return nil
    }
    return s.string
  }

  func int(_ node: Node?, path: String) -> Int? {
    guard let node, !Self.isNull(node) else { return nil }
    guard case .scalar(let s) = node, let i = Int(s.string) else {
      error("'\(path)' must be a whole number, found \(describe(node))", at: node)
      return nil
    }
    return i
  }

  /// A whole number of at least `minimum`; smaller ones are an error and read as absent.
  func count(_ node: Node?, path: String, minimum: Int = 1) -> Int? {
    guard let n = int(node, path: path) else { return nil }
    guard n >= minimum else {
      error("'\(path)' must be at least \(minimum), found \(n)", at: node)
      return nil
    }
    return n
  }

  func bool(_ node: Node?, path: String) -> Bool? {
    guard let node, !Self.isNull(node) else { return nil }
    guard case .scalar(let s) = node, let b = Self.bool(s) else {
      error("'\(path)' must be true or false, found \(describe(node))", at: node)
      return nil
    }
    return b
  }

  /// YAML 1.1 booleans as Yams reads them (`true`, `yes`, `on`, `false`, `no`, `off`, any case),
  /// from a plain scalar or one tagged `!!bool`; quoted text is not a boolean.
  static func bool(_ s: Node.Scalar) -> Bool? {
    let tag = s.tag.description
    if tag == Tag.Name.implicit.rawValue || tag == Tag.Name.str.rawValue {
      guard s.style == .plain || s.style == .any else { return nil }
    } else if tag != Tag.Name.bool.rawValue {
      return nil
    }
    switch s.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: return nil
    }
  }

  func enumValue<E: RawRepresentable & CaseIterable>(
    _ node: Node?, path: String, as _: E.Type
  ) -> E? where E.RawValue == String {
    guard let raw = string(node, path: path) else { return nil }
    if let v = E(rawValue: raw) { return v }
    let all = E.allCases.map(\.rawValue)
    error(
      "'\(path)' must be one of \(all.joined(separator: ", ")), found '\(raw)'", at: node,
      notes: Suggestion.hint(for: raw, in: all))
    return nil
  }

  /// A list of texts; a single text counts as a list of one.
  func strings(_ node: Node?, path: String) -> [String] {
    guard let node, !Self.isNull(node) else { return [] }
    switch node {
    case .scalar(let s): return [s.string]
    case .sequence(let seq):
      return seq.enumerated().compactMap { i, item in
        if let l = location(item) { sourceMap.record(value: "\(path).\(i)", at: l) }
        return string(item, path: "\(path).\(i)")
      }
    default:
      error("'\(path)' must be a list of names, found \(describe(node))", at: node)
      return []
    }
  }

  func sequence(_ node: Node?, path: String) -> [Node] {
    guard let node, !Self.isNull(node) else { return [] }
    guard case .sequence(let seq) = node else {
      error("'\(path)' must be a list, found \(describe(node))", at: node)
      return []
    }
    for (i, item) in seq.enumerated() {
      if let l = location(item) { sourceMap.record(value: "\(path).\(i)", at: l) }
    }
    return Array(seq)
  }
}
