/// A block-style YAML file seen line by line: each `key: value` with the byte range of its value, enough to
/// find an image tag and change exactly its bytes. Never re-serialises anything; comments, order, quoting
/// and layout stay as they are. Flow collections (`{…}`, `[…]`) and the insides of block scalars (`|`, `>`)
/// are skipped, so text inside a ConfigMap's script is never taken for a key.
struct YAMLLines {
  /// One `key: value` (or a scalar sequence item) on one line.
  struct Entry {
    /// 0-based line number.
    var line: Int
    /// The column of the key (after any `- `).
    var column: Int
    /// The column of the line's first character (a `-` for an item's first key).
    var contentColumn: Int
    /// True when the key is a sequence item's first key (`- name: x`).
    var startsItem: Bool
    /// The key (nil for a scalar sequence item `- value`).
    var key: String?
    /// The value's text, without quotes.
    var value: String
    /// The byte range of the value in the file, inside its quotes.
    var valueRange: Range<Int>
    /// The quote around the value (`"` or `'`), if any.
    var quote: UInt8?
  }

  /// A line that is neither blank nor a comment, with its first column (nil: blank, comment or inside a
  /// block scalar, which bounds nothing).
  private(set) var columns: [Int?] = []
  private(set) var entries: [Entry] = []
  /// The byte offset where each line starts.
  private(set) var lineStarts: [Int] = []

  init(_ bytes: [UInt8]) {
    var start = 0
    var blockScalarIndent: Int?
    var lineNumber = 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
      lineStarts.append(start)
      scan(bytes, start, end, line: lineNumber, blockScalar: &blockScalarIndent)
      lineNumber += 1
      if end >= bytes.count { break }
      start = end + 1
    }
  }

  private mutating func scan(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int, blockScalar: inout Int?) {
    var i = start
    while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
    let column = i - start
    let lineEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
    if i >= lineEnd || bytes[i] == UInt8(ascii: "#") {
      columns.append(nil)
      return
    }
    if let indent = blockScalar {
      if column > indent {
        columns.append(nil)
        return
      }
      blockScalar = nil
    }
    columns.append(column)
    var keyStart = i
    var startsItem = false
    while keyStart + 1 < lineEnd, bytes[keyStart] == UInt8(ascii: "-"),
      bytes[keyStart + 1] == UInt8(ascii: " ")
    {
      startsItem = true
      keyStart += 2
      while keyStart < lineEnd, bytes[keyStart] == UInt8(ascii: " ") { keyStart += 1 }
    }
    if startsItem, keyStart >= lineEnd { return }
    let keyColumn = keyStart - start
    guard let colon = Self.keyColon(bytes, keyStart, lineEnd) else {
      // A scalar sequence item: `- ghcr.io/owner/app:tag`.
      if startsItem, let (range, quote) = Self.valueRange(bytes, keyStart, lineEnd) {
        entries.append(
          Entry(
            line: line, column: keyColumn, contentColumn: column, startsItem: true, key: nil,
            value: String(decoding: bytes[range], as: UTF8.self), valueRange: range, quote: quote))
      }
      return
    }
    var key = String(decoding: bytes[keyStart..<colon], as: UTF8.self)
    if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first {
      key = String(key.dropFirst().dropLast())
    }
    let valueStart = colon + 1
    let parsed = Self.valueRange(bytes, valueStart, lineEnd)
    if let (range, quote) = parsed, quote == nil {
      let first = bytes[range.lowerBound]
      if first == UInt8(ascii: "|") || first == UInt8(ascii: ">") {
        blockScalar = keyColumn
        entries.append(
          Entry(
            line: line, column: keyColumn, contentColumn: column, startsItem: startsItem, key: key, value: "",
            valueRange: range.lowerBound..<range.lowerBound, quote: nil))
        return
      }
    }
    let range = parsed?.0 ?? lineEnd..<lineEnd
    entries.append(
      Entry(
        line: line, column: keyColumn, contentColumn: column, startsItem: startsItem, key: key,
        value: String(decoding: bytes[range], as: UTF8.self), valueRange: range, quote: parsed?.1))
  }

  /// The colon that ends a block mapping key on this line (followed by a space or the line's end), if any.
  private static func keyColon(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
    guard start < end else { return nil }
    let first = bytes[start]
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return nil }
    var i = start
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      i += 1
      while i < end, bytes[i] != first { i += 1 }
      i += 1
      return i < end && bytes[i] == UInt8(ascii: ":") && (i + 1 == end || bytes[i + 1] == UInt8(ascii: " "))
        ? i : nil
    }
    while i < end {
      if bytes[i] == UInt8(ascii: ":"), i + 1 == end || bytes[i + 1] == UInt8(ascii: " ") { return i }
      if bytes[i] == UInt8(ascii: "#"), i > start, bytes[i - 1] == UInt8(ascii: " ") { return nil }
      i += 1
    }
    return nil
  }

  /// The value after a key (or dash): the bytes inside its quotes, or up to a comment, trailing spaces trimmed;
  /// nil when there is no value or it is a flow collection, an anchor, alias or tag (left alone).
  private static func valueRange(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Range<Int>, UInt8?)? {
    var i = start
    while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
    guard i < end else { return nil }
    let first = bytes[i]
    if [
      UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "#"),
    ]
    .contains(first) {
      return nil
    }
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      var j = i + 1
      while j < end, bytes[j] != first || (first == UInt8(ascii: "\"") && bytes[j - 1] == UInt8(ascii: "\\")) {
        j += 1
      }
      guard j < end else { return nil }
      return (i + 1..<j, first)
    }
    var j = i
    while j < end, !(bytes[j] == UInt8(ascii: "#") && bytes[j - 1] == UInt8(ascii: " ")) { j += 1 }
    while j > i, bytes[j - 1] == UInt8(ascii: " ") { j -= 1 }
    return (i..<j, nil)
  }

  /// The entries of the mapping that holds `entry`: same column, up to a line left of it or the next item of
  /// the same sequence.
  func siblings(of index: Int) -> [Entry] {
    let entry = entries[index]
    let first = firstLine(ofMappingAt: entry)
    let last = lastLine(ofMappingAt: entry)
    return entries.filter { $0.line >= first && $0.line <= last && $0.column == entry.column }
  }

  private func firstLine(ofMappingAt entry: Entry) -> Int {
    if entry.startsItem { return entry.line }
    var line = entry.line - 1
    while line >= 0 {
      if let column = columns[line] {
        if column < entry.column {
          // An item's first key at this column belongs to the mapping; anything else left of it ends it.
          if let e = entries.first(where: { $0.line == line }), e.startsItem, e.column == entry.column {
            return line
          }
          return line + 1
        }
        if column == entry.column, entries.first(where: { $0.line == line && $0.column == column }) == nil {
          return line + 1
        }
      }
      line -= 1
    }
    return 0
  }

  private func lastLine(ofMappingAt entry: Entry) -> Int {
    var line = entry.line + 1
    while line < columns.count {
      if let column = columns[line] {
        if column < entry.column { return line - 1 }
        if column == entry.column, entries.first(where: { $0.line == line && $0.column == column }) == nil {
          return line - 1
        }
      }
      line += 1
    }
    return columns.count - 1
  }

  /// The items of the block sequence whose item `entry` begins (its first keys), in order.
  func items(besides index: Int) -> [Int] {
    let entry = entries[index]
    guard entry.startsItem else { return [] }
    let dash = entry.contentColumn
    var first = entry.line
    var line = entry.line - 1
    while line >= 0 {
      if let column = columns[line] {
        if column < dash { break }
        if column == dash, !(entries.first { $0.line == line }?.startsItem ?? false) { break }
        if column == dash { first = line }
      }
      line -= 1
    }
    var last = entry.line
    line = entry.line + 1
    while line < columns.count {
      if let column = columns[line] {
        if column < dash { break }
        if column == dash, !(entries.first { $0.line == line }?.startsItem ?? false) { break }
      }
      last = line
      line += 1
    }
    return entries.indices.filter {
      entries[$0].startsItem && entries[$0].contentColumn == dash && entries[$0].line >= first
        && entries[$0].line <= last
    }
  }
}
