import Foundation
import LabIO
import LabInventory
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

  /// Each case's error is at its 201st level: the bracket or the indented line that opens it.
  static let deep: [(name: String, path: String, text: String, line: Int, column: Int)] = [
    (
      "flow, past libyaml's bound", "inv.yml", "all:\n  vars:\n    x: " + String(repeating: "[", count: 5000) + "\n", 3,
      208
    ),
    ("flow, within it", "inv.yml", "all:\n  vars:\n    x: " + nested(300) + "\n", 3, 208),
    ("block", "inv.yml", block(1500), 201, 203),
    ("block, within libyaml's bound", "inv.yml", block(300), 201, 203),
    ("JSON", "inv.json", "{\"all\": {\"vars\": {\"x\": " + nested(5000) + "}}}\n", 1, 221),
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
    #expect(e.location == SourceLocation(file: c.path, line: c.line, column: c.column), "\(c.name)")
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

  @Test("lab.yaml reads only its schema's positions, so an alias bomb in it is never expanded")
  func labAliasBomb() {
    let bomb = Self.bomb(levels: 10).replacingOccurrences(of: "all:\n  vars:\n", with: "x-bomb:\n  vars:\n")
    let machines = (0..<10).map { "  m\($0): *j\n" }.joined()
    let d = TestLab.diagnostics("lab:\n  name: x\n" + bomb + "machines:\n" + machines)
    #expect(d.hasErrors)
    #expect(d.count < 100, "\(d.count) diagnostics")
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

  @Test("Host patterns may not expand to more than 250,000 hosts in all")
  func totalHostCap() throws {
    let text = "[web]\n" + String(repeating: "h[0:99999]\n", count: 3)
    let e = try #require(error(load("inv/hosts", text)))
    #expect(e.location?.line == 4)
    #expect(e.message.contains("250000 hosts in all"), "\(e.message)")
  }

  @Test("A name with thousands of ranges expands without deep recursion")
  func manyRanges() throws {
    let inv = try #require(load("inv/hosts", "[web]\nh" + String(repeating: "[0:0]", count: 20_000) + "\n").inventory)
    #expect(inv.group("web")?.hosts == ["h" + String(repeating: "0", count: 20_000)])
  }

  // MARK: 4. Symbolic link loops

  @Test("Links back into a directory being read are warnings naming them, and the walk goes on")
  func symlinkLoops() throws {
    let files: [String: [UInt8]] = [
      "inv/hosts.yml": Array("all:\n  hosts:\n    h1:\n".utf8),
      "inv/group_vars/all/main.yml": Array("x: 1\n".utf8),
      "dir/a.ini": Array("[web]\nh2\n".utf8),
    ]
    try withDirectory(files) { root in
      let fm = FileManager.default
      for link in ["inv/group_vars/all/a", "inv/group_vars/all/b", "dir/loop"] {
        try fm.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: ".")
      }
      let vars = AnsibleInventoryLoader().load(root + "/inv/hosts.yml", fileSystem: LocalFileSystem())
      #expect(vars.inventory?.hostvars["h1"]?["x"] == .int(1))
      let varsWarnings = vars.diagnostics.filter { $0.message.contains("symbolic link loop") }.map(\.location?.file)
      #expect(varsWarnings == [root + "/inv/group_vars/all/a", root + "/inv/group_vars/all/b"])
      let dir = AnsibleInventoryLoader().load(root + "/dir", fileSystem: LocalFileSystem())
      #expect(dir.inventory?.group("web")?.hosts == ["h2"])
      #expect(dir.diagnostics.map(\.location?.file) == [root + "/dir/loop"])
    }
  }

  // MARK: 5. Encoding

  @Test("A byte that is not UTF-8 is an error at its line and column")
  func notUTF8() throws {
    let bytes = Array("[web]\nh1\nh2\nh3 x=1 y=abcdefghij".utf8) + [0xFF, 0x0A]
    try withDirectory(["hosts.ini": bytes]) { root in
      let e = try #require(error(AnsibleInventoryLoader().load(root + "/hosts.ini", fileSystem: LocalFileSystem())))
      #expect(e.location?.line == 4 && e.location?.column == 20, "\(e)")
      #expect(e.message.contains("0xFF is not UTF-8"), "\(e.message)")
    }
  }

  @Test("A NUL byte: YAML refuses it where it is, INI keeps it, as ansible-inventory does")
  func nulByte() throws {
    let e = try #require(error(load("inv.yml", "all:\n  hosts:\n    h1:\n      y: ab\u{0}cd\n")))
    #expect(e.location == SourceLocation(file: "inv.yml", line: 4, column: 12))
    #expect(e.message.contains("unacceptable character #x0000: control characters are not allowed"), "\(e)")
    let ini = try #require(load("hosts.ini", "[web]\nh1 y=ab\u{0}cd\n").inventory)
    #expect(ini.hostvars["h1"]?["y"] == .string("ab\u{0}cd"))
  }

  @Test("A byte-order mark starts an INI file's first line, as Ansible reads it; YAML skips it")
  func byteOrderMark() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let files = [
      "hosts.ini": bom + Array("[web]\nh1\n".utf8), "hosts.yml": bom + Array("all:\n  hosts:\n    h1:\n".utf8),
    ]
    try withDirectory(files) { root in
      let ini = AnsibleInventoryLoader().load(root + "/hosts.ini", fileSystem: LocalFileSystem())
      let e = try #require(error(ini))
      #expect(e.message == "host range must be begin:end or begin:end:step" && e.location?.line == 1, "\(e)")
      let yaml = AnsibleInventoryLoader().load(root + "/hosts.yml", fileSystem: LocalFileSystem())
      #expect(yaml.inventory?.group("ungrouped")?.hosts == ["h1"])
    }
  }

  // MARK: 6. Tags

  @Test(
    "Python-only tags are refused where they are written, as Ansible refuses them",
    arguments: [
      "!!python/object/apply:os.system [echo hi]", "!!python/object/apply:os.system {args: [x]}",
      "!!python/tuple [1, 2]",
    ])
  func pythonTags(_ value: String) throws {
    let e = try #require(error(load("inv.yml", "all:\n  hosts:\n    h1:\n      x: \(value)\n")))
    #expect(e.location == SourceLocation(file: "inv.yml", line: 4, column: 10))
    #expect(e.message.hasPrefix("could not determine a constructor for the tag 'tag:yaml.org,2002:python/"))
  }

  @Test("!!set, !!omap and !!timestamp read as PyYAML reads them")
  func standardTags() throws {
    let text =
      "all:\n  hosts:\n    h1:\n      s: !!set {a, b}\n      o: !!omap [{a: 1}, {b: 2}]\n"
      + "      t: !!timestamp 2001-12-14t21:59:43.10-05:00\n"
    let v = try #require(load("inv.yml", text).inventory?.hostvars["h1"])
    #expect(v["s"] == .array([.string("a"), .string("b")]))
    #expect(v["o"] == .array([.array([.string("a"), .int(1)]), .array([.string("b"), .int(2)])]))
    #expect(v["t"] == .string("2001-12-14T21:59:43.100000-05:00"))
  }

  // MARK: 7. Duplicate keys

  @Test(
    "Every repeated inventory key is a warning at the repeat, in line order, and the last value wins",
    arguments: ["x: 1", "x: &one 1"])
  func inventoryDuplicates(_ first: String) throws {
    // With an anchor the file goes to Yams, which refuses repeats unless they are renamed first.
    let text = "all:\n  hosts:\n    h1:\n      y: 0\n      \(first)\n      y: 2\n      x: 3\n      y: 4\n"
    let result = load("inv.yml", text)
    #expect(result.inventory?.hostvars["h1"] == ["x": .int(3), "y": .int(4)])
    let warnings = result.diagnostics.filter { $0.message.hasPrefix("Found duplicate mapping key") }
    #expect(warnings.map { $0.location?.line } == [6, 7, 8])
    #expect(warnings.map(\.message).first == "Found duplicate mapping key 'y'. Using last defined value only.")
  }

  @Test("Every repeated lab.yaml key is reported in one run, in line order")
  func labDuplicates() {
    let d = TestLab.diagnostics("lab:\n  name: x\n  name: y\nmachines:\n  b: {}\n  a: {}\n  b: {}\n  a: {}\n")
    #expect(d.map(\.rule) == ["duplicate-key", "duplicate-key", "duplicate-key"], "\(d)")
    #expect(d.map { $0.location?.line } == [3, 7, 8])
  }
}
