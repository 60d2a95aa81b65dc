import Foundation
import LabIO
import LabInventory
import LabModel
import LabTestSupport
import Testing

/// Hostile TOML inventories (generated here) end in a located error or in what Ansible makes of
/// them, quickly: never a crash, a hang or unbounded memory.
@Suite(.serialized) struct TOMLHostileInputTests {
  func load(_ text: String, path: String = "inv.toml") -> InventoryResult {
    AnsibleInventoryLoader().load(path, fileSystem: MemoryFileSystem([path: text]))
  }

  func error(_ result: InventoryResult) -> Diagnostic? { result.diagnostics.first { $0.severity == .error } }

  /// Runs `body` and prints how long it took. Nothing here fails on time (tests wait on no clock; the
  /// suite must pass on two busy cores): how fast is measured by the benchmarks (bench/inventory.sh).
  func timed<T>(_ what: String, under limit: Double, _ body: () throws -> T) rethrows -> T {
    let start = Date()
    let result = try body()
    print("\(what): \(Date().timeIntervalSince(start)) s (release target: under \(limit) s)")
    return result
  }

  static func repeated(_ open: String, _ close: String, _ n: Int) -> String {
    String(repeating: open, count: n) + String(repeating: close, count: n)
  }

  /// Each case's error is where the 201st level opens (the root table is level 0).
  static let deep: [(name: String, text: String, line: Int, column: Int)] = [
    ("arrays", "[all.vars]\nx = " + repeated("[", "]", 5000) + "\n", 2, 203),
    ("inline tables", "[all.vars]\nx = " + repeated("{a=", "}", 5000) + "\n", 2, 5 + 198 * 3),
    ("arrays in inline tables", "[all.vars]\nx = " + repeated("{a=[", "]}", 3000) + "\n", 2, 5 + 99 * 4),
    ("a header of 5000 dotted parts", "[" + Array(repeating: "a", count: 5000).joined(separator: ".") + "]\n", 1, 402),
    ("a key of 5000 dotted parts", Array(repeating: "a", count: 5000).joined(separator: ".") + " = 1\n", 1, 401),
    (
      "arrays of tables",
      (1...300).map { "[[" + Array(repeating: "a", count: $0).joined(separator: ".") + "]]" }
        .joined(separator: "\n"), 101, 203
    ),
  ]

  @Test("Deep nesting is an error where it crosses 200 levels, not a stack overflow", arguments: deep.indices)
  func deepNesting(_ i: Int) throws {
    let c = Self.deep[i]
    let e = try #require(timed(c.name, under: 0.25) { error(load(c.text)) }, "\(c.name)")
    #expect(e.message.contains("more than 200 levels deep"), "\(c.name): \(e.message)")
    #expect(e.location == SourceLocation(file: "inv.toml", line: c.line, column: c.column), "\(c.name)")
  }

  @Test("An array past 2,000,000 values is an error at the value that crosses the limit")
  func hugeArray() throws {
    let text = "[all.vars]\nx = [" + String(repeating: "1,", count: 2_100_000) + "]\n"
    let e = try #require(timed("a 2.1M-value array", under: 4) { error(load(text)) })
    #expect(e.message.contains("more than 2000000 values"), "\(e.message)")
    #expect(e.location?.line == 2 && e.location?.column == 6 + 2 * 1_999_997, "\(e)")
  }

  @Test("A 100,000-host TOML inventory reads in under 2 s (16 s in a debug build)")
  func manyHosts() throws {
    var text = "[all.vars]\nntp = [\"0.pool.ntp.org\"]\n[web]\nchildren = [\"east\", \"west\"]\n[east.hosts]\n"
    for n in 0..<50_000 { text += "e\(n) = { ansible_host = \"10.0.\(n / 256).\(n % 256)\", id = \(n) }\n" }
    for n in 0..<50_000 { text += "[west.hosts.w\(n)]\nansible_host = \"10.1.\(n / 256).\(n % 256)\"\nid = \(n)\n" }
    let inventory = try #require(timed("100k hosts", under: 2) { load(text).inventory })
    #expect(inventory.hostvars.count == 100_000)
    #expect(inventory.group("west")?.hosts.count == 50_000)
    #expect(inventory.hostvars["w49999"]?["id"] == .int(49_999))
  }

  @Test("A byte that is not UTF-8 is an error at its line and column")
  func notUTF8() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-toml-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/hosts.toml"
    try Data(Array("[web.hosts]\nh1 = {}\nh2 = { x = \"é".utf8) + [0xC3, 0x28, 0x22, 0x7D, 0x0A]).write(
      to: URL(fileURLWithPath: path))
    let e = try #require(error(AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem())))
    #expect(e.location == SourceLocation(file: path, line: 3, column: 14), "\(e)")
    #expect(e.message.contains("0xC3 is not UTF-8"), "\(e.message)")
  }

  @Test(
    "NUL and other control characters are refused where they are, as tomllib refuses them",
    arguments: [
      ("[web.hosts]\nh1 = { x = \"a\u{0}b\" }\n", 2, 14), ("[web.hosts]\nh1 = {}\u{0}\n", 2, 8),
      ("[web.hosts]\n# a\u{0}b\nh1 = {}\n", 2, 4), ("[web.hosts]\nh1 = { x = 'a\u{7F}' }\n", 2, 14),
    ])
  func controlCharacters(text: String, line: Int, column: Int) throws {
    let e = try #require(error(load(text)))
    #expect(e.location == SourceLocation(file: "inv.toml", line: line, column: column), "\(e)")
  }

  @Test(
    "A key, a table or a host defined twice is an error at the second, naming the first",
    arguments: [
      ("[web.hosts]\nh1 = {}\nh2 = {}\nh1 = { x = 1 }\n", 4, 1, "the key 'h1' is already defined (line 2)"),
      ("[web]\n[db]\n[web]\n", 3, 1, "the table 'web' is already defined (line 1)"),
      ("[web.hosts.h1]\nx = 1\nx = 2\n", 3, 1, "the key 'x' is already defined (line 2)"),
      ("[web.hosts]\nh1 = { x = 1, x = 2 }\n", 2, 15, "the key 'x' is already defined in this inline table"),
      ("[web.hosts]\nh1 = {}\n[web.hosts.h1]\n", 3, 1, "the table 'web.hosts.h1' is already defined"),
    ])
  func duplicates(text: String, line: Int, column: Int, message: String) throws {
    let e = try #require(error(load(text)))
    #expect(e.location == SourceLocation(file: "inv.toml", line: line, column: column), "\(e)")
    #expect(e.message.contains(message), "\(e.message)")
  }

  @Test("A string or an array left open runs to the end of the file and stops there, quickly")
  func unclosed() throws {
    let long = String(repeating: "x", count: 5_000_000)
    for text in ["[all.vars]\nx = \"\(long)\n", "[all.vars]\nx = '''\(long)", "[all.vars]\nx = [1,\n" + long] {
      let e = try #require(timed("an unclosed value", under: 1) { error(load(text)) })
      #expect(e.location?.file == "inv.toml" && (e.location?.line ?? 0) >= 2, "\(e)")
    }
  }
}
