import LabCheck
import LabModel
import LabTestSupport
import Testing

@Suite struct PlanTests {
  @Test func theExamplesPlanAddsTheSecondAZAndAStepCAReplica() throws {
    let r = try TestLab.loadExample().planReport
    let lines = r.changes.map { "\($0.op.rawValue) \($0.kind) \($0.name)" }
    #expect(
      lines == [
        "~ site az-b", "~ link az-a<->az-b", "+ machine ed-n4", "+ machine ed-n5", "+ machine ed-n6",
        "+ cluster prod-b", "~ service step-ca",
      ])
    let prodB = try #require(r.changes.first { $0.name == "prod-b" })
    #expect(prodB.children.map(\.name) == ["ed-n4", "ed-n5", "ed-n6"])
    #expect(prodB.detail == "talos · az-b · etcd 3 voters, tolerates 1")
    let stepCA = try #require(r.changes.first { $0.name == "step-ca" })
    #expect((stepCA.before, stepCA.after) == ("1 instance", "2 instances"))
    #expect(stepCA.children == [PlanReport.Change(.change, "replicas", "core", before: "1", after: "2")])
    #expect(r.counts == ["add": 4, "change": 3, "remove": 0])
    #expect(r.figures.first { $0.name == "Kubernetes nodes" }.map { ($0.today, $0.plan) } ?? (0, 0) == (9, 12))
  }

  @Test func theExamplesPlanFixesStepCAAndWhatNeedsItButNoSingleAZDependency() throws {
    let r = try TestLab.loadExample().planReport
    #expect(r.singlePoints.fixed.map(\.item.name) == ["cert-manager", "step-ca"])
    #expect(
      Set(r.singlePoints.remaining.map(\.item.name)) == ["argocd", "lgtm", "primary-nas", "port-forward:wings-n1"])
    #expect(r.singlePoints.new.isEmpty)
    // Nothing is declared to run on prod-b, so every service still hangs on az-a alone.
    #expect(r.singleAZ.fixed.isEmpty)
    #expect(r.singleAZ.remaining.allSatisfy { $0.plan == ["az-a"] })
    #expect(r.singleAZ.new.map(\.item.name) == ["prod-b"])
  }

  @Test func aPlanThatMovesReplicasShowsThemAndTheSPoFsItRemoves() throws {
    let r = try SimulationFixture.lab("chains").planReport
    let lines = r.changes.map { "\($0.op.rawValue) \($0.kind) \($0.name)" }
    #expect(
      lines == [
        "~ site az-2", "~ link az-1<->az-2", "~ machine far1", "+ machine spare", "~ service db", "~ service offsite",
      ])
    let offsite = try #require(r.changes.first { $0.name == "offsite" })
    #expect(offsite.children.map { "\($0.op.rawValue) \($0.name)" } == ["+ far1", "+ spare"])
    // db gets a second replica, so no node takes it down any more; it still needs storage on one NAS.
    #expect(r.singlePoints.fixed.isEmpty)
    let db = try #require(r.singlePoints.remaining.first { $0.item.name == "db" })
    #expect(db.today == ["hv1", "hv2", "hv3", "nas", "cp1", "cp2", "cp3"])
    #expect(db.plan == ["nas"])
  }

  @Test func theReportIsDeterministicJSON() throws {
    let lab = try TestLab.loadExample()
    let text = SimulationJSON.encode(lab.planReport)
    #expect(text == SimulationJSON.encode(lab.planReport))
    #expect(try SimulationJSON.decode(PlanReport.self, from: text) == lab.planReport)
  }
}
