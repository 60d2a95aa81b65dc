import LabIO
import LabModel
import Yams

/// Reads YAML through Yams (libyaml) into a `YNode` tree: the complete reader the fast
/// scanner falls back to for anchors, aliases, tags, flow collections and block scalars.
enum YamsTree {
  /// The document's root, or nil for an empty document.
  static func parse(_ text: String, file: String) throws(InventoryError) -> YNode? {
    try read(text, file: file).root
  }

  /// The tree and the keys written twice (Yams refuses them: they are renamed, then read as PyYAML does).
  static func read(_ text: String, file: String) throws(InventoryError) -> (root: YNode?, duplicates: [YNode]) {
    if let at = blockDepthExceeded(text) ?? flowDepthExceeded(text) {
      throw InventoryError(InventoryLimits.depthMessage(), file: file, line: at.line, column: at.column)
    }
    let composed = YAMLDuplicateKeys.compose(text)
    if let error = composed.error {
      let d = YAMLErrors.diagnostic(for: error, file: file)
      var message = d.message
      // libyaml's own bound (1000 levels) says where, but names a C function; say what it means.
      if message.contains("Maximum nesting level reached") { message = InventoryLimits.depthMessage() }
      throw InventoryError(
        message, file: file, line: d.location?.line ?? 1, column: d.location?.column ?? 1, notes: d.notes)
    }
    guard let root = composed.root else { return (nil, []) }
    var converter = YamsConverter(file: file, text: text, placeholders: composed.placeholders)
    let tree = try converter.convert(root, depth: 1)
    return (tree, converter.duplicates)
  }
}

extension YamsTree {
  /// Where block indentation steps in past `InventoryLimits.depth` levels (each deeper indent
  /// opens a collection), found before libyaml reads the text.
  static func blockDepthExceeded(_ text: String) -> (line: Int, column: Int)? {
    var indents: [Int] = []
    for (n, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
      guard let first = line.dropFirst(indent).first, first != UInt8(ascii: "#") else { continue }
      while let last = indents.last, last >= indent { indents.removeLast() }
      indents.append(indent)
      if indents.count > InventoryLimits.depth { return (n + 1, indent + 1) }
    }
    return nil
  }

  /// Where a flow collection (`[`, `{`) opens past `InventoryLimits.depth` levels, found before
  /// libyaml reads the text (it would name only the outermost collection, at 1000 levels).
  static func flowDepthExceeded(_ text: String) -> (line: Int, column: Int)? {
    var (depth, line, column) = (0, 1, 0)
    var quote: UInt8?
    var previous = UInt8(ascii: "\n")
    var escaped = false
    for c in text.utf8 {
      defer { previous = c }
      if c & 0xC0 == 0x80 { continue }  // inside a multi-byte character: one column
      column += 1
      if c == UInt8(ascii: "\n") {
        (line, column) = (line + 1, 0)
        if quote == UInt8(ascii: "\n") || depth == 0 { quote = nil }
        continue
      }
      if let q = quote {
        if escaped {
          escaped = false
        } else if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") {
          escaped = true
        } else if c == q {
          quote = nil
        }
        continue
      }
      let tokenStart: Bool
      switch previous {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "["),
        UInt8(ascii: "{"), UInt8(ascii: ":"), UInt8(ascii: "-"):
        tokenStart = true
      default: tokenStart = false
      }
      switch c {
      case UInt8(ascii: "\""),
        UInt8(ascii: "'") where tokenStart:
        quote = c
      case UInt8(ascii: "["),
        UInt8(ascii: "{") where depth > 0 || tokenStart:
        depth += 1
        if depth > InventoryLimits.depth { return (line, column) }
      case UInt8(ascii: "]"),
        UInt8(ascii: "}") where depth > 0:
        depth -= 1
      case UInt8(ascii: "#")
      where previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || previous == UInt8(ascii: "\n"):
        quote = UInt8(ascii: "\n")  // a comment runs to the end of its line
      default: break
      }
    }
    return nil
  }

}

/// Converts a composed Yams tree, walking it in document order. Yams shares an alias's node
/// with its anchor (and forgets the anchor's name once composed: anchored nodes are found by
/// the `&name` written at their mark); the converter shares it too, and counts what each
/// alias would add once expanded, so nesting and alias expansion stay within `InventoryLimits`.
struct YamsConverter {
  let file: String
  let text: String
  /// Keys `YAMLDuplicateKeys` renamed so that Yams would read on: placeholder → the key.
  let placeholders: [String: String]
  /// Keys that repeat an earlier key of their mapping.
  var duplicates: [YNode] = []
  /// Keep scalars as written, ignore collection tags and merge keys: the spec reader's tree (`SpecYAML`).
  var raw = false

  struct AnchorKey: Hashable {
    var line: Int
    var column: Int
    /// A block mapping starts where its first key does: 0 scalar, 1 sequence, 2 mapping.
    var kind: Int
  }

  /// Where `&name` (or a tag before it) is written → the anchor's name.
  lazy var anchors: [Position: String] = Self.tokens(text).anchors

  /// Each anchored node once converted: the tree, its expanded size and height.
  var definitions: [AnchorKey: (node: YNode, size: Int, height: Int)] = [:]
  /// Nodes built so far, alias expansions counted in full.
  var produced = 0
  /// Nodes aliases added so far.
  var aliasNodes = 0
  /// The aliases met, in document order.
  var aliasNames: [String] = []
  /// The height of the last node converted.
  var height = 0

  init(file: String, text: String, placeholders: [String: String] = [:]) {
    self.file = file
    self.text = text
    self.placeholders = placeholders
  }

  mutating func convert(_ node: Node, depth: Int) throws(InventoryError) -> YNode {
    let line = node.mark?.line ?? 1
    let column = node.mark?.column ?? 1
    guard depth <= InventoryLimits.depth else {
      throw InventoryError(InventoryLimits.depthMessage(), file: file, line: line, column: column)
    }
    guard let anchor = anchors[Position(line: line, column: column)] else { return try build(node, depth: depth) }
    let kind: Int
    switch node {
    case .scalar: kind = 0
    case .sequence: kind = 1
    default: kind = 2
    }
    let key = AnchorKey(line: line, column: column, kind: kind)
    if let def = definitions[key] {
      // A second sight of an anchored node is an alias (`*name`): nothing new is built.
      aliasNames.append(anchor)
      aliasNodes += def.size
      produced += def.size
      height = def.height
      if aliasNodes > InventoryLimits.aliasNodes {
        let at = aliasLocation() ?? (line, column)
        throw InventoryError(
          "the alias '*\(anchor)' makes aliases in this file expand to more than \(InventoryLimits.aliasNodes) "
            + "nodes; expected at most \(InventoryLimits.aliasNodes) (labctl's limit against alias bombs)",
          file: file, line: at.0, column: at.1)
      }
      if depth + def.height - 1 > InventoryLimits.depth {
        let at = aliasLocation() ?? (line, column)
        throw InventoryError(
          "the alias '*\(anchor)' " + InventoryLimits.depthMessage("makes collections"), file: file, line: at.0,
          column: at.1)
      }
      return def.node
    }
    let before = produced
    let y = try build(node, depth: depth)
    definitions[key] = (y, produced - before, height)
    return y
  }

  /// Where the last alias met is written: the matching `*name` token, in document order.
  func aliasLocation() -> (Int, Int)? {
    let tokens = Self.tokens(text).aliases
    var next = 0
    var found: (Int, Int)?
    for name in aliasNames {
      guard let i = tokens[next...].firstIndex(where: { $0.name == name }) else { return nil }
      found = (tokens[i].line, tokens[i].column)
      next = i + 1
    }
    return found
  }

  struct Position: Hashable {
    var line: Int
    var column: Int
  }

  /// The `&name` tokens of a YAML text by where their node starts (at a tag written just before
  /// the anchor, if any), and the `*name` tokens in order; quotes and comments are skipped.
  static func tokens(_ text: String) -> (anchors: [Position: String], aliases: [(name: String, line: Int, column: Int)])
  {
    var anchors: [Position: String] = [:]
    var aliases: [(name: String, line: Int, column: Int)] = []
    let s = Array(text.unicodeScalars)
    var (i, line, column) = (0, 1, 1)
    var quote: Unicode.Scalar?
    var tag: (position: Position, end: Int)?
    let stops: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", ",", "[", "]", "{", "}"]
    func word(_ from: Int) -> Int {
      var j = from
      while j < s.count, !stops.contains(s[j]) { j += 1 }
      return j
    }
    while i < s.count {
      let c = s[i]
      let previous: Unicode.Scalar = i > 0 ? s[i - 1] : "\n"
      if c == "\n" {
        (line, column) = (line + 1, 0)
      } else if let q = quote {
        if c == "\\" && q == "\"" {
          i += 1
          column += 1
        } else if c == q {
          quote = nil
        }
      } else if c == "\"" || c == "'" {
        if stops.contains(previous) || previous == ":" { quote = c }
      } else if c == "#", stops.contains(previous) {
        while i + 1 < s.count, s[i + 1] != "\n" { i += 1 }
      } else if c == "*" || c == "&" || c == "!", stops.contains(previous) {
        let j = word(i + 1)
        let here = Position(line: line, column: column)
        let name = String(String.UnicodeScalarView(s[(i + 1)..<j]))
        if c == "*" { aliases.append((name, line, column)) }
        if c == "!" { tag = (here, j) }
        if c == "&" {
          anchors[here] = name
          if let t = tag, s[t.end..<i].allSatisfy({ $0 == " " || $0 == "\t" }) { anchors[t.position] = name }
        }
        column += j - i - 1
        i = j - 1
      }
      i += 1
      column += 1
    }
    return (anchors, aliases)
  }

  mutating func build(_ node: Node, depth: Int) throws(InventoryError) -> YNode {
    let line = node.mark?.line ?? 1
    let column = node.mark?.column ?? 1
    produced += 1
    switch node {
    case .scalar(var s):
      height = 1
      if let key = placeholders[s.string] { s.string = key }
      if raw { return Self.rawScalar(s, line: line, column: column) }
      let value = try YamsTree.scalar(s, tag: s.tag.description, file: file, line: line, column: column)
      return YNode(.scalar(value), line: line, column: column)
    case .sequence(let seq):
      var items: [YNode] = []
      var tallest = 0
      for item in seq {
        items.append(try convert(item, depth: depth + 1))
        tallest = max(tallest, height)
      }
      height = tallest + 1
      if raw { return YNode(.sequence(items), line: line, column: column) }
      return try YamsTree.tagged(
        YNode(.sequence(items), line: line, column: column), tag: seq.tag.description, file: file)
    case .mapping(let m):
      var merged: [(key: YNode, value: YNode)] = []
      var own: [(key: YNode, value: YNode)] = []
      var tallest = 0
      for (k, v) in m {
        if !raw, case .scalar(let ks) = k, ks.style == .plain, ks.string == "<<",
          ks.tag.description.isEmpty || ks.tag.description == "tag:yaml.org,2002:merge"
        {
          merged += try mergePairs(v, depth: depth + 1)
          tallest = max(tallest, height)
          continue
        }
        let key = try convert(k, depth: depth + 1)
        tallest = max(tallest, height)
        own.append((key, try convert(v, depth: depth + 1)))
        tallest = max(tallest, height)
      }
      height = tallest + 1
      if raw { return YNode(.mapping(merged + own), line: line, column: column) }
      // Ansible warns of a key that overrides one a merge (`<<`) brought in, too.
      return try YamsTree.tagged(
        YNode(.mapping(YNode.folded(merged + own, duplicates: &duplicates)), line: line, column: column),
        tag: m.tag.description, file: file)
    case .alias:
      throw InventoryError("unresolved YAML alias", file: file, line: line, column: column)
    }
  }

  /// A scalar as written: text (`quoted` unless plain and untagged or `!!str`), `.null` for `!!null`, a boolean
  /// for `!!bool` with a YAML 1.1 boolean word.
  static func rawScalar(_ s: Node.Scalar, line: Int, column: Int) -> YNode {
    let plain = s.style == .plain || s.style == .any
    switch s.tag.description {
    case "", "?", "!", Tag.Name.str.rawValue:
      // Nothing written (`key:`) reads as null, as the scanner reads it.
      if plain && s.string.isEmpty { return YNode(.scalar(.null), line: line, column: column) }
      return YNode(.scalar(.string(s.string)), line: line, column: column, quoted: !plain)
    case Tag.Name.null.rawValue: return YNode(.scalar(.null), line: line, column: column)
    case Tag.Name.bool.rawValue:
      switch s.string.lowercased() {
      case "true", "yes", "on": return YNode(.scalar(.bool(true)), line: line, column: column)
      case "false", "no", "off": return YNode(.scalar(.bool(false)), line: line, column: column)
      default: return YNode(.scalar(.string(s.string)), line: line, column: column, quoted: true)
      }
    default: return YNode(.scalar(.string(s.string)), line: line, column: column, quoted: true)
    }
  }

  /// PyYAML's merge: `<<: *a` or `<<: [*a, *b]` (earlier sources win).
  mutating func mergePairs(_ node: Node, depth: Int) throws(InventoryError) -> [(key: YNode, value: YNode)] {
    switch node {
    case .mapping:
      return try convert(node, depth: depth).pairs ?? []
    case .sequence(let seq):
      var sources: [[(key: YNode, value: YNode)]] = []
      var tallest = 0
      for item in seq {
        guard case .mapping = item else {
          throw InventoryError(
            "a merge ('<<') list may hold only mappings", file: file, line: item.mark?.line ?? 1,
            column: item.mark?.column ?? 1)
        }
        sources.append(try convert(item, depth: depth + 1).pairs ?? [])
        tallest = max(tallest, height)
      }
      height = tallest + 1
      return sources.reversed().flatMap { $0 }
    default:
      throw InventoryError(
        "a merge ('<<') needs a mapping or a list of mappings", file: file, line: node.mark?.line ?? 1,
        column: node.mark?.column ?? 1)
    }
  }
}
