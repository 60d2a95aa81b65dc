import Foundation
import LabModel
import LabSpec
import LabTestSupport
import Testing

/// Hostile inventories (generated here, not committed) end in a located error or in what
/// ansible-inventory makes of them: never a crash, a hang or unbounded memory.
@Suite struct InventoryHostileInputTests {
  func load(_ path: String, _ text: String) -> InventoryResult {
    AnsibleInventoryLoader().load(path, fileSystem: MemoryFileSystem([path: text]))
  }

  func error(_ result: InventoryResult) -> Diagnostic? { result.diagnostics.first { $0.severity == .error } }

  /// A temporary directory holding `files` (bytes), removed after `body`.
  func withDirectory<T>(_ files: [String: [UInt8]], _ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-hostile-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (name, bytes) in files {
      let path = dir + "/" + name
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    return try body(dir)
  }

  // MARK: 1. Deep nesting

  static let deep: [(name: String, path: String, text: String, line: Int)] = [
    ("flow, past libyaml's bound", "inv.yml", "all:\n  vars:\n    x: " + String(repeating: "[", count: 5000) + "\n", 3),
    ("flow, within it", "inv.yml", "all:\n  vars:\n    x: " + nested(300) + "\n", 3),
    ("block", "inv.yml", block(1500), 1000),
    ("block, within libyaml's bound", "inv.yml", block(300), 200),
    ("JSON", "inv.json", "{\"all\": {\"vars\": {\"x\": " + nested(5000) + "}}}\n", 1),
  ]

  static func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }

  static func block(_ n: Int) -> String {
    "all:\n  vars:\n" + (0..<n).map { String(repeating: " ", count: 4 + $0) + "x:\n" }.joined()
  }

  @Test("Deep nesting is an error at its line, not a stack overflow", arguments: deep.indices)
  func deepNesting(_ i: Int) throws {
    let c = Self.deep[i]
    let e = try #require(error(load(c.path, c.text)), "\(c.name)")
    #expect(e.message.contains("more than 200 levels deep"), "\(c.name): \(e.message)")
    #expect(e.location?.line == c.line, "\(c.name)")
  }

  @Test("A deep INI value stays text, as Python refuses more than 200 nested brackets")
  func deepINIValue() throws {
    let text = "[web]\nh1 x=\(Self.nested(5000)) y=\(String(repeating: "-", count: 100_000))1 z=\(Self.nested(150))\n"
    let vars = try #require(load("inv/hosts", text).inventory?.hostvars["h1"])
    #expect(vars["x"] == .string(Self.nested(5000)))
    #expect(vars["y"] == .string(String(repeating: "-", count: 100_000) + "1"))
    if case .array = vars["z"] {} else { Issue.record("150 levels are still a list") }
  }

  // MARK: 2. Alias bombs

  static func bomb(levels: Int) -> String {
    var lines = ["all:", "  vars:", "    a: &a [x, x, x, x, x, x, x, x, x, x]"]
    let names = Array("abcdefghij")
    for k in 1..<levels {
      lines.append(
        "    \(names[k]): &\(names[k]) [" + Array(repeating: "*\(names[k - 1])", count: 10).joined(separator: ", ")
          + "]")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test("An alias bomb stops at the alias that crosses 100,000 expanded nodes")
  func aliasBomb() throws {
    let e = try #require(error(load("inv.yml", Self.bomb(levels: 10))))
    // b, c, d add 12,330 nodes; each *d in e adds 11,111: the eighth crosses the limit.
    #expect(e.location == SourceLocation(file: "inv.yml", line: 7, column: 40))
    #expect(e.message.contains("'*d'") && e.message.contains("100000"), "\(e.message)")
    #expect(load("inv.yml", Self.bomb(levels: 4)).inventory != nil)
  }

  @Test("Aliases may not nest collections past the depth limit either")
  func aliasDepth() throws {
    let text =
      "all:\n  vars:\n    a: &a \(Self.nested(150))\n    b: \(String(repeating: "[", count: 60))*a"
      + String(repeating: "]", count: 60) + "\n"
    let e = try #require(error(load("inv.yml", text)))
    #expect(e.location?.line == 4)
    #expect(e.message.contains("'*a'"), "\(e.message)")
  }

  // MARK: 3. Host ranges

  @Test(
    "A host range too large to expand is an error naming its size",
    arguments: [
      ("inv/hosts.ini", "[web]\nh[0:999]-[0:999]-[0:999]\n", 2, 1),
      ("inv/hosts.yml", "all:\n  hosts:\n    h[0:999]-[0:999]-[0:999]:\n", 3, 5),
    ])
  func hugeHostRange(path: String, text: String, line: Int, column: Int) throws {
    let e = try #require(error(load(path, text)))
    #expect(e.location == SourceLocation(file: path, line: line, column: column))
    #expect(e.message.contains("1000000000 hosts"), "\(e.message)")
  }

  @Test("Host patterns may not expand to more than 500,000 hosts in all")
  func totalHostCap() throws {
    let text = "[web]\n" + String(repeating: "h[0:99999]\n", count: 6)
    let e = try #require(error(load("inv/hosts", text)))
    #expect(e.location?.line == 7)
    #expect(e.message.contains("500000 hosts in all"), "\(e.message)")
  }

  @Test("A name with thousands of ranges expands without deep recursion")
  func manyRanges() throws {
    let inv = try #require(load("inv/hosts", "[web]\nh" + String(repeating: "[0:0]", count: 20_000) + "\n").inventory)
    #expect(inv.group("web")?.hosts == ["h" + String(repeating: "0", count: 20_000)])
  }
}
