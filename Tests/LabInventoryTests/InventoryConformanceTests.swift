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

  /// ansible-inventory, or nil after recording why (a failure when peers are required).
  static func ansible() -> String? {
    if let tool = Peers.find("ansible-inventory") { return tool }
    if Peers.required {
      Issue.record("ansible-inventory is not installed but LABCTL_REQUIRE_PEERS=1; run scripts/test.sh")
    } else {
      print("skipping: ansible-inventory not found (pip install ansible-core); set LABCTL_REQUIRE_PEERS=1 to fail")
    }
    return nil
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

  @Test(arguments: sources)
  func listMatchesAnsible(_ path: String) async throws {
    guard let tool = Self.ansible() else { return }
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

  @Test(arguments: sources)
  func graphMatchesAnsible(_ path: String) async throws {
    guard let tool = Self.ansible() else { return }
    let source = path.dropFirst(TestLab.repoRoot.count + 1)
    let peer = try await Self.runAnsible(tool, path, "--graph")
    try #require(peer.status == 0, "ansible-inventory rejected \(source): \(peer.stderr)")
    let inventory = try #require(AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem()).inventory)
    #expect(inventory.ansibleGraph + "\n" == peer.stdout, "graph differs for \(source)")
  }

  /// In the common case the text itself is the same, not only the parsed JSON.
  @Test func listTextIsByteForByteForTheExample() async throws {
    guard let tool = Self.ansible() else { return }
    let path = TestLab.example + "/ansible/hosts.yml"
    let peer = try await Self.runAnsible(tool, path, "--list")
    let inventory = try #require(AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem()).inventory)
    #expect(PythonJSON.encode(inventory.ansibleList) + "\n" == peer.stdout)
  }

  @Test(arguments: invalid)
  func bothReject(_ name: String) async throws {
    let path = "\(Self.invalidRoot)/\(name)"
    let result = AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem())
    #expect(result.inventory == nil)
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.location?.file == path)
    #expect((error.location?.line ?? 0) >= 2, "the error points at the offending line, not the file's start")
    guard let tool = Self.ansible() else { return }
    let peer = try await Self.runAnsible(tool, path, "--list")
    #expect(peer.status != 0, "ansible-inventory accepted \(name), which labctl rejects")
  }
}
