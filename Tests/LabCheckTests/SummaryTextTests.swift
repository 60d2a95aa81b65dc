import LabCheck
import LabModel
import LabSpec
import Testing

/// `labctl check`'s summary lines read as English for any count: singular for one, "no" for zero, and no
/// dangling " — " when there is nothing to name.
@Suite struct SummaryTextTests {
  func lines(_ yaml: String) throws -> [String] {
    let result = LabLoader().load(text: yaml, file: "lab.yaml", dir: ".")
    let lab = try #require(result.lab, "did not load: \(result.diagnostics)")
    return SummaryText.lines(lab.summary)
  }

  @Test func oneVLANNoCluster() throws {
    let out = try lines(
      """
      lab: { name: tiny }
      vlans:
        lo: { id: 1 }
      firewall: { default: deny }
      machines:
        a: { vlan: lo }
      """)
    #expect(out.contains("1 VLAN — lo"), "\(out)")
    #expect(out.contains("no clusters today"), "\(out)")
    #expect(out.contains("no Kubernetes nodes today"), "\(out)")
    #expect(!out.contains { $0.hasSuffix("— ") || $0.contains("— (") }, "\(out)")
  }

  @Test func noVLANs() throws {
    let out = try lines(
      """
      lab: { name: empty }
      firewall: { default: deny }
      """)
    #expect(out.contains("no VLANs"), "\(out)")
    #expect(!out.contains { $0.contains("—") }, "\(out)")
  }

  @Test func pluralsAndPlan() throws {
    let out = try lines(
      """
      lab: { name: two }
      vlans:
        a: { id: 1 }
        b: { id: 2, status: planned }
      firewall: { default: deny }
      machines:
        m1: { vlan: a }
      """)
    #expect(out.contains("1 VLAN — a · b — 2 VLANs with the plan"), "\(out)")
  }
}
