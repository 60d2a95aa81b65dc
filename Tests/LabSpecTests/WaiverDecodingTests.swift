import Foundation
import LabModel
import LabSpec
import LabTestSupport
import Testing

/// `waivers:` in lab.yaml: what is read, and where each problem is reported (the fixture
/// Fixtures/schema/waivers.yaml has one entry per kind of problem).
@Suite struct WaiverDecodingTests {
  @Test func readsEachKeyInDeclarationOrder() throws {
    let result = TestLab.load(
      """
      lab: { name: t }
      waivers:
        - rule: etcd-quorum
          item: staging
          reason: the third host arrives in September
          expires: 2025-09-01
        - { rule: spof-mitigation, item: lgtm, reason: "observability may go dark: it is not paged on" }
      """)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let waivers = try #require(result.lab?.waivers)
    #expect(
      waivers == [
        Waiver(
          rule: "etcd-quorum", item: "staging", reason: "the third host arrives in September",
          expires: CalendarDay("2025-09-01"), index: 0),
        Waiver(
          rule: "spof-mitigation", item: "lgtm", reason: "observability may go dark: it is not paged on", index: 1),
      ])
    let lab = try #require(result.lab)
    #expect(lab.sourceMap.value("waivers.0.expires") == SourceLocation(file: "lab.yaml", line: 6, column: 14))
    #expect(lab.sourceMap.value("waivers.1") == SourceLocation(file: "lab.yaml", line: 7, column: 5))
  }

  @Test func aQuotedDateReadsLikeAPlainOne() throws {
    let result = TestLab.load(
      "lab: { name: t }\nwaivers: [{ rule: etcd-quorum, item: s, reason: r, expires: \"2025-09-01\" }]\n")
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.lab?.waivers.first?.expires == CalendarDay("2025-09-01"))
  }

  @Test func anEntryWithAProblemIsLeftOutAndTheOthersKeepTheirPlaces() throws {
    let result = TestLab.load(
      """
      lab: { name: t }
      waivers:
        - { rule: etcd-quorum, item: a, reason: r, expires: soon }
        - { rule: etcd-quorum, item: b, reason: r }
      """)
    #expect(result.diagnostics.map(\.rule) == ["schema"])
    #expect(result.diagnostics.first?.location == SourceLocation(file: "lab.yaml", line: 3, column: 55))
    #expect(result.diagnostics.first?.notes == ["write it as 2025-09-01: the first day the waiver no longer holds"])
    let waivers = try #require(result.lab?.waivers)
    #expect(waivers.map(\.item) == ["b"])
    #expect(waivers.first?.path == "waivers.1", "the source map path is the declared position")
  }

  @Test func aDayTheCalendarLacksSaysSo() throws {
    let result = TestLab.load(
      "lab: { name: t }\nwaivers: [{ rule: etcd-quorum, item: s, reason: r, expires: 2025-02-29 }]\n")
    let d = try #require(result.diagnostics.first)
    #expect(d.message == "'waivers.0.expires' must be a date written YYYY-MM-DD, found '2025-02-29'")
    #expect(d.notes == ["there is no such day on the calendar"])
  }

  @Test func waiversMustBeAList() throws {
    let result = TestLab.load("lab: { name: t }\nwaivers: { rule: etcd-quorum }\n")
    #expect(result.diagnostics.map(\.message) == ["'waivers' must be a list, found a mapping"])
    #expect(result.diagnostics.first?.location == SourceLocation(file: "lab.yaml", line: 2, column: 10))
  }

  @Test func atMostAThousandWaiversAreRead() throws {
    let entry = "  - { rule: etcd-quorum, item: s, reason: r }\n"
    let yaml = "lab: { name: t }\nwaivers:\n" + String(repeating: entry, count: 1001)
    let result = TestLab.load(yaml)
    let d = try #require(result.diagnostics.first)
    #expect(result.diagnostics.count == 1)
    #expect(d.message == "'waivers' lists 1001 waivers; expected at most 1000 (labctl's limit)")
    #expect(d.location == SourceLocation(file: "lab.yaml", line: 1003, column: 5), "at the 1001st entry")
    #expect(result.lab?.waivers.count == 1000)
  }
}
