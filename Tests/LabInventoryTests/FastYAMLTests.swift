import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabInventory

/// The fast block-YAML scanner must build the very tree Yams builds, or step aside.
@Suite struct FastYAMLTests {
  /// Same values, same positions for every mapping key and sequence item.
  static func same(_ a: YNode, _ b: YNode) -> Bool {
    guard a.line == b.line else { return false }
    switch (a.kind, b.kind) {
    case (.scalar(let x), .scalar(let y)):
      if case .double(let dx) = x, case .double(let dy) = y, dx.isNaN, dy.isNaN { return true }
      return x == y
    case (.sequence(let x), .sequence(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.mapping(let x), .mapping(let y)):
      return x.count == y.count
        && zip(x, y).allSatisfy { same($0.key, $1.key) && $0.key.column == $1.key.column && same($0.value, $1.value) }
    default: return false
    }
  }

  static let yamlFiles: [String] = {
    let root = TestLab.repoRoot + "/Tests/LabInventoryTests/Fixtures/inventories"
    let files = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
    return files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") || $0.contains("_vars/") }
      .map { "\(root)/\($0)" }.filter { path in
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
      }.sorted()
  }()

  @Test(arguments: yamlFiles)
  func fastPathAgreesWithYamsOrStepsAside(_ path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let fast = FastYAML.parse(text) else { return }  // fell back: Yams reads it
    let slow: YNode?
    do { slow = try YamsTree.parse(text, file: path) } catch {
      // Yams refuses duplicate keys; PyYAML (and so Ansible, and the fast path) keeps the last.
      if error.message.contains("more than once") { return }
      Issue.record("fast path accepted what Yams rejects: \(path): \(error.message)")
      return
    }
    switch (fast, slow) {
    case (nil, nil): break
    case (let f?, let s?): #expect(Self.same(f, s), "trees differ for \(path)")
    default: Issue.record("one reader saw an empty document: \(path)")
    }
  }

  @Test func readsMostOfTheCorpusItself() throws {
    let accepted = try Self.yamlFiles.filter { FastYAML.parse(try String(contentsOfFile: $0, encoding: .utf8)) != nil }
    let rejected = Set(Self.yamlFiles).subtracting(accepted).map {
      $0.split(separator: "/").suffix(2).joined(separator: "/")
    }
    #expect(accepted.count * 10 >= Self.yamlFiles.count * 8, "fell back on \(rejected.sorted())")
    let example = try String(contentsOfFile: TestLab.example + "/ansible/hosts.yml", encoding: .utf8)
    #expect(FastYAML.parse(example) != nil)
  }

  @Test(arguments: [
    "a: 1\nb:\n  - x\n  - {k: v, n: [1, 2]}\n  - key: val\n    other: 'it''s'\nc: \"q\\tr\" # comment\n",
    "---\nall:\n  hosts:\n    h1:\n    h2: {}\n  vars:\n    list:\n    - a\n    - b\n",
    "x: yes\ny: 0o17\nz: 1_000\nw: 2024-01-02\nv: ~\nu: 'yes'\n",
    "dup: 1\nother: 2\ndup: 3\n",
  ])
  func agreesOnTypicalShapes(_ text: String) throws {
    let fast = try #require(FastYAML.parse(text) ?? nil, "the fast path should read this")
    if text.hasPrefix("dup") {  // PyYAML keeps the last value at the first position; Yams refuses
      #expect(fast.pairs?.map { $0.key.string } == ["dup", "other"])
      #expect(fast.pairs?.first?.value.json == .int(3))
      return
    }
    let slow = try #require(try YamsTree.parse(text, file: "t.yml"))
    #expect(Self.same(fast, slow))
  }

  @Test(arguments: [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: one\n  two\n",
    "a: [1,\n  2]\n", "a: 1\n---\nb: 2\n", "a:\n\t- x\n", "a: b: c\n",
  ])
  func stepsAsideOutsideTheSubset(_ text: String) {
    #expect(FastYAML.parse(text) == nil)
  }
}
