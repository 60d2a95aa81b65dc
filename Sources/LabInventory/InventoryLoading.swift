import LabIO
import LabModel

/// What reading an inventory gives.
public struct InventoryResult: Sendable {
  public var inventory: Inventory?
  public var diagnostics: [Diagnostic]

  public init(inventory: Inventory?, diagnostics: [Diagnostic]) {
    self.inventory = inventory
    self.diagnostics = diagnostics
  }
}

/// Reads an Ansible inventory (a file or a directory of sources).
public protocol InventoryLoading: Sendable {
  func load(_ path: String, fileSystem: any FileSystem) -> InventoryResult
}
