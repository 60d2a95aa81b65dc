import LabIO
import LabModel

/// What the YAML and TOML inventory plugins share: the file they read, and errors and warnings
/// located at one of its nodes.
protocol InventoryPluginFile {
  var file: String { get }
  /// Warnings Ansible prints (and goes on).
  var warnings: [Diagnostic] { get set }
}

extension InventoryPluginFile {
  func error(_ message: String, _ node: YNode) -> InventoryError {
    InventoryError(message, file: file, line: node.line, column: node.column)
  }

  func location(_ node: YNode) -> SourceLocation { SourceLocation(file: file, line: node.line, column: node.column) }

  mutating func warn(_ message: String, _ node: YNode) {
    warnings.append(.warning("inventory", message, at: location(node)))
  }
}
