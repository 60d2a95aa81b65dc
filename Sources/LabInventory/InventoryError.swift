import LabIO
import LabModel

/// A problem Ansible would refuse the inventory for, with where it is.
struct InventoryError: Error, Sendable {
  var message: String
  var file: String
  var line: Int
  var column: Int
  var notes: [String] = []

  init(_ message: String, file: String, line: Int = 1, column: Int = 1, notes: [String] = []) {
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.notes = notes
  }

  var diagnostic: Diagnostic {
    .error("inventory", message, at: SourceLocation(file: file, line: line, column: column), notes: notes)
  }
}

/// Bounds on what one inventory may make labctl build, so hostile input ends in an error
/// instead of a crash, a hang or unbounded memory (docs/inventory.md, "Limits").
enum InventoryLimits {
  /// Collections nested inside one another (YAML, JSON, INI literal values); far below the
  /// stack's reach even in a debug build. Ansible's own parsers stop near Python's recursion limit.
  static let depth = 200
  /// Nodes aliases may add to one file, counted as fully expanded (a "billion laughs" guard).
  static let aliasNodes = 100_000
  /// Hosts one host pattern (`web[0:99]`) may expand to.
  static let hostsPerPattern = 100_000
  /// Hosts all patterns of one inventory source may expand to together.
  static let hosts = 250_000
  /// Values (scalars, tables, arrays) one TOML file may hold: ten or more per host of a
  /// 100,000-host inventory, while a hostile array stays within a few hundred MB.
  static let tomlValues = 2_000_000

  static func depthMessage(_ what: String = "collections") -> String {
    "\(what) nest more than \(depth) levels deep here; expected at most \(depth) levels (labctl's limit)"
  }
}
