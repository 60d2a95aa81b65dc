import Foundation
import LabIO
import LabModel
import LabTestSupport
import Testing

@testable import LabInventory

/// labctl's TOML reader against Python's `tomllib` (what Ansible's `toml` plugin reads with):
/// the same tree, keys in the same order, for every valid file; a refusal at the same line for
/// every invalid one.
@Suite struct TOMLReaderTests {
  static let root = TestLab.repoRoot + "/Tests/LabInventoryTests/Fixtures/toml"

  static func files(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)")) ?? []).filter { $0.hasSuffix(".toml") }
      .sorted()
  }

  static let valid = files("valid")
  static let invalid = files("invalid")

  static let needsPython = Peers.needs("python3", install: "apt-get install python3 (3.11 or later, for tomllib)")

  /// For each file, what tomllib makes of it: the document as `json.dumps(indent=4)` writes it
  /// (keys in document order, dates and times as `isoformat()`), or where it refuses it.
  static let tomllib: [String: [String: JSONValue]] = {
    guard let python = Peers.find("python3") else { return [:] }
    let script = """
      import json, re, sys, tomllib
      out = {}
      for path in sys.argv[1:]:
          raw = open(path, "rb").read()
          try:
              doc = tomllib.loads(raw.decode())
              out[path] = {"json": json.dumps(doc, indent=4, ensure_ascii=False, default=lambda o: o.isoformat())}
          except tomllib.TOMLDecodeError as e:
              m = re.search(r"at line (\\d+), column (\\d+)", str(e))
              text = raw.decode().replace("\\r\\n", "\\n")
              line = int(m.group(1)) if m else text.count("\\n") + 1
              out[path] = {"error": str(e), "line": line}
      print(json.dumps(out))
      """
    let paths = valid.map { "\(root)/valid/\($0)" } + invalid.map { "\(root)/invalid/\($0)" }
    guard let run = try? Peers.run(python, ["-c", script] + paths) as Peers.Output, run.status == 0,
      case .object(let all) = try? JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))
    else { return [:] }
    return all.compactMapValues { if case .object(let o) = $0 { return o } else { return nil } }
  }()

  static func python(_ path: String) throws -> [String: JSONValue] {
    try #require(tomllib[path], "python3 with tomllib could not read \(path); Python 3.11 or later is needed")
  }

  /// The tree as `json.dumps(value, indent=4, ensure_ascii=False)` writes it, keys in tree order.
  static func ordered(_ node: YNode, indent: Int = 0, into out: inout [UInt8]) {
    func newline(_ n: Int) { out += [10] + Array(repeating: 32, count: n) }
    switch node.kind {
    case .scalar(let value): PythonJSON.write(value, indent: indent, into: &out)
    case .sequence(let items):
      guard !items.isEmpty else {
        out += "[]".utf8
        return
      }
      out += "[".utf8
      for (i, item) in items.enumerated() {
        if i > 0 { out += ",".utf8 }
        newline(indent + 4)
        ordered(item, indent: indent + 4, into: &out)
      }
      newline(indent)
      out += "]".utf8
    case .mapping(let pairs):
      guard !pairs.isEmpty else {
        out += "{}".utf8
        return
      }
      out += "{".utf8
      for (i, pair) in pairs.enumerated() {
        if i > 0 { out += ",".utf8 }
        newline(indent + 4)
        PythonJSON.quote(pair.key.string ?? "", into: &out)
        out += ": ".utf8
        ordered(pair.value, indent: indent + 4, into: &out)
      }
      newline(indent)
      out += "}".utf8
    }
  }

  static func read(_ path: String) throws -> YNode {
    try TOMLReader.read(try LocalFileSystem().read(path), file: path)
  }

  @Test func corpusIsLargeEnough() {
    #expect(Self.valid.count >= 12)
    #expect(Self.invalid.count >= 40)
  }

  @Test(needsPython, arguments: valid)
  func readsAsTomllib(_ name: String) throws {
    let path = "\(Self.root)/valid/\(name)"
    let expected = try #require(try Self.python(path)["json"]?.stringValue, "tomllib refused \(name)")
    var out: [UInt8] = []
    Self.ordered(try Self.read(path), into: &out)
    let ours = String(decoding: out, as: UTF8.self)
    #expect(ours == expected, "\(name): labctl's tree differs from tomllib's\ntomllib:\n\(expected)\nlabctl:\n\(ours)")
  }

  @Test(needsPython, arguments: invalid)
  func refusesAsTomllib(_ name: String) throws {
    let path = "\(Self.root)/invalid/\(name)"
    let python = try Self.python(path)
    try #require(python["error"] != nil, "tomllib accepted \(name)")
    let text = try LocalFileSystem().read(path)
    do {
      _ = try TOMLReader.read(text, file: path)
      Issue.record("labctl accepted \(name), which tomllib refuses: \(python["error"]!)")
    } catch {
      #expect(error.file == path)
      #expect(
        .int(error.line) == python["line"],
        "\(name): labctl refuses it at line \(error.line) (\(error.message)), tomllib at \(python["error"]!)")
    }
  }

  @Test("Every key and value keeps its line and column; strings are quoted, dates not")
  func positions() throws {
    let text = "a = 1\n[web.hosts.\"10.0.0.1\"]\nx = { y = [1, 1979-05-27] }\n  \"é\" = 'ü'\n"
    let root = try TOMLReader.read(text, file: "p.toml")
    let pairs = try #require(root.pairs)
    #expect(
      pairs.map { [$0.key.line, $0.key.column, $0.value.line, $0.value.column] } == [[1, 1, 1, 5], [2, 2, 2, 2]])
    let web = try #require(pairs[1].value.pairs?[0].value.pairs?[0])
    #expect(web.key.string == "10.0.0.1" && web.key.line == 2 && web.key.column == 12)
    let vars = try #require(web.value.pairs)
    #expect(
      vars.map { [$0.key.line, $0.key.column, $0.value.line, $0.value.column] } == [[3, 1, 3, 5], [4, 3, 4, 9]])
    let list = try #require(vars[0].value.pairs?[0].value)
    guard case .sequence(let items) = list.kind else {
      Issue.record("not a list")
      return
    }
    #expect(items.map(\.column) == [12, 15])
    #expect(items.map(\.quoted) == [false, false])
    #expect(vars[1].value.quoted && vars[1].value.string == "ü")
  }
}
