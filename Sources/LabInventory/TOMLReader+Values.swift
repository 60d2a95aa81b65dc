import LabModel

/// Keys, strings, arrays and inline tables, as `tomllib` reads them.
extension TOMLReader {
  static func isBareKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
  }

  /// Control characters TOML refuses in strings and comments (tab allowed, newline where `newline`).
  static func isIllegal(_ b: UInt8, newline: Bool = false) -> Bool {
    (b < 0x20 && b != 9 && !(newline && b == 10)) || b == 0x7F
  }

  mutating func skipSpaces() {
    while pos < src.count, src[pos] == 0x20 || src[pos] == 9 { pos += 1 }
  }

  mutating func skipComment() throws(InventoryError) {
    guard pos < src.count, src[pos] == UInt8(ascii: "#") else { return }
    pos += 1
    while pos < src.count, src[pos] != 10 {
      if Self.isIllegal(src[pos]) { throw illegal(src[pos], in: "a comment") }
      pos += 1
    }
  }

  /// Spaces, newlines and comments inside an array.
  mutating func skipArraySpace() throws(InventoryError) {
    while true {
      let before = pos
      while pos < src.count, src[pos] == 0x20 || src[pos] == 9 || src[pos] == 10 { pos += 1 }
      try skipComment()
      if pos == before { return }
    }
  }

  mutating func illegal(_ b: UInt8, in place: String) -> InventoryError {
    let hex = String(b, radix: 16, uppercase: true)
    return fail(
      "the control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex) may not appear in \(place)")
  }

  // MARK: Keys

  mutating func parseKey() throws(InventoryError) -> Key {
    var key: Key = [try parseKeyPart()]
    skipSpaces()
    while pos < src.count, src[pos] == UInt8(ascii: ".") {
      pos += 1
      skipSpaces()
      key.append(try parseKeyPart())
      try checkDepth(key.count, at: key[key.count - 1].at)
      skipSpaces()
    }
    return key
  }

  mutating func parseKeyPart() throws(InventoryError) -> KeyPart {
    let start = pos
    let (line, column) = location(of: start)
    func part(_ name: String) -> KeyPart { KeyPart(name: name, at: start, line: line, column: column) }
    guard pos < src.count else { throw fail("expected a key, found the end of the file") }
    let c = src[pos]
    if Self.isBareKeyByte(c) {
      while pos < src.count, Self.isBareKeyByte(src[pos]) { pos += 1 }
      return part(String(decoding: src[start..<pos], as: UTF8.self))
    }
    if c == UInt8(ascii: "'") { return part(try literalString()) }
    if c == UInt8(ascii: "\"") { return part(try basicString(multiline: false)) }
    throw fail("expected a key (letters, digits, '-', '_', or quoted text)")
  }

  // MARK: Values

  /// One value at `depth` containers down.
  mutating func parseValue(depth: Int) throws(InventoryError) -> TOMLValue {
    let start = pos
    try count(at: start)
    guard pos < src.count else { throw fail("expected a value, found the end of the file") }
    let c = src[pos]
    switch c {
    case UInt8(ascii: "\""):
      let s = starts("\"\"\"") ? try multilineString(literal: false) : try basicString(multiline: false)
      return scalar(.string(s), at: start, quoted: true)
    case UInt8(ascii: "'"):
      let s = starts("'''") ? try multilineString(literal: true) : try literalString()
      return scalar(.string(s), at: start, quoted: true)
    case UInt8(ascii: "t") where starts("true"):
      pos += 4
      return scalar(.bool(true), at: start)
    case UInt8(ascii: "f") where starts("false"):
      pos += 5
      return scalar(.bool(false), at: start)
    case UInt8(ascii: "["):
      try checkDepth(depth, at: start)
      return .array(try parseArray(depth: depth))
    case UInt8(ascii: "{"):
      try checkDepth(depth, at: start)
      return .table(try parseInlineTable(depth: depth))
    default:
      if let text = try dateTime() { return scalar(.string(text), at: start) }
      if let number = number() { return scalar(number, at: start) }
      for special in ["inf", "nan", "+inf", "-inf", "+nan", "-nan"] where starts(special) {
        pos += special.utf8.count
        let value: Double = special.hasSuffix("nan") ? .nan : (special.hasPrefix("-") ? -.infinity : .infinity)
        return scalar(.double(value), at: start)
      }
      throw fail("expected a value (text in quotes, a number, true or false, a date, an array or an inline table)")
    }
  }

  /// A scalar; `quoted` for TOML text, so a date (also kept as text) can be told from it.
  mutating func scalar(_ value: JSONValue, at start: Int, quoted: Bool = false) -> TOMLValue {
    let (line, column) = location(of: start)
    return .scalar(YNode(.scalar(value), line: line, column: column, quoted: quoted))
  }

  func starts(_ text: String) -> Bool {
    var i = pos
    for b in text.utf8 {
      guard i < src.count, src[i] == b else { return false }
      i += 1
    }
    return true
  }

  mutating func parseArray(depth: Int) throws(InventoryError) -> TOMLArray {
    let (line, column) = location(of: pos)
    let array = TOMLArray(line: line, column: column)
    array.frozen = true
    pos += 1
    try skipArraySpace()
    if pos < src.count, src[pos] == UInt8(ascii: "]") {
      pos += 1
      return array
    }
    while true {
      array.items.append(try parseValue(depth: depth + 1))
      try skipArraySpace()
      guard pos < src.count, src[pos] == UInt8(ascii: "]") || src[pos] == UInt8(ascii: ",") else {
        throw fail("expected ',' or ']' in the array opened at line \(line), column \(column)")
      }
      pos += 1
      if src[pos - 1] == UInt8(ascii: "]") { return array }
      try skipArraySpace()
      if pos < src.count, src[pos] == UInt8(ascii: "]") {
        pos += 1
        return array
      }
    }
  }

  /// `{ k = v, a.b = w }`: on one line, no comma after the last pair (TOML 1.0).
  mutating func parseInlineTable(depth: Int) throws(InventoryError) -> TOMLTable {
    let (line, column) = location(of: pos)
    let table = TOMLTable(line: line, column: column, depth: depth)
    pos += 1
    skipSpaces()
    if pos < src.count, src[pos] == UInt8(ascii: "}") {
      pos += 1
      return table
    }
    while true {
      let key = try parseKey()
      guard pos < src.count, src[pos] == UInt8(ascii: "=") else {
        throw fail("expected '=' after the key '\(Self.text(key))'")
      }
      pos += 1
      skipSpaces()
      try checkDepth(depth + key.count, at: pos)
      let value = try parseValue(depth: depth + key.count)
      var nest = table
      for (i, part) in key.dropLast().enumerated() {
        guard let at = nest.find(part.name) else {
          let made = TOMLTable(line: part.line, column: part.column, depth: nest.depth + 1)
          try count(at: part.at)
          nest.add(part.name, keyNode(part), .table(made))
          nest = made
          continue
        }
        guard case .table(let t) = nest.entries[at].value, !t.frozen else {
          throw fail("'\(Self.text(Array(key[...i])))' is already a value in this inline table", at: part.at)
        }
        nest = t
      }
      let stem = key[key.count - 1]
      if nest.find(stem.name) != nil {
        throw fail(
          "the key '\(Self.text(key))' is already defined in this inline table; expected each key once", at: stem.at)
      }
      value.freeze()
      nest.add(stem.name, keyNode(stem), value)
      skipSpaces()
      guard pos < src.count, src[pos] == UInt8(ascii: "}") || src[pos] == UInt8(ascii: ",") else {
        throw fail("expected ',' or '}' in the inline table opened at line \(line), column \(column) (on one line)")
      }
      pos += 1
      if src[pos - 1] == UInt8(ascii: "}") { return table }
      skipSpaces()
    }
  }

  // MARK: Strings

  /// `'…'`: no escapes.
  mutating func literalString() throws(InventoryError) -> String {
    pos += 1
    let start = pos
    while true {
      guard pos < src.count else { throw fail("expected \"'\" to close the text") }
      let b = src[pos]
      if b == UInt8(ascii: "'") { break }
      if Self.isIllegal(b) {
        throw b == 10 ? fail("expected \"'\" to close the text on its line") : illegal(b, in: "text")
      }
      pos += 1
    }
    pos += 1
    return String(decoding: src[start..<(pos - 1)], as: UTF8.self)
  }

  /// `"…"` (or the body of `"""…"""` when `multiline`), with its escapes.
  mutating func basicString(multiline: Bool) throws(InventoryError) -> String {
    if !multiline { pos += 1 }
    var out: [UInt8] = []
    var start = pos
    while true {
      guard pos < src.count else { throw fail("expected '\"' to close the text") }
      let b = src[pos]
      if b == UInt8(ascii: "\"") {
        if !multiline {
          out += src[start..<pos]
          pos += 1
          return String(decoding: out, as: UTF8.self)
        }
        if starts("\"\"\"") {
          out += src[start..<pos]
          pos += 3
          return String(decoding: out, as: UTF8.self)
        }
        pos += 1
        continue
      }
      if b == UInt8(ascii: "\\") {
        out += src[start..<pos]
        try escape(multiline: multiline, into: &out)
        start = pos
        continue
      }
      if Self.isIllegal(b, newline: multiline) {
        throw b == 10 ? fail("expected '\"' to close the text on its line") : illegal(b, in: "text")
      }
      pos += 1
    }
  }

  mutating func escape(multiline: Bool, into out: inout [UInt8]) throws(InventoryError) {
    let at = pos
    pos += 2
    let next: UInt8 = at + 1 < src.count ? src[at + 1] : 0
    if multiline && (next == 0x20 || next == 9 || next == 10) {
      // A line-ending backslash: the newline and the spaces and newlines after it are dropped.
      if next != 10 {
        skipSpaces()
        guard pos < src.count else { return }
        guard src[pos] == 10 else { throw fail("expected only spaces after a line-ending backslash", at: at) }
        pos += 1
      }
      while pos < src.count, src[pos] == 0x20 || src[pos] == 9 || src[pos] == 10 { pos += 1 }
      return
    }
    let simple: UInt8? =
      switch next {
      case UInt8(ascii: "b"): 8
      case UInt8(ascii: "t"): 9
      case UInt8(ascii: "n"): 10
      case UInt8(ascii: "f"): 12
      case UInt8(ascii: "r"): 13
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): next
      default: nil
      }
    if let simple {
      out.append(simple)
      return
    }
    guard next == UInt8(ascii: "u") || next == UInt8(ascii: "U") else {
      throw fail("expected an escape (\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX) after '\\'", at: at)
    }
    let width = next == UInt8(ascii: "u") ? 4 : 8
    guard pos + width <= src.count,
      let code = UInt32(String(decoding: src[pos..<(pos + width)], as: UTF8.self), radix: 16),
      src[pos..<(pos + width)].allSatisfy({
        UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || (0x41...0x46) ~= ($0 & 0xDF)
      })
    else { throw fail("expected \(width) hexadecimal digits after '\\\(Character(UnicodeScalar(next)))'") }
    pos += width
    guard let scalar = Unicode.Scalar(code) else {
      throw fail("the escape \\\(Character(UnicodeScalar(next)))… is not a Unicode scalar value")
    }
    out += Array(String(Character(scalar)).utf8)
  }

  /// `"""…"""` or `'''…'''`: a newline right after the opening is dropped; up to two quotes
  /// before the closing three belong to the text.
  mutating func multilineString(literal: Bool) throws(InventoryError) -> String {
    pos += 3
    if pos < src.count, src[pos] == 10 { pos += 1 }
    var text: String
    if literal {
      let start = pos
      while !starts("'''") {
        guard pos < src.count else { throw fail("expected \"'''\" to close the text") }
        if Self.isIllegal(src[pos], newline: true) { throw illegal(src[pos], in: "text") }
        pos += 1
      }
      text = String(decoding: src[start..<pos], as: UTF8.self)
      pos += 3
    } else {
      text = try basicString(multiline: true)
    }
    let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
    for _ in 0..<2 where pos < src.count && src[pos] == quote {
      text.append(Character(UnicodeScalar(quote)))
      pos += 1
    }
    return text
  }
}
