import Foundation
import LabTestSupport
import Testing

@Suite struct CheckCommandTests {
  @Test func checkOnTheExampleExitsZeroWithTheSeedFigures() async throws {
    let run = try await Labctl.run(["check", TestLab.example])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("9 Kubernetes nodes today — 12 nodes with the plan"))
    #expect(run.stdout.contains("13 Ansible-managed hosts"))
  }

  /// lgtm without its mitigation is a `spof-mitigation` error; with a waiver it is an accepted risk.
  static func waivedLab(expires: String) throws -> TempCopy {
    let copy = try TempCopy(of: TestLab.example)
    let text = try copy.read("lab.yaml")
    #expect(text.contains("    mitigation: migrate to Kubernetes\n"))
    try copy.write(
      "lab.yaml",
      text.replacingOccurrences(of: "    mitigation: migrate to Kubernetes\n", with: "")
        + "waivers:\n  - { rule: spof-mitigation, item: lgtm, reason: dashboards may go dark, expires: \(expires) }\n")
    return copy
  }

  @Test func aWaivedErrorIsANoteAndTheCheckPasses() async throws {
    let copy = try Self.waivedLab(expires: "2999-01-01")
    defer { copy.remove() }
    let run = try await Labctl.run(["check", copy.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "note: accepted risk: service 'lgtm' runs as a single instance today and is marked critical, but has no "
          + "mitigation queued [spof-mitigation]"), "\(run.stderr)")
    #expect(run.stderr.contains("    note: accepted because: dashboards may go dark\n"))
    #expect(run.stderr.contains("expires 2999-01-01"))
    #expect(run.stdout.contains("03//lab: ok (1 accepted risk)"), "\(run.stdout)")
    let strict = try await Labctl.run(["check", "--strict", copy.path])
    #expect(strict.status == 0, "a note is not a warning: \(strict.stderr)")
  }

  @Test func theJSONReportGivesEachFindingItsItem() async throws {
    let copy = try Self.waivedLab(expires: "2999-01-01")
    defer { copy.remove() }
    let run = try await Labctl.run(["check", "--format", "json", copy.path])
    #expect(run.status == 0, "\(run.stderr)")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let items = try #require(doc["diagnostics"] as? [[String: Any]])
    let lgtm = try #require(items.first { $0["rule"] as? String == "spof-mitigation" })
    #expect(lgtm["severity"] as? String == "note")
    #expect(lgtm["item"] as? String == "lgtm")
    #expect(doc["errors"] as? Int == 0)
  }

  @Test func anExpiredWaiverFailsTheCheck() async throws {
    let copy = try Self.waivedLab(expires: "2000-01-01")
    defer { copy.remove() }
    let run = try await Labctl.run(["check", copy.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("error: service 'lgtm' runs as a single instance today"), "\(run.stderr)")
    #expect(run.stderr.contains("expired on 2000-01-01, so its finding is reported again [waiver-expired]"))
  }

  @Test func unreadableInputExitsTwo() async throws {
    let run = try await Labctl.run(["check", "/nonexistent/lab"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("/nonexistent/lab/lab.yaml"))
  }
}
