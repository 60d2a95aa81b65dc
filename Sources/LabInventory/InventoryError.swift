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
