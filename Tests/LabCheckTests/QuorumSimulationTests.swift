import LabCheck
import LabModel
import Testing

@Suite struct QuorumSimulationTests {
  /// etcd's arithmetic: quorum is a majority, ⌊n/2⌋+1; tolerance ⌊(n−1)/2⌋.
  @Test(arguments: [
    (1, 0, Verdict.ok, "etcd 1/1 voters, tolerates 0 more"),
    (1, 1, .down, "etcd 0/1 voters, quorum lost (needs 1)"),
    (2, 0, .ok, "etcd 2/2 voters, tolerates 0 more"),
    (2, 1, .down, "etcd 1/2 voters, quorum lost (needs 2)"),
    (3, 0, .ok, "etcd 3/3 voters, tolerates 1 more"),
    (3, 1, .degraded, "etcd 2/3 voters, quorum held, tolerates 0 more"),
    (3, 2, .down, "etcd 1/3 voters, quorum lost (needs 2)"),
    (4, 0, .ok, "etcd 4/4 voters, tolerates 1 more"),
    (4, 1, .degraded, "etcd 3/4 voters, quorum held, tolerates 0 more"),
    (4, 2, .down, "etcd 2/4 voters, quorum lost (needs 3)"),
    (5, 0, .ok, "etcd 5/5 voters, tolerates 2 more"),
    (5, 1, .degraded, "etcd 4/5 voters, quorum held, tolerates 1 more"),
    (5, 2, .degraded, "etcd 3/5 voters, quorum held, tolerates 0 more"),
    (5, 3, .down, "etcd 2/5 voters, quorum lost (needs 3)"),
  ])
  func votersLost(voters: Int, lost: Int, verdict: Verdict, detail: String) throws {
    let lab = try SimulationFixture.lab("quorum")
    let down = (1...5).prefix(lost).map { "n\($0)" }.joined(separator: ",")
    let r = try SimulationFixture.run(lab, down)
    let v = try r.verdict("v\(voters)")
    #expect(v.verdict == verdict)
    #expect(v.detail == detail)
    #expect(v.causes.isEmpty == (lost == 0))
  }

  @Test func toleranceWithNothingDownIsHalfRoundedDown() throws {
    let r = try SimulationFixture.run(try SimulationFixture.lab("quorum"), "")
    for n in 1...5 {
      #expect(try r.verdict("v\(n)").detail.hasSuffix("tolerates \((n - 1) / 2) more"))
    }
  }

  @Test func aLostWorkerDegradesButKeepsQuorum() throws {
    let r = try SimulationFixture.run(try SimulationFixture.lab("quorum"), "w1")
    let v = try r.verdict("v3w")
    #expect(v.verdict == .degraded)
    #expect(v.detail == "etcd 3/3 voters, tolerates 1 more; 0/1 workers")
    #expect(v.chain.hasPrefix("w1 down → "))
  }

  @Test func aQuorumServiceNeedsAMajorityOfItsMembers() throws {
    let lab = try SimulationFixture.lab("quorum")
    #expect(try SimulationFixture.run(lab, "n1").verdict("raft").verdict == .degraded)
    let lost = try SimulationFixture.run(lab, "n1,n3").verdict("raft")
    #expect(lost.verdict == .down)
    #expect(lost.detail == "1/3 members, quorum lost (needs 2)")
  }
}
