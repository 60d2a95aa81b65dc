import LabCheck
import LabModel
import LabTestSupport
import Testing

@Suite struct ExampleTests {
  @Test func exampleIsClean() throws {
    let lab = try TestLab.loadExample()
    let d = check(lab)
    #expect(d.isEmpty, "\(DiagnosticRenderer.human(d))")
  }

  @Test func summaryMatchesTheSeedPage() throws {
    let s = try TestLab.loadExample().summary
    #expect(s.clusters == Figure(today: 3, plan: 4))
    #expect(s.nodes == Figure(today: 9, plan: 12))
    #expect(s.focalMachines == Figure(today: 3, plan: 6))
    #expect(s.vipServices.first?.instances.today == 3)
    #expect(s.inventoryHosts == 13)
    #expect(s.vlans.today == 6)
  }
}
