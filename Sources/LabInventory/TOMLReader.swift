import Foundation
import LabModel

/// Reads a TOML 1.0 document as Python's `tomllib` (what Ansible's `toml` plugin uses) does —
/// the same documents accepted, the same refused — into a `YNode` tree: keys in document order,
/// the line and column of every key and value, strings `quoted` (TOML text always is), dates and
/// times as the ISO text Ansible prints for them. Bounded by `InventoryLimits`; every refusal is
/// an `InventoryError` at its line and column.
struct TOMLReader {
  /// One dotted part of a key, where it starts (offset, line, column).
  struct KeyPart {
    var name: String
    var at: Int
    var line: Int
    var column: Int
  }

  /// A key of a header or key/value line, one dotted part at a time.
  typealias Key = [KeyPart]

  let file: String
  /// The document's UTF-8 bytes, `\r\n` read as `\n` (as `tomllib` does); valid while `read` runs.
  let src: UnsafeBufferPointer<UInt8>
  var pos = 0
  /// Values read so far, against `InventoryLimits.tomlValues`.
  var values = 0
  /// Tables dotted keys made in the current section: explicit from the next header on.
  var pending: [TOMLTable] = []
  /// Where `location(of:)` last was, so positions asked in document order cost one pass.
  var cursor = (pos: 0, line: 1, column: 1)

  init(_ src: UnsafeBufferPointer<UInt8>, file: String) {
    self.file = file
    self.src = src
  }

  /// The document's root table as a mapping node.
  static func read(_ text: String, file: String) throws(InventoryError) -> YNode {
    var bytes = Array(text.utf8)
    let hasReturn = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map { memchr($0, 13, buffer.count) != nil } ?? false
    }
    if hasReturn {
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      for (i, b) in bytes.enumerated() where !(b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10) { out.append(b) }
      bytes = out
    }
    return try bytes.withUnsafeBufferPointer { buffer throws(InventoryError) in
      var reader = TOMLReader(buffer, file: file)
      return TOMLValue.table(try reader.document()).node
    }
  }

  // MARK: Positions and errors

  mutating func location(of target: Int) -> (line: Int, column: Int) {
    if target < cursor.pos { cursor = (0, 1, 1) }
    var (line, column) = (cursor.line, cursor.column)
    var i = cursor.pos
    while i < target && i < src.count {
      let b = src[i]
      if b == 10 {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
      i += 1
    }
    cursor = (target, line, column)
    return (line, column)
  }

  mutating func fail(_ message: String, at position: Int? = nil) -> InventoryError {
    let (line, column) = location(of: position ?? pos)
    return InventoryError("TOML file is invalid: " + message, file: file, line: line, column: column)
  }

  func keyNode(_ part: KeyPart) -> YNode {
    YNode(.scalar(.string(part.name)), line: part.line, column: part.column, quoted: true)
  }

  /// Counts one more value against the limit.
  mutating func count(at position: Int) throws(InventoryError) {
    values += 1
    guard values <= InventoryLimits.tomlValues else {
      throw fail(
        "the file holds more than \(InventoryLimits.tomlValues) values; expected at most "
          + "\(InventoryLimits.tomlValues) in one TOML file (labctl's limit)", at: position)
    }
  }

  mutating func checkDepth(_ depth: Int, at position: Int) throws(InventoryError) {
    guard depth <= InventoryLimits.depth else {
      let (line, column) = location(of: position)
      throw InventoryError(InventoryLimits.depthMessage("tables and arrays"), file: file, line: line, column: column)
    }
  }

  static func text(_ key: Key) -> String {
    key.map { part in
      let bare = !part.name.isEmpty && part.name.utf8.allSatisfy(isBareKeyByte)
      return bare ? part.name : "\"" + part.name + "\""
    }.joined(separator: ".")
  }

  // MARK: The document, one statement a line

  mutating func document() throws(InventoryError) -> TOMLTable {
    let root = TOMLTable(line: 1, column: 1, depth: 0)
    var table = root
    while true {
      skipSpaces()
      guard pos < src.count else { break }
      let c = src[pos]
      if c == 10 {
        pos += 1
        continue
      }
      if Self.isBareKeyByte(c) || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        try keyValue(in: table)
        skipSpaces()
      } else if c == UInt8(ascii: "[") {
        for t in pending { t.explicit = true }
        pending.removeAll()
        if pos + 1 < src.count && src[pos + 1] == UInt8(ascii: "[") {
          table = try arrayTableHeader(root)
        } else {
          table = try tableHeader(root)
        }
        skipSpaces()
      } else if c != UInt8(ascii: "#") {
        throw fail("expected a key, a [table] header, a comment or a blank line")
      }
      try skipComment()
      guard pos < src.count else { break }
      guard src[pos] == 10 else { throw fail("expected a newline or the end of the file after a statement") }
      pos += 1
    }
    return root
  }

  /// `key = value` in `table` (the current section).
  mutating func keyValue(in table: TOMLTable) throws(InventoryError) {
    let key = try parseKey()
    guard pos < src.count, src[pos] == UInt8(ascii: "=") else {
      throw fail("expected '=' after the key '\(Self.text(key))'")
    }
    pos += 1
    skipSpaces()
    try checkDepth(table.depth + key.count, at: pos)
    let value = try parseValue(depth: table.depth + key.count)
    var nest = table
    for (i, part) in key.dropLast().enumerated() {
      guard let at = nest.find(part.name) else {
        let made = TOMLTable(line: part.line, column: part.column, depth: nest.depth + 1)
        try count(at: part.at)
        nest.add(part.name, keyNode(part), .table(made))
        pending.append(made)
        nest = made
        continue
      }
      var path: String { Self.text(Array(key[...i])) }
      switch nest.entries[at].value {
      case .table(let t):
        if t.explicit {
          throw fail("the table '\(path)' is already defined; a dotted key may not add to it", at: part.at)
        }
        if t.frozen { throw fail("'\(path)' is an inline table; it may not be added to later", at: part.at) }
        pending.append(t)
        nest = t
      case .array(let a):
        if a.explicit { throw fail("'\(path)' is an array of tables; a dotted key may not add to it", at: part.at) }
        throw fail("'\(path)' is an array; it may not be added to later", at: part.at)
      case .scalar(let v):
        throw fail("'\(path)' is already a value (line \(v.line)); expected each key once", at: part.at)
      }
    }
    let stem = key[key.count - 1]
    if nest.frozen { throw fail("'\(Self.text(key.dropLast()))' is an inline table; it may not be added to later") }
    if let at = nest.find(stem.name) {
      let first = nest.entries[at].key.line
      throw fail("the key '\(Self.text(key))' is already defined (line \(first)); expected each key once", at: stem.at)
    }
    value.freeze()
    nest.add(stem.name, keyNode(stem), value)
  }

  /// `[a.b]`: returns the table it opens.
  mutating func tableHeader(_ root: TOMLTable) throws(InventoryError) -> TOMLTable {
    let start = pos
    let (line, column) = location(of: start)
    pos += 1
    skipSpaces()
    let key = try parseKey()
    let parent = try headerParent(root, key)
    let stem = key[key.count - 1]
    let table: TOMLTable
    if let at = parent.find(stem.name) {
      let first = parent.entries[at].key.line
      switch parent.entries[at].value {
      case .table(let t) where !t.explicit && !t.frozen:
        table = t
      case .scalar:
        throw fail("'\(Self.text(key))' is already a value (line \(first)); expected each key once", at: stem.at)
      default:
        throw fail(
          "the table '\(Self.text(key))' is already defined (line \(first)); expected each table once", at: start)
      }
    } else {
      try checkDepth(parent.depth + 1, at: stem.at)
      try count(at: stem.at)
      table = TOMLTable(line: line, column: column, depth: parent.depth + 1)
      parent.add(stem.name, keyNode(stem), .table(table))
    }
    table.explicit = true
    guard pos < src.count, src[pos] == UInt8(ascii: "]") else {
      throw fail("expected ']' at the end of the table header")
    }
    pos += 1
    return table
  }

  /// `[[a.b]]`: appends a table to the array of tables and returns it.
  mutating func arrayTableHeader(_ root: TOMLTable) throws(InventoryError) -> TOMLTable {
    let start = pos
    let (line, column) = location(of: start)
    pos += 2
    skipSpaces()
    let key = try parseKey()
    let parent = try headerParent(root, key)
    let stem = key[key.count - 1]
    let array: TOMLArray
    if let at = parent.find(stem.name) {
      let first = parent.entries[at].key.line
      switch parent.entries[at].value {
      case .array(let a) where !a.frozen:
        array = a
      case .array, .table(_):
        throw fail(
          "'\(Self.text(key))' is already defined (line \(first)) as a table or an array; expected an array "
            + "of tables only where [[\(Self.text(key))]] is all that defines it", at: start)
      case .scalar:
        throw fail("'\(Self.text(key))' is already a value (line \(first)); expected each key once", at: stem.at)
      }
    } else {
      try checkDepth(parent.depth + 1, at: stem.at)
      try count(at: stem.at)
      array = TOMLArray(line: line, column: column)
      parent.add(stem.name, keyNode(stem), .array(array))
    }
    array.explicit = true
    try checkDepth(parent.depth + 2, at: stem.at)
    try count(at: start)
    let table = TOMLTable(line: line, column: column, depth: parent.depth + 2)
    array.items.append(.table(table))
    guard pos + 1 < src.count, src[pos] == UInt8(ascii: "]"), src[pos + 1] == UInt8(ascii: "]") else {
      throw fail("expected ']]' at the end of the array-of-tables header")
    }
    pos += 2
    return table
  }

  /// The table a header's last key part goes in: tables made on the way, the last table of an
  /// array of tables entered.
  mutating func headerParent(_ root: TOMLTable, _ key: Key) throws(InventoryError) -> TOMLTable {
    var nest = root
    for (i, part) in key.dropLast().enumerated() {
      guard let at = nest.find(part.name) else {
        try checkDepth(nest.depth + 1, at: part.at)
        try count(at: part.at)
        let made = TOMLTable(line: part.line, column: part.column, depth: nest.depth + 1)
        nest.add(part.name, keyNode(part), .table(made))
        nest = made
        continue
      }
      var path: String { Self.text(Array(key[...i])) }
      switch nest.entries[at].value {
      case .table(let t) where !t.frozen:
        nest = t
      case .array(let a) where !a.frozen:
        guard case .table(let last) = a.items.last else { throw fail("'\(path)' is not a table", at: part.at) }
        nest = last
      case .scalar(let v):
        throw fail("'\(path)' is already a value (line \(v.line)); expected each key once", at: part.at)
      default:
        throw fail("'\(path)' is an inline table or array; a header may not add to it", at: part.at)
      }
    }
    return nest
  }
}
