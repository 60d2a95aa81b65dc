import LabModel

/// A TOML table while its document is read: tables are opened, extended and closed by later
/// lines, so they are references, local to one `TOMLReader` run (not `Sendable`). The two
/// marks are `tomllib`'s flags: `explicit` — defined by a `[header]` (or, from the next header
/// on, by dotted keys), so a second `[header]` may not open it; `frozen` — an inline table or
/// an array written as a value, closed to every later line.
final class TOMLTable {
  var entries: [(key: YNode, value: TOMLValue)] = []
  /// The entries' keys, for a quick look-up in small tables.
  var names: [String] = []
  /// Key → entry, built once the table grows past a few keys.
  var index: [String: Int] = [:]
  var explicit = false
  var frozen = false
  let line: Int
  let column: Int
  /// Containers around it, the document's root table being 0.
  let depth: Int

  init(line: Int, column: Int, depth: Int) {
    self.line = line
    self.column = column
    self.depth = depth
  }

  func find(_ key: String) -> Int? {
    if names.count <= 8 {
      for i in 0..<names.count where names[i] == key { return i }
      return nil
    }
    if index.isEmpty {
      for i in 0..<names.count { index[names[i]] = i }
    }
    return index[key]
  }

  func add(_ name: String, _ key: YNode, _ value: TOMLValue) {
    if names.count >= 8 {
      if index.isEmpty { _ = find("") }
      index[name] = names.count
    }
    names.append(name)
    entries.append((key, value))
  }
}

/// A TOML array: written as a value (`frozen`), or an array of tables built by `[[header]]`
/// lines (`explicit`, as `tomllib` marks it).
final class TOMLArray {
  var items: [TOMLValue] = []
  var explicit = false
  var frozen = false
  let line: Int
  let column: Int

  init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// A value of a TOML document being read.
enum TOMLValue {
  case scalar(YNode)
  case table(TOMLTable)
  case array(TOMLArray)

  /// The value as the `YNode` tree the inventory plugins read: keys in document order, each key
  /// and value at its line and column. Recursion is bounded by `InventoryLimits.depth`.
  var node: YNode {
    switch self {
    case .scalar(let node): return node
    case .table(let table):
      return YNode(.mapping(table.entries.map { ($0.key, $0.value.node) }), line: table.line, column: table.column)
    case .array(let array):
      return YNode(.sequence(array.items.map(\.node)), line: array.line, column: array.column)
    }
  }

  var isContainer: Bool {
    if case .scalar = self { return false }
    return true
  }

  /// Marks an inline table or array closed to later lines.
  func freeze() {
    switch self {
    case .scalar: break
    case .table(let table): table.frozen = true
    case .array(let array): array.frozen = true
    }
  }
}
