import LabCheck
import LabModel
import Testing

@Suite struct SplitSimulationTests {
  let lab: Lab
  init() throws { lab = try SimulationFixture.lab("split") }

  @Test func aCutLinkKeepsQuorumOnTheMajoritySide() throws {
    let r = try SimulationFixture.run(lab, "az-1<->az-2")
    let c = try r.verdict("stretch")
    #expect(c.verdict == .degraded)
    #expect(
      c.chain
        == "az-1<->az-2 down → b1, b2 cut off → "
        + "etcd 3/5 voters on one side of the split, quorum held, tolerates 0 more"
    )
  }

  @Test func aServiceCutOffFromItsDependencyIsDownOthersServeOn() throws {
    let r = try SimulationFixture.run(lab, "az-1<->az-2")
    let chain = "az-1<->az-2 down → db out of reach → no instance can reach what it needs (0/1)"
    #expect(try r.verdict("app").chain == chain)
    #expect(try r.verdict("local").verdict == .ok)
    // az-3 is on no declared link: the model does not place it on either side, so it reaches both.
    #expect(try r.verdict("anywhere").verdict == .ok)
    #expect(try r.verdict("both").verdict == .ok)
    #expect(r.newlyDown.map(\.name) == ["app"])
  }

  @Test func losingTheMajoritySiteLosesQuorum() throws {
    let r = try SimulationFixture.run(lab, "az-1")
    #expect(try r.verdict("stretch").detail == "etcd 2/5 voters, quorum lost (needs 3)")
    #expect(try r.verdict("both").verdict == .degraded)
    #expect(try r.verdict("anywhere").detail == "needs db, which is down")
  }
}

@Suite struct IncrementalSimulationTests {
  /// Evaluating only what a failure reaches gives the same report as evaluating everything each time.
  @Test(arguments: ["quorum", "chains", "split"])
  func incrementalAgreesWithFullEvaluation(fixture: String) throws {
    let lab = try SimulationFixture.lab(fixture)
    for horizon in Horizon.allCases {
      #expect(lab.singleFailures(at: horizon) == lab.singleFailures(at: horizon, incremental: false))
    }
  }
}

@Suite struct FailureDomainTests {
  /// The simulator's index and the model's queries agree on which domains are present.
  @Test(arguments: ["quorum", "chains", "split"])
  func presenceAgreesWithTheModel(fixture: String) throws {
    let lab = try SimulationFixture.lab(fixture)
    for horizon in Horizon.allCases {
      let simulator = Simulator(lab, horizon: horizon)
      #expect(lab.failureDomains.filter { simulator.isPresent($0) } == lab.failureDomains(at: horizon))
    }
  }
}
