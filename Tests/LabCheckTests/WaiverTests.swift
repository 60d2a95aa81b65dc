import Foundation
import LabCheck
import LabIO
import LabModel
import LabSpec
import LabTestSupport
import Testing

/// Applying `waivers:` to the rules' findings (`Waivers.apply`), on fixed days, over
/// Fixtures/waivers/staging.yaml and edits of it.
@Suite struct WaiverTests {
  static let staging = TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/waivers/staging.yaml"

  /// The lab's findings after its waivers on `today`, and the risks accepted; `edit` changes the text first.
  static func apply(
    on today: String = "2025-06-01", _ edit: (String) -> String = { $0 }
  ) throws -> (diagnostics: [Diagnostic], accepted: [AcceptedRisk]) {
    let text = edit(try String(contentsOfFile: staging, encoding: .utf8))
    let result = TestLab.load(text)
    let lab = try #require(result.lab)
    #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
    let waived = Waivers.apply(lab, to: check(lab), today: TestLab.day(today))
    return (waived.diagnostics, waived.accepted)
  }

  static func adding(_ entry: String) -> (String) -> String { { $0 + entry + "\n" } }

  @Test func withoutTheWaiversBothFindingsAreErrors() throws {
    let (d, accepted) = try Self.apply { $0.components(separatedBy: "waivers:")[0] }
    #expect(d.map(\.severity) == [.error, .error], "\(d)")
    #expect(d.map(\.rule) == ["etcd-quorum", "spof-mitigation"])
    #expect(accepted.isEmpty)
  }

  @Test func aWaivedFindingBecomesANoteSayingWhyWhereAndUntilWhen() throws {
    let (d, accepted) = try Self.apply()
    #expect(!d.hasErrors, "\(DiagnosticRenderer.human(d))")
    #expect(d.allSatisfy { $0.severity == .note }, "\(d)")
    let etcd = try #require(d.first { $0.rule == "etcd-quorum" })
    #expect(
      etcd.message
        == "accepted risk: etcd voters 'st-1', 'st-2', 'st-3' of cluster 'staging' all run on 'hv1'; losing it loses 3 votes"
    )
    #expect(etcd.location == SourceLocation(file: "lab.yaml", line: 17, column: 7), "where the rule reported it")
    #expect(etcd.item == "staging")
    #expect(
      etcd.notes == [
        "accepted because: the third hypervisor arrives in September; staging may go down with hv1 until then",
        "waiver at lab.yaml:24:5, expires 2025-09-01",
      ])
    let grafana = try #require(d.first { $0.rule == "spof-mitigation" })
    #expect(grafana.notes.last == "waiver at lab.yaml:28:5, no expiry")
    #expect(accepted.map(\.waiver.item) == ["staging", "grafana"])
    #expect(
      accepted.map(\.subject) == [ItemRef(kind: .cluster, name: "staging"), ItemRef(kind: .service, name: "grafana")])
    #expect(accepted.first?.findings.first?.severity == .error, "the risk keeps the finding as the rule reported it")
  }

  @Test func theDayBeforeExpiryTheWaiverStillHolds() throws {
    let (d, _) = try Self.apply(on: "2025-08-31")
    #expect(!d.hasErrors)
    #expect(!d.contains { $0.rule == Waivers.expiredRule })
  }

  @Test func onItsExpiryDayTheFindingKeepsItsSeverityAndTheWaiverWarns() throws {
    let (d, accepted) = try Self.apply(on: "2025-09-01")
    let etcd = try #require(d.first { $0.rule == "etcd-quorum" })
    #expect(etcd.severity == .error)
    #expect(
      etcd.message
        == "etcd voters 'st-1', 'st-2', 'st-3' of cluster 'staging' all run on 'hv1'; losing it loses 3 votes")
    #expect(etcd.notes.last == "the waiver at lab.yaml:24:5 expired on 2025-09-01")
    let expired = try #require(d.first { $0.rule == Waivers.expiredRule })
    #expect(expired.severity == .warning)
    #expect(
      expired.message
        == "waiver for 'staging' under 'etcd-quorum' expired on 2025-09-01, so its finding is reported again")
    #expect(expired.location == SourceLocation(file: "lab.yaml", line: 27, column: 14), "at its 'expires'")
    #expect(d.first { $0.rule == "spof-mitigation" }?.severity == .note, "the waiver without expiry still holds")
    #expect(accepted.map(\.waiver.item) == ["grafana"])
  }

  @Test func anExpiredWaiverThatMatchesNothingSaysToRemoveIt() throws {
    let (d, _) = try Self.apply(
      on: "2026-01-01", Self.adding("  - { rule: vip-backends, item: grafana, reason: r, expires: 2025-12-01 }"))
    let expired = try #require(d.first { $0.rule == Waivers.expiredRule && $0.message.contains("vip-backends") })
    #expect(expired.message.hasSuffix("expired on 2025-12-01, and matches no finding any more; remove it"))
    #expect(!d.contains { $0.rule == Waivers.unusedRule }, "one warning per waiver")
  }

  @Test func aWaiverThatMatchesNothingWarnsAtItsItemWithTheClosestItem() throws {
    let (d, _) = try Self.apply(Self.adding("  - { rule: etcd-quorum, item: stagin, reason: typo }"))
    let unused = try #require(d.first { $0.rule == Waivers.unusedRule })
    #expect(unused.severity == .warning)
    #expect(unused.message == "waiver for 'stagin' under 'etcd-quorum' matches no finding")
    #expect(unused.location == SourceLocation(file: "lab.yaml", line: 29, column: 32), "at its item")
    #expect(unused.notes == ["did you mean 'staging'?"])
    #expect(!d.hasErrors, "the staging waiver still holds")
  }

  @Test func aWaiverForARuleThatFindsNothingSaysSo() throws {
    let (d, _) = try Self.apply(Self.adding("  - { rule: vip-backends, item: grafana, reason: r }"))
    let unused = try #require(d.first { $0.rule == Waivers.unusedRule })
    #expect(unused.notes == ["'vip-backends' finds nothing in this lab; remove the waiver"])
  }

  @Test func aRepeatedWaiverWarnsAndTheFirstDecides() throws {
    let (d, accepted) = try Self.apply(
      Self.adding("  - { rule: spof-mitigation, item: grafana, reason: again, expires: 2020-01-01 }"))
    let repeated = try #require(d.first { $0.rule == Waivers.unusedRule })
    #expect(repeated.message == "waiver repeats the one for 'grafana' under 'spof-mitigation' declared before it")
    #expect(repeated.notes == ["the first one, at lab.yaml:28:5, decides; remove this one"])
    #expect(!d.contains { $0.rule == Waivers.expiredRule }, "a repeat is not judged again")
    #expect(accepted.map(\.waiver.item) == ["staging", "grafana"])
    #expect(!d.hasErrors)
  }

  @Test func anUnknownRuleIsAnErrorWithADidYouMean() throws {
    let (d, _) = try Self.apply(Self.adding("  - { rule: etcd-quorom, item: staging, reason: r }"))
    let unknown = try #require(d.first { $0.severity == .error })
    #expect(unknown.rule == "unknown-reference")
    #expect(unknown.message == "unknown rule 'etcd-quorom' in a waiver")
    #expect(unknown.location == SourceLocation(file: "lab.yaml", line: 29, column: 13), "at the rule's name")
    #expect(unknown.notes == ["did you mean 'etcd-quorum'?"])
  }

  @Test func aRuleNameFarFromAnyListsTheWaivableOnes() throws {
    let (d, _) = try Self.apply(Self.adding("  - { rule: quorum-of-everything, item: staging, reason: r }"))
    let unknown = try #require(d.first { $0.severity == .error })
    #expect(unknown.notes.first?.hasPrefix("rules that can be waived: etcd-quorum, replica-spread") == true)
  }

  @Test(arguments: ["vlan-id", "unknown-reference", "address-unique", "schema", "waiver-unused"])
  func aRuleThatCannotBeWaivedIsRefused(rule: String) throws {
    let (d, _) = try Self.apply(Self.adding("  - { rule: \(rule), item: staging, reason: r }"))
    let refused = try #require(d.first { $0.severity == .error })
    #expect(refused.rule == "schema")
    #expect(refused.message.hasPrefix("rule '\(rule)' cannot be waived"))
    #expect(refused.location == SourceLocation(file: "lab.yaml", line: 29, column: 13))
  }

  @Test func onlyTheExactItemIsCovered() throws {
    // A second cluster on one hypervisor: the staging waiver does not cover it.
    let (d, _) = try Self.apply {
      $0.replacingOccurrences(
        of: "    nodes: { n1: controlplane, n2: controlplane, n3: controlplane }",
        with: "    nodes: { st-1: controlplane, st-2: controlplane, st-3: controlplane }")
    }
    let errors = d.filter { $0.severity == .error }
    #expect(errors.map(\.item) == ["prod"], "\(DiagnosticRenderer.human(d))")
  }

  @Test func noWaiversLeaveTheFindingsUntouched() throws {
    let result = TestLab.load(try String(contentsOfFile: Self.staging, encoding: .utf8))
    var lab = try #require(result.lab)
    lab.waivers = []
    let findings = check(lab)
    #expect(Waivers.apply(lab, to: findings, today: TestLab.today()).diagnostics == findings)
  }

  /// Every rule names what each of its findings is about, so a waiver can match it.
  @Test(arguments: Rules.all.map(\.name))
  func everyRuleFindingHasAnItem(rule: String) throws {
    let dir = TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/rules/\(rule)"
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("fail") }
    for file in files where file.hasSuffix(".yaml") {
      let found = try TestLab.diagnostics(atPath: "\(dir)/\(file)").filter { $0.rule == rule }
      #expect(!found.isEmpty)
      for d in found { #expect(d.item?.isEmpty == false, "\(rule)/\(file): no item on \(d.message)") }
    }
  }
}
