import ArgumentParser
import Foundation
import LabCheck
import LabIO
import LabInventory
import LabModel

extension Labctl {
  /// `labctl inventory`: read an Ansible inventory exactly as `ansible-inventory` does.
  struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "inventory",
      abstract: "Read an Ansible inventory as ansible-inventory does.",
      subcommands: [List.self, Graph.self])

    /// `labctl inventory list PATH`: the JSON of `ansible-inventory -i PATH --list`.
    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print the inventory as JSON, as 'ansible-inventory --list' does.",
        discussion: "Exit status: 0 read, 1 the inventory is invalid (file:line: error), 2 unreadable.")
      @Argument(help: "An inventory file (YAML or INI) or a directory of them.") var path: String

      func run() throws {
        let inventory = try InventoryReading.read(path)
        var bytes = PythonJSON.encodeBytes(inventory.ansibleList)
        bytes.append(10)
        FileHandle.standardOutput.write(Data(bytes))
      }
    }

    /// `labctl inventory graph PATH`: the tree of `ansible-inventory -i PATH --graph`.
    struct Graph: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print the group tree, as 'ansible-inventory --graph' does.")
      @Argument(help: "An inventory file (YAML or INI) or a directory of them.") var path: String

      func run() throws {
        let inventory = try InventoryReading.read(path)
        print(inventory.ansibleGraph)
      }
    }
  }
}

/// Reads an inventory for the `inventory` commands, printing diagnostics on failure.
enum InventoryReading {
  static func read(_ path: String) throws -> LabModel.Inventory {
    let fileSystem = LocalFileSystem()
    guard fileSystem.kind(path) != nil else {
      Terminal.standardError("\(path): error: no such file or directory\n")
      throw ExitCode(2)
    }
    let result = AnsibleInventoryLoader().load(path, fileSystem: fileSystem)
    let text = DiagnosticRenderer.human(result.diagnostics.sortedByLocation())
    if !text.isEmpty { Terminal.standardError(text) }
    guard let inventory = result.inventory, !result.diagnostics.hasErrors else { throw ExitCode(1) }
    return inventory
  }
}
