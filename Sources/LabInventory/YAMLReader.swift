import LabModel

/// Reads a YAML document into a `YNode` tree: the fast block-style scanner first, Yams
/// (libyaml, bundled) for whatever the scanner leaves to it.
enum YAMLReader {
  static func parse(_ text: String, file: String) throws(InventoryError) -> YNode? {
    try read(text, file: file).root
  }

  /// The tree (nil for an empty document) and the keys that repeat an earlier key of their
  /// mapping, which PyYAML reads past (the last value wins) with a warning for each.
  static func read(_ text: String, file: String) throws(InventoryError) -> (root: YNode?, duplicates: [YNode]) {
    if let fast = FastYAML.read(text) { return fast }
    return try YamsTree.read(text, file: file)
  }

  /// Ansible's warning for each repeated key, in line order.
  static func duplicateWarnings(_ keys: [YNode], file: String) -> [Diagnostic] {
    keys.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map { k in
      .warning(
        "inventory",
        "Found duplicate mapping key '\(k.string ?? PythonJSON.keyText(k.json))'. Using last defined value only.",
        at: SourceLocation(file: file, line: k.line, column: k.column))
    }
  }
}
