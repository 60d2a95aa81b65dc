import LabIO
import LabModel

extension FastYAML {
  static let indicators: Set<UInt8> = Set("&*!|>%@`,[]{}#?".utf8)

  /// A plain or quoted scalar at `p`. In a key it stops at `: `; as a block value at ` #`;
  /// inside a flow collection also at `,`, `]`, `}`.
  func scalar(at p: inout Int, end: Int, line l: Line, key: Bool, flow: Bool = false) throws(Bail) -> YNode {
    let column = self.column(p, l)
    let c = b[p]
    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
      let s = try quoted(at: &p, end: end)
      return YNode(.scalar(.string(s)), line: l.number, column: column, quoted: raw)
    }
    if Self.indicators.contains(c) { throw Bail() }
    if (c == Self.dash || c == Self.colon) && (p + 1 == end || b[p + 1] == Self.space) { throw Bail() }
    let start = p
    var last = p
    while p < end {
      let x = b[p]
      if x == Self.colon
        && (p + 1 == end || b[p + 1] == Self.space
          || (flow
            && (b[p + 1] == UInt8(ascii: ",")
              || b[p + 1] == UInt8(ascii: "]") || b[p + 1] == UInt8(ascii: "}"))))
      {
        if !key && !flow { throw Bail() }
        break
      }
      if x == Self.hash && p > start && (b[p - 1] == Self.space || b[p - 1] == Self.tab) { break }
      if flow
        && (x == UInt8(ascii: ",") || x == UInt8(ascii: "]") || x == UInt8(ascii: "}")
          || x == UInt8(ascii: "[") || x == UInt8(ascii: "{"))
      {
        if x == UInt8(ascii: "[") || x == UInt8(ascii: "{") { throw Bail() }
        break
      }
      if x != Self.space && x != Self.tab { last = p }
      p += 1
    }
    let text = String(decoding: b[start...last], as: UTF8.self)
    return YNode(.scalar(raw ? .string(text) : PyYAMLResolver.resolve(text)), line: l.number, column: column)
  }

  /// A one-line single- or double-quoted scalar; escapes as YAML defines them.
  func quoted(at p: inout Int, end: Int) throws(Bail) -> String {
    let quote = b[p]
    p += 1
    var out: [UInt8] = []
    while p < end {
      let x = b[p]
      if x == quote {
        if quote == UInt8(ascii: "'"), p + 1 < end, b[p + 1] == quote {
          out.append(quote)
          p += 2
          continue
        }
        p += 1
        return String(decoding: out, as: UTF8.self)
      }
      if x == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
        guard p + 1 < end else { throw Bail() }
        let e = b[p + 1]
        p += 2
        switch e {
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"), 9: out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: " "): out.append(32)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
          let n = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
          guard p + n <= end, let v = UInt32(String(decoding: b[p..<(p + n)], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(v)
          else { throw Bail() }
          out += Array(String(Character(scalar)).utf8)
          p += n
        default: throw Bail()
        }
        continue
      }
      out.append(x)
      p += 1
    }
    throw Bail()
  }

  /// A flow collection that opens and closes on this line: `[a, b]`, `{ k: v, k2: v2 }`.
  mutating func flow(at p: inout Int, line l: Line, depth: Int) throws(Bail) -> YNode {
    guard depth <= InventoryLimits.depth else { throw Bail() }
    let column = self.column(p, l)
    let open = b[p]
    let close = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
    p += 1
    var items: [YNode] = []
    var pairs: [(key: YNode, value: YNode)] = []
    p = skipSpaces(p, l.end)
    if p < l.end, b[p] == close {
      p += 1
      return YNode(open == UInt8(ascii: "[") ? .sequence([]) : .mapping([]), line: l.number, column: column)
    }
    while true {
      p = skipSpaces(p, l.end)
      guard p < l.end else { throw Bail() }
      let item: YNode
      if b[p] == UInt8(ascii: "[") || b[p] == UInt8(ascii: "{") {
        item = try flow(at: &p, line: l, depth: depth + 1)
      } else {
        item = try scalar(at: &p, end: l.end, line: l, key: false, flow: true)
      }
      p = skipSpaces(p, l.end)
      guard p < l.end else { throw Bail() }
      if open == UInt8(ascii: "{") {
        var value = YNode(.scalar(.null), line: l.number, column: self.column(p, l))
        if b[p] == Self.colon {
          p = skipSpaces(p + 1, l.end)
          guard p < l.end else { throw Bail() }
          if b[p] != UInt8(ascii: ",") && b[p] != close {
            value =
              b[p] == UInt8(ascii: "[") || b[p] == UInt8(ascii: "{")
              ? try flow(at: &p, line: l, depth: depth + 1)
              : try scalar(at: &p, end: l.end, line: l, key: false, flow: true)
            p = skipSpaces(p, l.end)
            guard p < l.end else { throw Bail() }
          }
        }
        pairs.append((item, value))
      } else {
        if b[p] == Self.colon { throw Bail() }
        items.append(item)
      }
      if b[p] == UInt8(ascii: ",") {
        p += 1
        continue
      }
      guard b[p] == close else { throw Bail() }
      p += 1
      break
    }
    if open == UInt8(ascii: "[") { return YNode(.sequence(items), line: l.number, column: column) }
    return YNode(.mapping(YNode.folded(pairs, duplicates: &duplicates)), line: l.number, column: column)
  }
}
