import Foundation
import LabTestSupport
import Testing

@Suite struct InventoryCommandTests {
  static let inventory = TestLab.example + "/ansible/hosts.yml"
  static let invalid = TestLab.repoRoot + "/Tests/LabInventoryTests/Fixtures/invalid-inventories"

  @Test func listPrintsAnsibleJSON() async throws {
    let run = try await Labctl.run(["inventory", "list", Self.inventory])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let meta = try #require(json["_meta"] as? [String: Any])
    #expect((meta["hostvars"] as? [String: Any])?.count == 13)
    #expect((json["dns"] as? [String: Any])?["hosts"] as? [String] == ["dns-n2", "dns-n3", "rpi-n1"])
  }

  @Test func graphPrintsTheTree() async throws {
    let run = try await Labctl.run(["inventory", "graph", Self.inventory])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.first == "@all:")
    #expect(lines.contains("  |--@raspbian:"))
    #expect(lines.contains("  |  |--rpi-n1"))
  }

  @Test(arguments: [
    ("cycle.ini", 5, "recursive dependency loop"),
    ("bad-range.ini", 3, "invalid literal for int()"),
    ("malformed-line.ini", 3, "Expected key=value"),
  ])
  func invalidInventoryFailsWithLocation(_ file: String, _ line: Int, _ message: String) async throws {
    let path = "\(Self.invalid)/\(file)"
    let run = try await Labctl.run(["inventory", "list", path])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("\(path):\(line):1: error: "), "\(run.stderr)")
    #expect(run.stderr.contains(message))
  }

  @Test func missingPathExitsTwo() async throws {
    let run = try await Labctl.run(["inventory", "list", "/nonexistent/hosts.yml"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("/nonexistent/hosts.yml"))
  }
}
