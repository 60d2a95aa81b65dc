import LabIO
import LabModel

/// A hand-written reader for the block-style YAML subset inventories are written in:
/// indented mappings and sequences, plain and quoted one-line scalars, one-line flow
/// collections, comments. It builds the `YNode` tree straight from the bytes, keeping
/// line and column marks. Anything else (anchors, aliases, tags, block scalars,
/// multi-line scalars or flow collections, several documents, tabs in indentation, and
/// every error) makes it give up, and the caller reads the file with Yams instead.
struct FastYAML {
  struct Bail: Error {}

  struct Line {
    var start: Int
    var end: Int
    var indent: Int
    var number: Int
    /// No byte of the line is outside ASCII, so a column is a byte offset.
    var ascii = true
  }

  /// The 1-based column of byte `p` of line `l`, in characters as libyaml counts them (code points).
  func column(_ p: Int, _ l: Line) -> Int {
    if l.ascii { return p - l.start + 1 }
    var continuation = 0
    for k in l.start..<p where b[k] & 0xC0 == 0x80 { continuation += 1 }
    return p - l.start + 1 - continuation
  }

  let b: [UInt8]
  /// Keep scalars as written (the spec reader's tree) instead of typing them as PyYAML does.
  var raw = false
  var lines: [Line] = []
  var i = 0
  /// Block collections open around the current line (bounded by `InventoryLimits.depth`).
  var depth = 0
  /// Keys that repeat an earlier key of their mapping.
  var duplicates: [YNode] = []

  /// `.some(nil)` for an empty document, `nil` when the text is outside the subset.
  static func parse(_ text: String) -> YNode?? {
    guard let read = read(text) else { return nil }
    return .some(read.root)
  }

  /// The tree (nil for an empty document) and the keys written twice, or nil outside the subset.
  static func read(_ text: String, raw: Bool = false) -> (root: YNode?, duplicates: [YNode])? {
    var reader = FastYAML(b: Array(text.utf8))
    reader.raw = raw
    do {
      try reader.scanLines()
      if reader.lines.isEmpty { return (nil, []) }
      let root = try reader.node(minIndent: 0)
      guard reader.i == reader.lines.count else { return nil }
      return (root, reader.duplicates)
    } catch {
      return nil
    }
  }

  init(b: [UInt8]) { self.b = b }

  static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), hash = UInt8(ascii: "#")
  static let colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-"), cr = UInt8(ascii: "\r"), nl = UInt8(ascii: "\n")

  /// Splits into content lines (blank and comment-only lines dropped), measuring indentation.
  mutating func scanLines() throws(Bail) {
    if b.starts(with: [0xEF, 0xBB, 0xBF]) { throw Bail() }
    // Characters YAML forbids (NUL and other controls): Yams says where and what.
    for (k, x) in b.enumerated() where x < 0x20 || x == 0x7F || x == 0xC2 {
      if x == Self.tab || x == Self.nl || x == Self.cr { continue }
      if x == 0xC2, k + 1 < b.count, b[k + 1] < 0x80 || b[k + 1] > 0x9F || b[k + 1] == 0x85 { continue }
      throw Bail()
    }
    var p = 0
    var number = 0
    var first = true
    while p < b.count {
      number += 1
      var e = p
      var high: UInt8 = 0
      while e < b.count, b[e] != Self.nl {
        high |= b[e]
        e += 1
      }
      let next = e + 1
      if e > p, b[e - 1] == Self.cr { e -= 1 }
      var q = p
      while q < e, b[q] == Self.space { q += 1 }
      if q < e, b[q] == Self.tab { throw Bail() }
      if q < e, b[q] != Self.hash {
        if b[p..<e].starts(with: "---".utf8) || b[p..<e].starts(with: "...".utf8) {
          let isMarker = e - p == 3 || b[p + 3] == Self.space
          if isMarker {
            guard first, b[p] == Self.dash, b[(p + 3)..<e].allSatisfy({ $0 == Self.space }) else { throw Bail() }
            first = false
            p = next
            continue
          }
        }
        if b[q] == UInt8(ascii: "%") { throw Bail() }
        lines.append(Line(start: p, end: e, indent: q - p, number: number, ascii: high < 0x80))
        first = false
      }
      p = next
    }
  }

  func isSeqItem(_ l: Line) -> Bool {
    let p = l.start + l.indent
    return b[p] == Self.dash && (p + 1 == l.end || b[p + 1] == Self.space)
  }

  mutating func node(minIndent: Int) throws(Bail) -> YNode {
    let l = lines[i]
    guard l.indent >= minIndent, depth < InventoryLimits.depth else { throw Bail() }
    depth += 1
    defer { depth -= 1 }
    return isSeqItem(l) ? try sequence(indent: l.indent) : try mapping(indent: l.indent)
  }

  /// The value after `key:` with nothing on its line: a nested block, or null.
  mutating func blockValue(parentIndent n: Int, line: Int, column: Int, allowSameIndentSeq: Bool) throws(Bail) -> YNode
  {
    if i < lines.count {
      if lines[i].indent > n { return try node(minIndent: n + 1) }
      if allowSameIndentSeq, lines[i].indent == n, isSeqItem(lines[i]) { return try sequence(indent: n) }
    }
    return YNode(.scalar(.null), line: line, column: column)
  }

  mutating func mapping(indent n: Int) throws(Bail) -> YNode {
    let first = lines[i]
    var pairs: [(key: YNode, value: YNode)] = []
    while i < lines.count {
      let l = lines[i]
      if l.indent < n { break }
      guard l.indent == n, !isSeqItem(l) else { throw Bail() }
      var p = l.start + n
      let key = try scalar(at: &p, end: l.end, line: l, key: true)
      guard p < l.end, b[p] == Self.colon else { throw Bail() }
      if case .scalar(.string("<<")) = key.kind, b[l.start + n] != UInt8(ascii: "\"") { throw Bail() }
      p += 1
      i += 1
      let rest = skipSpaces(p, l.end)
      if rest == l.end || b[rest] == Self.hash {
        guard rest == p || rest == l.end || b[rest - 1] == Self.space else { throw Bail() }
        pairs.append(
          (key, try blockValue(parentIndent: n, line: l.number, column: column(p, l), allowSameIndentSeq: true)))
      } else {
        guard rest > p else { throw Bail() }
        var q = rest
        let value = try inline(at: &q, line: l)
        if i < lines.count, lines[i].indent > n { throw Bail() }
        pairs.append((key, value))
      }
    }
    return YNode(.mapping(YNode.folded(pairs, duplicates: &duplicates)), line: first.number, column: n + 1)
  }

  mutating func sequence(indent n: Int) throws(Bail) -> YNode {
    let first = lines[i]
    var items: [YNode] = []
    while i < lines.count {
      let l = lines[i]
      if l.indent < n || !isSeqItem(l) && l.indent == n { break }
      guard l.indent == n else { throw Bail() }
      let rest = skipSpaces(l.start + n + 1, l.end)
      if rest == l.end || b[rest] == Self.hash {
        i += 1
        items.append(try blockValue(parentIndent: n, line: l.number, column: n + 1, allowSameIndentSeq: false))
        continue
      }
      // A compact node after "- ": re-read this line from the item's column.
      if isSeqItem(Line(start: l.start, end: l.end, indent: rest - l.start, number: l.number))
        || looksLikeKey(rest, l.end)
      {
        lines[i].indent = rest - l.start
        items.append(try node(minIndent: rest - l.start))
        continue
      }
      var q = rest
      i += 1
      items.append(try inline(at: &q, line: l))
      if i < lines.count, lines[i].indent > n { throw Bail() }
    }
    return YNode(.sequence(items), line: first.number, column: n + 1)
  }

  /// Whether a plain or quoted key followed by `: ` or `:` at the end starts at `p`.
  func looksLikeKey(_ p: Int, _ end: Int) -> Bool {
    var q = p
    if b[q] == UInt8(ascii: "\"") || b[q] == UInt8(ascii: "'") {
      let quote = b[q]
      q += 1
      while q < end, b[q] != quote { q += b[q] == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") ? 2 : 1 }
      q += 1
      return q < end && b[q] == Self.colon && (q + 1 == end || b[q + 1] == Self.space)
    }
    if b[q] == UInt8(ascii: "[") || b[q] == UInt8(ascii: "{") { return false }
    while q < end {
      if b[q] == Self.colon && (q + 1 == end || b[q + 1] == Self.space) { return true }
      if b[q] == Self.hash && q > p && b[q - 1] == Self.space { return false }
      q += 1
    }
    return false
  }

  func skipSpaces(_ p: Int, _ end: Int) -> Int {
    var q = p
    while q < end, b[q] == Self.space || b[q] == Self.tab { q += 1 }
    return q
  }

  /// A value that fills the rest of its line: a scalar or a one-line flow collection.
  mutating func inline(at p: inout Int, line l: Line) throws(Bail) -> YNode {
    let v: YNode
    if b[p] == UInt8(ascii: "[") || b[p] == UInt8(ascii: "{") {
      v = try flow(at: &p, line: l, depth: depth + 1)
    } else {
      v = try scalar(at: &p, end: l.end, line: l, key: false)
    }
    let q = skipSpaces(p, l.end)
    guard q == l.end || (b[q] == Self.hash && (b[q - 1] == Self.space || b[q - 1] == Self.tab)) else { throw Bail() }
    return v
  }
}
