import Foundation
import LabTestSupport
import Testing

/// A copy of examples/03lab broken one way at a time: each break must yield exactly one
/// diagnostic, at the right file:line:col, exit 1, and the same in `--format json`.
@Suite struct CheckBreakTests {
  /// One way to break the example.
  struct Break: Sendable, CustomStringConvertible {
    var description: String
    /// A text unique to the line to edit in lab.yaml.
    var anchor: String
    /// The edited line; nil deletes it.
    var edit: @Sendable (String) -> String?
    var rule: String
    /// Where the diagnostic must point in the edited file: the first line holding `line`,
    /// at the column of `token` in it (plus `offset`).
    var line: String
    var token: String
    var offset = 0
    /// Text the diagnostic's message or notes must hold.
    var says: String
  }

  static let breaks: [Break] = [
    Break(
      description: "an even etcd count", anchor: "nodes: { core-cp-1: controlplane",
      edit: { $0.replacingOccurrences(of: "core-cp-3: controlplane", with: "core-cp-3: worker") },
      rule: "etcd-quorum", line: "nodes: { core-cp-1", token: "{",
      says: "etcd in cluster 'core' has 2 voters; an even count tolerates no more failures than 1"),
    Break(
      description: "a dangling machine reference", anchor: "runs_on: [rpi-n1, dns-n2, dns-n3]",
      edit: { $0.replacingOccurrences(of: "dns-n3]", with: "dns-m3]") },
      rule: "unknown-reference", line: "runs_on: [rpi-n1", token: "dns-m3",
      says: "did you mean 'dns-n3'?"),
    Break(
      description: "a typo'd key", anchor: "ed-n1: { model:",
      edit: { $0.replacingOccurrences(of: "model:", with: "modle:") },
      rule: "unknown-key", line: "ed-n1: {", token: "modle", says: "did you mean 'model'?"),
    Break(
      description: "an overlapping subnet", anchor: "guest:   { id: 50",
      edit: { $0.replacingOccurrences(of: "10.50.0.0/24", with: "10.30.0.128/25") },
      rule: "subnet-overlap", line: "guest:   { id: 50", token: "10.30.0.128/25",
      says: "overlaps 10.30.0.0/24 of VLAN 'trusted'"),
    Break(
      description: "a single-instance critical service without mitigation",
      anchor: "mitigation: migrate to Kubernetes", edit: { _ in nil },
      rule: "spof-mitigation", line: "  lgtm:", token: "lgtm",
      says: "service 'lgtm' runs as a single instance today and is marked critical"),
    Break(
      description: "a YAML syntax error", anchor: "az-a: { title: Primary, status: live }",
      edit: { $0 + "}" }, rule: "syntax", line: "az-a: {", token: "}}", offset: 1, says: "invalid YAML"),
  ]

  @Test(arguments: breaks)
  func brokenCopyYieldsOneDiagnosticAtTheRightPlace(_ b: Break) async throws {
    let dir = try BrokenCopy(b)
    defer { dir.remove() }
    let place = "\(dir.spec):\(dir.expectedLine):\(dir.expectedColumn)"

    let text = try await Labctl.run(["check", dir.path])
    #expect(text.status == 1, "\(text.stderr)")
    let reported = text.stderr.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
    #expect(reported.count == 1, "\(text.stderr)")
    #expect(reported.first?.hasPrefix("\(place): error: ") == true, "expected \(place):\n\(text.stderr)")
    #expect(reported.first?.hasSuffix("[\(b.rule)]") == true, "\(text.stderr)")
    #expect(text.stderr.contains(b.says), "\(text.stderr)")
    #expect(!text.stderr.contains("Fatal error") && !text.stderr.contains("LabModel."))

    let json = try await Labctl.run(["check", dir.path, "--format", "json"])
    #expect(json.status == 1)
    let doc = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
    let items = try #require(doc["diagnostics"] as? [[String: Any]])
    #expect(items.count == 1, "\(json.stdout)")
    let d = try #require(items.first)
    #expect(d["file"] as? String == dir.spec)
    #expect(d["line"] as? Int == dir.expectedLine)
    #expect(d["column"] as? Int == dir.expectedColumn)
    #expect(d["rule"] as? String == b.rule)
    #expect(d["severity"] as? String == "error")
    let words = [(d["message"] as? String ?? "")] + (d["notes"] as? [String] ?? [])
    #expect(words.contains { $0.contains(b.says) }, "\(d)")
    #expect(doc["errors"] as? Int == 1)
  }

  @Test func diagnosticsNameThePathAsTheUserGaveIt() async throws {
    let dir = try BrokenCopy(Self.breaks[0])
    defer { dir.remove() }
    let parent = (dir.path as NSString).deletingLastPathComponent
    let name = (dir.path as NSString).lastPathComponent
    let spot = ":\(dir.expectedLine):\(dir.expectedColumn): error:"
    for (arg, shown) in [
      (name, "\(name)/lab.yaml"), ("\(name)/", "\(name)/lab.yaml"), ("\(name)/lab.yaml", "\(name)/lab.yaml"),
      (dir.path, "\(dir.path)/lab.yaml"),
    ] {
      let run = try await Labctl.run(["check", arg], cwd: parent)
      #expect(run.status == 1)
      #expect(run.stderr.hasPrefix(shown + spot), "labctl check \(arg):\n\(run.stderr)")
    }
  }

  @Test func strictTurnsAWarningIntoFailure() async throws {
    let warn = Break(
      description: "a split gateway without its address", anchor: "address: 10.30.0.202", edit: { _ in nil },
      rule: "gateway-split", line: "  eg-public:", token: "eg-public", says: "does not declare the 'address'")
    let dir = try BrokenCopy(warn)
    defer { dir.remove() }
    let place = "\(dir.spec):\(dir.expectedLine):\(dir.expectedColumn): warning: "

    let lenient = try await Labctl.run(["check", dir.path])
    #expect(lenient.status == 0, "\(lenient.stderr)")
    #expect(lenient.stderr.hasPrefix(place), "\(lenient.stderr)")
    #expect(lenient.stdout.contains("ok (1 warning)"), "\(lenient.stdout)")

    let strict = try await Labctl.run(["check", "--strict", dir.path])
    #expect(strict.status == 1, "\(strict.stderr)")
    #expect(strict.stderr.hasPrefix(place), "\(strict.stderr)")

    let json = try await Labctl.run(["check", "--strict", "--format", "json", dir.path])
    #expect(json.status == 1)
    #expect(json.stdout.contains("\"warnings\" : 1"), "\(json.stdout)")
  }

  @Test func unreadableInputExitsTwo() async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-unreadable-\(UUID())").path
    try FileManager.default.createDirectory(atPath: "\(root)/empty", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: "\(root)/dir-spec/lab.yaml", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: "\(root)/binary", withIntermediateDirectories: true)
    try Data([0x6c, 0x61, 0x62, 0x3a, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: "\(root)/binary/lab.yaml"))
    defer { try? FileManager.default.removeItem(atPath: root) }
    for (arg, file) in [
      ("\(root)/missing", "\(root)/missing/lab.yaml"), ("\(root)/empty", "\(root)/empty/lab.yaml"),
      ("\(root)/dir-spec", "\(root)/dir-spec/lab.yaml"), ("\(root)/binary", "\(root)/binary/lab.yaml"),
    ] {
      let run = try await Labctl.run(["check", arg])
      #expect(run.status == 2, "labctl check \(arg): \(run.status)\n\(run.stderr)")
      #expect(run.stderr.hasPrefix("\(file): error: "), "\(run.stderr)")
    }
  }

  @Test func usageErrorExitsTwo() async throws {
    let run = try await Labctl.run(["check", "--format", "yaml", TestLab.example])
    #expect(run.status == 2, "\(run.stderr)")
    #expect(run.stderr.contains("--format"))
  }
}

/// A temporary copy of the example with one line edited.
struct BrokenCopy {
  var path: String
  var spec: String { path + "/lab.yaml" }
  var expectedLine = 0
  var expectedColumn = 0

  init(_ b: CheckBreakTests.Break) throws {
    let fm = FileManager.default
    path = fm.temporaryDirectory.appendingPathComponent("labctl-break-\(UUID())").path
    try fm.copyItem(atPath: TestLab.example, toPath: path)
    var lines = try String(contentsOfFile: spec, encoding: .utf8).components(separatedBy: "\n")
    let hits = lines.indices.filter { lines[$0].contains(b.anchor) }
    guard hits.count == 1, let i = hits.first else {
      throw BreakError(message: "anchor '\(b.anchor)' found \(hits.count) times in the example")
    }
    if let edited = b.edit(lines[i]) { lines[i] = edited } else { lines.remove(at: i) }
    try lines.joined(separator: "\n").write(toFile: spec, atomically: true, encoding: .utf8)
    guard let l = lines.firstIndex(where: { $0.contains(b.line) }),
      let r = lines[l].range(of: b.token)
    else { throw BreakError(message: "'\(b.token)' not found on a line holding '\(b.line)'") }
    expectedLine = l + 1
    expectedColumn = lines[l].distance(from: lines[l].startIndex, to: r.lowerBound) + 1 + b.offset
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct BreakError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
