import LabCheck
import LabTestSupport
import Testing

@Suite struct PlanCommandTests {
  @Test func planShowsChangesTerraformStyle() throws {
    let run = try Labctl.run(["plan", TestLab.example])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "  + cluster prod-b (talos · az-b · etcd 3 voters, tolerates 1)\n      + node ed-n4 (controlplane)\n"))
    #expect(run.stdout.contains("  ~ service step-ca: 1 instance → 2 instances\n      ~ replicas core: 1 → 2\n"))
    #expect(run.stdout.contains("Plan: 4 to add, 3 to change, 0 to remove."))
    #expect(run.stdout.contains("    - step-ca: today "))
  }

  @Test func planJSONDecodes() throws {
    let run = try Labctl.run(["plan", TestLab.example, "--format", "json"])
    #expect(run.status == 0)
    let r = try SimulationJSON.decode(PlanReport.self, from: run.stdout)
    #expect(r.singleAZ.new.map(\.item.name) == ["prod-b"])
  }
}
