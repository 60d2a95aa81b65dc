import Foundation
import LabIO
import LabInventory
import LabModel
import LabTestSupport
import Testing

/// labctl's inventory reader against the real `ansible-inventory`, fixture by fixture.
@Suite struct InventoryConformanceTests {
  static let root = TestLab.repoRoot + "/Tests/LabInventoryTests/Fixtures/inventories"
  static let invalidRoot = TestLab.repoRoot + "/Tests/LabInventoryTests/Fixtures/invalid-inventories"

  /// Each fixture directory's inventory source (its one entry besides group_vars/ and
  /// host_vars/), and the example lab's inventory.
  static let sources: [String] = {
    let dirs = (try? FileManager.default.contentsOfDirectory(atPath: root).sorted()) ?? []
    return dirs.compactMap { dir in
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)")) ?? []
      return entries.filter { $0 != "group_vars" && $0 != "host_vars" }.sorted().first.map { "\(root)/\(dir)/\($0)" }
    } + [TestLab.example + "/ansible/hosts.yml"]
  }()

  static let invalid: [String] = (try? FileManager.default.contentsOfDirectory(atPath: invalidRoot).sorted()) ?? []

  /// Runs only where ansible-inventory is installed — a visible skip, with the reason — or, under
  /// `LABCTL_REQUIRE_PEERS=1`, always (and then a missing tool fails the test).
  static let needsAnsible = Peers.needs("ansible-inventory", install: "pip install ansible-core")

  /// ansible-inventory; a missing one fails the test (it only runs then under LABCTL_REQUIRE_PEERS=1).
  static func ansible() throws -> String {
    try #require(Peers.find("ansible-inventory"), "ansible-inventory is not installed; run scripts/test.sh")
  }

  /// Runs ansible-inventory from an empty directory, failing on any unparsed source.
  static func runAnsible(_ tool: String, _ path: String, _ mode: String) async throws -> Peers.Output {
    let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-ansible-cwd").path
    try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
    return try await Peers.run(
      tool, ["-i", path, mode],
      environment: ["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true", "ANSIBLE_NOCOLOR": "1"], cwd: cwd)
  }

  static func parsed(_ text: String) throws -> NSObject {
    try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject)
  }

  @Test func corpusIsLargeEnough() {
    #expect(Self.sources.count >= 16)
    #expect(Self.invalid.count >= 3)
  }

  @Test(needsAnsible, arguments: sources)
  func listMatchesAnsible(_ path: String) async throws {
    let tool = try Self.ansible()
    let source = path.dropFirst(TestLab.repoRoot.count + 1)
    let peer = try await Self.runAnsible(tool, path, "--list")
    try #require(peer.status == 0, "ansible-inventory rejected \(source): \(peer.stderr)")
    let result = AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem())
    let inventory = try #require(result.inventory, "labctl rejected \(source): \(result.diagnostics)")
    let ours = PythonJSON.encode(inventory.ansibleList)
    let same = try Self.parsed(peer.stdout).isEqual(try Self.parsed(ours))
    let message = "labctl inventory list differs from ansible-inventory --list for \(source)\n"
    #expect(same, "\(message)ansible:\n\(peer.stdout)\nlabctl:\n\(ours)")
  }

  @Test(needsAnsible, arguments: sources)
  func graphMatchesAnsible(_ path: String) async throws {
    let tool = try Self.ansible()
    let source = path.dropFirst(TestLab.repoRoot.count + 1)
    let peer = try await Self.runAnsible(tool, path, "--graph")
    try #require(peer.status == 0, "ansible-inventory rejected \(source): \(peer.stderr)")
    let inventory = try #require(AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem()).inventory)
    #expect(inventory.ansibleGraph + "\n" == peer.stdout, "graph differs for \(source)")
  }

  /// In the common case the text itself is the same, not only the parsed JSON.
  @Test(needsAnsible) func listTextIsByteForByteForTheExample() async throws {
    let tool = try Self.ansible()
    let path = TestLab.example + "/ansible/hosts.yml"
    let peer = try await Self.runAnsible(tool, path, "--list")
    let inventory = try #require(AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem()).inventory)
    #expect(PythonJSON.encode(inventory.ansibleList) + "\n" == peer.stdout)
  }

  @Test(needsAnsible, arguments: invalid)
  func bothReject(_ name: String) async throws {
    let path = "\(Self.invalidRoot)/\(name)"
    let result = AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem())
    #expect(result.inventory == nil)
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.location?.file == path)
    #expect((error.location?.line ?? 0) >= 2, "the error points at the offending line, not the file's start")
    let tool = try Self.ansible()
    let peer = try await Self.runAnsible(tool, path, "--list")
    #expect(peer.status != 0, "ansible-inventory accepted \(name), which labctl rejects")
  }
}
