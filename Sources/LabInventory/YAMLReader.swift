/// Reads a YAML document into a `YNode` tree: the fast block-style scanner first, Yams
/// (libyaml, bundled) for whatever the scanner leaves to it.
enum YAMLReader {
  static func parse(_ text: String, file: String) throws(InventoryError) -> YNode? {
    if let fast = FastYAML.parse(text) { return fast }
    return try YamsTree.parse(text, file: file)
  }
}
