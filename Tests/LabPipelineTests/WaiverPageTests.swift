import Foundation
import LabCheck
import LabIO
import LabModel
import LabPipeline
import LabRender
import LabTestSupport
import Testing

/// Waivers through the one pipeline: what `check` decides, and what the page's HA map and `/api/v1/ha`
/// show of an accepted risk, in both audiences.
@Suite struct WaiverPageTests {
  static let address = "10.30.0.9"

  static let yaml = """
    lab: { name: fixture }
    vlans:
      servers: { id: 30, subnet: 10.30.0.0/24 }
    machines:
      hv1: { vlan: servers, address: \(address) }
      hv2: { vlan: servers, address: 10.30.0.10 }
      st-1: { runs_on: hv1 }
      st-2: { runs_on: hv1 }
      st-3: { runs_on: hv1 }
    clusters:
      staging:
        nodes: { st-1: controlplane, st-2: controlplane, st-3: controlplane }
    services:
      grafana: { runs_on: [hv2], critical: true }
    waivers:
      - rule: etcd-quorum
        item: staging
        reason: hv1 at \(address) carries all three voters until the third host arrives
        expires: 2025-09-01
      - { rule: spof-mitigation, item: grafana, reason: dashboards may go dark for a day }
    """

  static func checked(on today: String = "2025-06-01", _ text: String = yaml) -> CheckedLab {
    let day = TestLab.day(today)
    return LabPipeline(path: "lab", fileSystem: MemoryFileSystem(["lab/lab.yaml": text]), today: { day }).check()
  }

  static func page(_ audience: Audience) throws -> ArtifactSet {
    let simulated = try #require(checked().simulate(), "a lab whose only errors are waived renders")
    return simulated.page(audience: audience)
  }

  static func text(_ page: ArtifactSet, _ path: String) throws -> String {
    String(decoding: try #require(page[path], "no \(path)").contents, as: UTF8.self)
  }

  /// The HA map's row titled `title`, from `api/v1/ha.json`.
  static func row(_ page: ArtifactSet, single title: String) throws -> [String: Any] {
    let json = try JSONSerialization.jsonObject(with: Data(try text(page, "api/v1/ha.json").utf8))
    let single = try #require((json as? [String: Any])?["single"] as? [[String: Any]])
    return try #require(single.first { $0["title"] as? String == title }, "no single row '\(title)' in \(single)")
  }

  @Test func waivedErrorsNeitherFailTheCheckNorStopThePage() throws {
    let checked = Self.checked()
    #expect(!checked.failed, "\(DiagnosticRenderer.human(checked.diagnostics))")
    #expect(checked.today == TestLab.day("2025-06-01"))
    let notes = checked.diagnostics.filter { $0.severity == .note }
    #expect(notes.map(\.rule) == ["etcd-quorum", "spof-mitigation"])
    // The address in the reason is free text like any other: public-leak warns about it.
    let leak = try #require(checked.diagnostics.first { $0.rule == "public-leak" })
    #expect(leak.item == "waivers.0.reason")
    #expect(leak.severity == .warning)
    #expect(
      checked.views?.acceptedRisks.map(\.subject) == [
        ItemRef(kind: .cluster, name: "staging"), ItemRef(kind: .service, name: "grafana"),
      ])
  }

  @Test func anExpiredWaiverFailsTheCheckAndThePageIsNotBuilt() throws {
    let checked = Self.checked(on: "2025-09-01")
    #expect(checked.failed)
    #expect(checked.simulate() == nil)
    #expect(checked.diagnostics.filter { $0.severity == .error }.map(\.rule) == ["etcd-quorum"])
    #expect(checked.views?.acceptedRisks.map(\.waiver.item) == ["grafana"])
  }

  @Test func theHAMapShowsAWaivedSinglePointAsAnAcceptedRisk() throws {
    let page = try Self.page(.internal)
    let staging = try Self.row(page, single: "staging · etcd quorum")
    #expect(
      staging["detail"] as? String
        == "→ accepted risk: hv1 at \(Self.address) carries all three voters until the third host arrives"
        + " · expires 2025-09-01")
    let risks = try #require(staging["accepted_risks"] as? [[String: String]])
    #expect(
      risks == [
        [
          "rule": "etcd-quorum", "expires": "2025-09-01",
          "reason": "hv1 at \(Self.address) carries all three voters until the third host arrives",
        ]
      ])
    let grafana = try Self.row(page, single: "grafana")
    #expect(grafana["detail"] as? String == "→ accepted risk: dashboards may go dark for a day")
    #expect((grafana["accepted_risks"] as? [[String: String]])?.first?["expires"] == nil)
    let svg = try Self.text(page, "diagrams/ha.svg")
    #expect(svg.contains("SINGLE-INSTANCE: 0 WITH A NEXT STEP, 2 ACCEPTED RISKS"), "the subtitle counts them")
    #expect(svg.contains("accepted risk: dashboards may go dark"))
    #expect(try Self.text(page, "index.html").contains("accepted risk: dashboards may go dark"))
  }

  @Test func thePublicPageShowsTheRiskButNotTheAddressTypedIntoItsReason() throws {
    let page = try Self.page(.public)
    let staging = try Self.row(page, single: "staging · etcd quorum")
    #expect(
      (staging["accepted_risks"] as? [[String: String]])?.first?["reason"]
        == "hv1 at [redacted] carries all three voters until the third host arrives")
    #expect((staging["detail"] as? String)?.hasPrefix("→ accepted risk: hv1 at [redacted] carries") == true)
    for file in page.files {
      let text = String(decoding: file.contents, as: UTF8.self)
      #expect(!text.contains(Self.address), "\(file.path) shows the address typed into a waiver's reason")
    }
    #expect(try Self.text(page, "diagrams/ha.svg").contains("accepted risk: hv1 at [redacted]"))
    #expect(try Self.text(page, "lab.json").contains("hv1 at [redacted] carries"))
  }

  @Test func noKindOfAddressInAReasonReachesThePublicFiles() throws {
    let planted = ["10.30.0.99", "2001:db8::99", "aa:bb:cc:dd:ee:99"]
    let text = Self.yaml.replacingOccurrences(
      of: "dashboards may go dark for a day", with: "see \(planted[0]) or \(planted[1]) nic \(planted[2])")
    let simulated = try #require(Self.checked(text).simulate())
    let internalText = simulated.page(audience: .internal).files.map { String(decoding: $0.contents, as: UTF8.self) }
    for address in planted {
      #expect(internalText.contains { $0.contains(address) }, "the internal page shows \(address)")
    }
    for file in simulated.page(audience: .public).files {
      let body = String(decoding: file.contents, as: UTF8.self)
      for address in planted { #expect(!body.contains(address), "\(file.path) shows \(address)") }
    }
  }

  @Test func withoutWaiversTheSamePointsReadAsBefore() throws {
    let plain = Self.yaml.components(separatedBy: "waivers:")[0]
      .replacingOccurrences(of: "critical: true", with: "critical: true, mitigation: a second instance")
    // The staging finding is an error without its waiver; drop the stacked cluster to render at all.
    let text = plain.replacingOccurrences(
      of: "  staging:\n    nodes: { st-1: controlplane, st-2: controlplane, st-3: controlplane }\n", with: "")
    let checked = Self.checked(text)
    let simulated = try #require(checked.simulate(), "\(DiagnosticRenderer.human(checked.diagnostics))")
    let grafana = try Self.row(simulated.page(audience: .internal), single: "grafana")
    #expect(grafana["detail"] as? String == "→ a second instance")
    #expect(grafana["accepted_risks"] == nil)
  }
}
