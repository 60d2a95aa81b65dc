import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing

/// `export prometheus-rules`: promtool accepts the file, and promtool's own rule unit tests prove that a dead
/// hypervisor pages once — its VMs, down because of it, carry `labctl_root_cause_down 0` and never alert.
@Suite struct PrometheusRulesTests {
  @Test func oneGroupNamedAfterTheLab() throws {
    let lab = try TestLab.loadExample()
    let files = PrometheusRulesExporter(lab).export().files
    #expect(files.map(\.path) == ["prometheus/labctl-rules.yml"])
    let text = String(decoding: files[0].contents, as: UTF8.self)
    #expect(text.contains("- name: labctl-03-lab\n"), "\(text)")
    #expect(text.contains("expr: labctl_root_cause_down == 1"))
    #expect(!text.contains("10.10."), "rules carry no address")
  }

  /// promtool's unit-test input: hx90 down on its own account, its four VMs down because of it.
  static let unitTests = """
    rule_files:
      - labctl-rules.yml
    evaluation_interval: 30s
    tests:
      - interval: 30s
        input_series:
          - series: 'labctl_root_cause_down{owner="hx90",owner_kind="machine"}'
            values: '0 0 1 1 1 1 1 1 1 1'
          - series: 'labctl_root_cause_down{owner="arr-vm",owner_kind="machine"}'
            values: '0 0 0 0 0 0 0 0 0 0'
          - series: 'labctl_root_cause_down{owner="core-cp-1",owner_kind="machine"}'
            values: '0 0 0 0 0 0 0 0 0 0'
          - series: 'labctl_check_up{check="arr-vm/ssh",owner="arr-vm",owner_kind="machine"}'
            values: '1 1 0 0 0 0 0 0 0 0'
        alert_rule_test:
          - eval_time: 1m
            alertname: LabRootCauseDown
            exp_alerts: []
          - eval_time: 4m
            alertname: LabRootCauseDown
            exp_alerts:
              - exp_labels:
                  severity: page
                  lab: 03//lab
                  owner: hx90
                  owner_kind: machine
                exp_annotations:
                  summary: "hx90 (machine) is down"
                  description: >-
                    hx90 is down on its own account: a root cause, not impacted by another outage.
                    Everything it takes down is listed on the lab's page and in `labctl probe`.
    """

  @Test(
    .enabled(
      if: Peers.find("promtool") != nil || Peers.required, "promtool not installed (apt-get install prometheus)"))
  func promtoolAcceptsTheRulesAndADeadHypervisorPagesOnce() async throws {
    let promtool = try #require(Peers.find("promtool"), "promtool not installed: apt-get install prometheus")
    let example = try ExportedExample()
    defer { example.remove() }
    let dir = example.path("prometheus")
    let checked: Peers.Output = try await Peers.run(
      promtool, ["check", "rules", dir + "/labctl-rules.yml"], timeout: 60)
    #expect(checked.status == 0, "promtool check rules:\n\(checked.stdout)\(checked.stderr)")
    #expect(checked.stdout.contains("SUCCESS: 5 rules found"), "\(checked.stdout)")
    try Self.unitTests.write(toFile: dir + "/tests.yml", atomically: true, encoding: .utf8)
    let tested: Peers.Output = try await Peers.run(promtool, ["test", "rules", dir + "/tests.yml"], timeout: 60)
    #expect(tested.status == 0, "promtool test rules:\n\(tested.stdout)\(tested.stderr)")
    print(
      "promtool: \(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines)); test rules exit \(tested.status)")
  }
}
