import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabInventory

/// The spec reader (`SpecYAML`): scalars as written, the fast scanner and Yams agreeing on every tree and
/// position, and paths answered from the tree (`YNodeSourceTree`).
@Suite struct SpecYAMLTests {
  /// Where two trees first differ (kinds, scalar text, `quoted`, positions), or nil when they are the same.
  static func difference(_ a: YNode, _ b: YNode, at path: String = "") -> String? {
    guard a.line == b.line, a.column == b.column, a.quoted == b.quoted else {
      return "\(path): \(a.line):\(a.column) quoted \(a.quoted) vs \(b.line):\(b.column) quoted \(b.quoted)"
    }
    switch (a.kind, b.kind) {
    case (.scalar(let x), .scalar(let y)): return x == y ? nil : "\(path): \(x) vs \(y)"
    case (.sequence(let x), .sequence(let y)):
      guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) items" }
      for (i, (p, q)) in zip(x, y).enumerated() { if let d = difference(p, q, at: "\(path).\(i)") { return d } }
      return nil
    case (.mapping(let x), .mapping(let y)):
      guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) pairs" }
      for (p, q) in zip(x, y) {
        let here = "\(path).\(p.key.string ?? "?")"
        if let d = difference(p.key, q.key, at: here + " (key)") ?? difference(p.value, q.value, at: here) { return d }
      }
      return nil
    default: return "\(path): kinds differ"
    }
  }

  static func same(_ a: YNode, _ b: YNode) -> Bool { difference(a, b) == nil }

  /// The tree Yams builds for the same text, converted as the spec reader converts it.
  static func viaYams(_ text: String) throws -> YNode? {
    let read = SpecYAML.complete(text, file: "lab.yaml")
    if let d = read.diagnostics.first { throw Failed(message: d.message) }
    return read.root
  }

  struct Failed: Error { var message: String }

  /// Every lab.yaml the repository holds: the example and the rule and simulation fixtures.
  static let specFiles: [String] = {
    let roots = [TestLab.example, TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures"]
    return roots.flatMap { root in
      (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { "\(root)/\($0)" }
    }.sorted()
  }()

  @Test(arguments: specFiles)
  func fastPathAgreesWithYamsOrStepsAside(_ path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let fast = FastYAML.read(text, raw: true), fast.duplicates.isEmpty else { return }
    let slow = try Self.viaYams(text)
    switch (fast.root, slow) {
    case (nil, nil): break
    case (let f?, let s?):
      let d = Self.difference(f, s)
      #expect(d == nil, "trees differ for \(path) at \(d ?? "")")
    default: Issue.record("one reader saw an empty document: \(path)")
    }
  }

  @Test func readsTheFixturesItself() {
    let fast = Self.specFiles.filter { path in
      (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { FastYAML.read($0, raw: true) } != nil
    }
    #expect(fast.count * 10 >= Self.specFiles.count * 8, "the fast path read \(fast.count) of \(Self.specFiles.count)")
  }

  @Test(arguments: [
    "version: 1.10\nport: 010\nyes: 'yes'\nno: no\nnull1: ~\nnull2:\nq: \"null\"\nlist: [a, 'b', 1.0]\n",
    "a:\n  - x\n  - { k: v, n: [1, 2] }\n  - key: val\n    other: 'it''s'\nc: \"q\\tr\" # comment\n",
  ])
  func keepsScalarsAsWritten(_ text: String) throws {
    let read = SpecYAML.read(text, file: "lab.yaml")
    #expect(read.diagnostics.isEmpty)
    let root = try #require(read.root)
    let slow = try #require(try Self.viaYams(text))
    #expect(Self.same(root, slow))
    if text.hasPrefix("version") {
      let pairs = try #require(root.pairs)
      func value(_ key: String) -> YNode? { pairs.first { $0.key.string == key }?.value }
      #expect(value("version")?.string == "1.10")
      #expect(value("port")?.string == "010")
      #expect(value("yes")?.quoted == true)
      #expect(value("no")?.quoted == false)
      #expect(value("null2")?.isNull == true)
      #expect(value("q")?.string == "null" && value("q")?.quoted == true)
    }
  }

  @Test func explicitTagsAndAliasesGoThroughYams() throws {
    let read = SpecYAML.read("a: !!bool yes\nb: !!null x\nc: &k [1, 2]\nd: *k\ne: |\n  text\n", file: "lab.yaml")
    #expect(read.diagnostics.isEmpty)
    let pairs = try #require(read.root?.pairs)
    #expect(pairs[0].value.kind.isTrue)
    #expect(pairs[1].value.isNull)
    #expect(pairs[3].value.kind.isSequence)
    #expect(pairs[4].value.string == "text\n")
  }

  @Test func duplicatesAndDepthAreLocatedErrors() {
    let dup = SpecYAML.read("a: 1\nb: 2\na: 3\n", file: "lab.yaml")
    #expect(dup.root == nil)
    #expect(dup.diagnostics.map(\.rule) == ["duplicate-key"])
    #expect(dup.diagnostics.first?.location == SourceLocation(file: "lab.yaml", line: 3, column: 1))
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    let tooDeep = SpecYAML.read("a: \(deep)\n", file: "lab.yaml")
    #expect(tooDeep.root == nil)
    #expect(tooDeep.diagnostics.first?.message.contains("levels") == true)
    #expect(tooDeep.diagnostics.first?.location?.line == 1)
  }

  @Test func aliasBombIsALocatedError() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1..<10 {
      text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let read = SpecYAML.read(text, file: "lab.yaml")
    #expect(read.root == nil)
    #expect(read.diagnostics.first?.message.contains("alias") == true)
  }

  @Test func theTreeAnswersPathsLikeTheKeysAndValuesAreWritten() throws {
    var text = "lab: { name: x }\nmachines:\n"
    for i in 0..<40 { text += "  m\(i): { vlan: v, address: 10.0.0.\(i) }\n" }
    text += "  host.example.com:\n    vlan: v\nfirewall:\n  allow:\n    - { from: a, to: b }\n"
    let root = try #require(SpecYAML.read(text, file: "lab.yaml").root)
    let tree = YNodeSourceTree(root, file: "lab.yaml")
    var map = SourceMap(file: "lab.yaml")
    map.add(tree)
    #expect(map.key("machines.m7") == SourceLocation(file: "lab.yaml", line: 10, column: 3))
    #expect(map.value("machines.m7.address") == SourceLocation(file: "lab.yaml", line: 10, column: 27))
    #expect(map.value("machines.host.example.com.vlan") == SourceLocation(file: "lab.yaml", line: 44, column: 11))
    #expect(map.value("firewall.allow.0.to") == SourceLocation(file: "lab.yaml", line: 47, column: 22))
    // Nothing declared there: the nearest parent.
    #expect(map.value("machines.m7.gateway") == map.exactValue("machines.m7"))
    #expect(map.exactValue("machines.m7.gateway") == nil)
    #expect(map.exactValue("machines.nope") == nil)
    // One by one records come first.
    map.record(value: "machines.m7.address", at: SourceLocation(file: "other", line: 1, column: 1))
    #expect(map.value("machines.m7.address")?.file == "other")
  }
}

extension YNode.Kind {
  fileprivate var isTrue: Bool {
    if case .scalar(.bool(true)) = self { return true }
    return false
  }

  fileprivate var isSequence: Bool {
    if case .sequence = self { return true }
    return false
  }
}
