import Foundation
import LabTestSupport
import Testing

@Suite struct BuildCommandTests {
  /// A fresh scratch directory under the system temp dir.
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-build-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Every file under `dir`, path → bytes.
  func snapshot(_ dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = dir.standardizedFileURL.path
    let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = e?.nextObject() as? URL {
      guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
      out[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
    }
    return out
  }

  @Test func buildsTheExampleDeterministically() async throws {
    let tmp = try scratch()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let a = tmp.appendingPathComponent("a").path
    let b = tmp.appendingPathComponent("b").path
    let r1 = try await Labctl.run(["build", TestLab.example, "-o", a])
    #expect(r1.status == 0, "\(r1.stderr)")
    let r2 = try await Labctl.run(["build", TestLab.example, "-o", b])
    #expect(r2.status == 0, "\(r2.stderr)")
    let s1 = try snapshot(URL(fileURLWithPath: a))
    let s2 = try snapshot(URL(fileURLWithPath: b))
    #expect(!s1.isEmpty)
    #expect(s1.keys.sorted() == s2.keys.sorted())
    for (path, data) in s1 { #expect(s2[path] == data, "\(path) differs between two builds") }
    for path in ["index.html", "style.css", "lab.json", "diagrams/layers.svg", "api/v1/summary.json"] {
      #expect(s1[path] != nil, "missing \(path)")
    }
    // Rebuilding over an existing site replaces it and leaves no temporary directories beside it.
    let r3 = try await Labctl.run(["build", TestLab.example, "-o", a])
    #expect(r3.status == 0)
    let siblings = try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
    #expect(siblings == ["a", "b"])
  }

  @Test func aLabWithErrorsLeavesThePreviousSiteUntouched() async throws {
    let tmp = try scratch()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let out = tmp.appendingPathComponent("site")
    #expect(try await Labctl.run(["build", TestLab.example, "-o", out.path]).status == 0)
    let before = try snapshot(out)
    // A broken copy of the example: an unknown machine in a cluster.
    let broken = tmp.appendingPathComponent("broken")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: TestLab.example), to: broken)
    let spec = broken.appendingPathComponent("lab.yaml")
    let text = try String(contentsOf: spec, encoding: .utf8)
    try text.replacingOccurrences(of: "core-cp-1: controlplane", with: "core-cp-9: controlplane")
      .write(to: spec, atomically: true, encoding: .utf8)
    let r = try await Labctl.run(["build", broken.path, "-o", out.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("lab.yaml:"), "diagnostics name the file: \(r.stderr)")
    #expect(r.stderr.contains("core-cp-9"))
    #expect(try snapshot(out) == before)
  }

  @Test func internalAudienceIsAnOption() async throws {
    let tmp = try scratch()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let out = tmp.appendingPathComponent("site").path
    let r = try await Labctl.run(["build", TestLab.example, "-o", out, "--audience", "internal"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try String(contentsOfFile: out + "/lab.json", encoding: .utf8)
    #expect(json.contains("\"audience\" : \"internal\""))
    let bad = try await Labctl.run(["build", TestLab.example, "-o", out, "--audience", "everyone"])
    #expect(bad.status != 0)
  }

  @Test func anUnknownFactInTheProseFailsTheBuild() async throws {
    let tmp = try scratch()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let lab = tmp.appendingPathComponent("lab")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: TestLab.example), to: lab)
    let prose = lab.appendingPathComponent("site/principles.md")
    let text = try String(contentsOf: prose, encoding: .utf8)
    try text.replacingOccurrences(of: "{{etcd.voters | word}}", with: "{{etcd.voter | word}}")
      .write(to: prose, atomically: true, encoding: .utf8)
    let out = tmp.appendingPathComponent("site")
    let r = try await Labctl.run(["build", lab.path, "-o", out.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("site/principles.md:5:28: error: unknown fact 'etcd.voter'"), "\(r.stderr)")
    #expect(r.stderr.contains("did you mean 'etcd.voters'?"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func anOutputThatIsAFileIsAnErrorAndUntouched() async throws {
    let tmp = try scratch()
    defer { try? FileManager.default.removeItem(at: tmp) }
    let out = tmp.appendingPathComponent("site")
    try Data("keep me".utf8).write(to: out)
    let r = try await Labctl.run(["build", TestLab.example, "-o", out.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("not a directory"), "\(r.stderr)")
    #expect(try Data(contentsOf: out) == Data("keep me".utf8))
  }
}
