import Foundation
import LabCheck
import LabModel
import Testing

@Suite struct ChainSimulationTests {
  let lab: Lab
  init() throws { lab = try SimulationFixture.lab("chains") }

  @Test func nothingDownLeavesEverythingAsItIs() throws {
    let r = try SimulationFixture.run(lab, "")
    #expect(r.newlyDown.isEmpty)
    #expect(r.items.filter { $0.verdict != .ok }.map(\.name) == ["offsite"])
    #expect(try r.verdict("offsite").detail == "no instance runs today")
  }

  @Test func aHypervisorTakesItsVMsAndTheChainSaysSo() throws {
    let r = try SimulationFixture.run(lab, "hv1")
    #expect(r.down.first?.machines == ["hv1", "cp1", "dns2"])
    let k = try r.verdict("k")
    #expect(k.verdict == .degraded)
    #expect(k.chain == "hv1 down → cp1 down → etcd 2/3 voters, quorum held, tolerates 0 more")
    let dns = try r.verdict("dns")
    #expect(dns.verdict == .degraded)
    #expect(dns.chain == "hv1 down → dns2 down → VIP on 2/3 backends, tolerates 1 more")
  }

  /// One node of a quorate cluster failing interrupts a single replica: Kubernetes reschedules it on the nodes left,
  /// nobody has to act. What depends on it is interrupted with it, not down.
  @Test func aSingleReplicaOnAClusterIsInterruptedByAnyNodeAndDependentsFollow() throws {
    let r = try SimulationFixture.run(lab, "hv1")
    let db = try r.verdict("db")
    #expect(db.verdict == .interrupted)
    #expect(
      db.chain.hasPrefix(
        "hv1 down → cp1 down → k 2/3 nodes → 0/1 replica until Kubernetes reschedules it on the 2 k nodes left"))
    let web = try r.verdict("web")
    #expect(web.verdict == .interrupted)
    #expect(
      web.chain
        == "hv1 down → cp1 down → k 2/3 nodes → db rescheduled → api rescheduled → needs api, which Kubernetes is rescheduling"
    )
    #expect(try r.verdict("tunnel").verdict == .degraded)
    #expect(try r.verdict("shop").verdict == .ok)
    #expect(r.newlyDown.isEmpty)
    #expect(r.newlyInterrupted.map(\.name) == ["db", "api", "web"])
    #expect(r.counts.interrupted == 3)
  }

  /// Once the cluster loses quorum nothing reschedules it: the single replica and its dependents are down.
  @Test func aSingleReplicaIsDownWhenItsClusterLosesQuorum() throws {
    let r = try SimulationFixture.run(lab, "hv1,hv2")
    #expect(try r.verdict("k").verdict == .down)
    let db = try r.verdict("db")
    #expect(db.verdict == .down)
    #expect(db.detail == "no instance left (0/1)")
    #expect(try r.verdict("web").verdict == .down)
    #expect(r.newlyInterrupted.isEmpty)
    #expect(r.takesSomethingDown)
  }

  @Test func thePlanHorizonUsesPlannedReplicas() throws {
    let r = try SimulationFixture.run(lab, "hv1", .plan)
    #expect(try r.verdict("db").verdict == .degraded)
    #expect(try r.verdict("api").verdict == .degraded)
    #expect(try r.verdict("web").verdict == .ok)
    #expect(try r.verdict("offsite").detail == "2/2 instances, tolerates 1 more")
    #expect(r.newlyDown.isEmpty)
  }

  @Test func dependenciesCarryAFailureDownTheLine() throws {
    let r = try SimulationFixture.run(lab, "nas")
    #expect(try r.verdict("storage").chain == "nas down → no instance left (0/1)")
    #expect(try r.verdict("db").chain == "nas down → storage down → needs storage, which is down")
    #expect(try r.verdict("web").verdict == .down)
    #expect(try r.verdict("tunnel").verdict == .ok)
  }

  @Test func aVIPWithNoBackendIsDownAndNamesStopResolving() throws {
    let r = try SimulationFixture.run(lab, "dns1,dns2,dns3")
    let dns = try r.verdict("dns")
    #expect(dns.verdict == .down)
    #expect(dns.chain == "dns1, dns2, dns3 down → VIP has no live backend (0/3)")
    // db declares depends_on, so it reaches storage by name: through the DNS service.
    #expect(try r.verdict("db").detail == "resolves names through dns, which is down")
    // storage and the tunnel declare no dependency: names are not their concern.
    #expect(try r.verdict("storage").verdict == .ok)
    #expect(try r.verdict("tunnel").verdict == .ok)
  }

  @Test func losingTheVIPHolderFailsOverAndTakesNothingElse() throws {
    let r = try SimulationFixture.run(lab, "vip:dns")
    let dns = try r.verdict("dns")
    #expect(dns.verdict == .degraded)
    #expect(dns.chain == "dns1 loses the dns VIP → VIP on 2/3 backends, tolerates 1 more")
    #expect(r.items.filter { $0.verdict != .ok && $0.name != "dns" }.map(\.name) == ["offsite"])
  }

  @Test func aTunnelWithNoReplicaIsDownAndSoIsItsIngress() throws {
    let r = try SimulationFixture.run(lab, "hv1,hv2")
    #expect(try r.verdict("k").detail == "etcd 1/3 voters, quorum lost (needs 2)")
    let tunnel = try r.verdict("tunnel")
    #expect(tunnel.verdict == .down)
    #expect(tunnel.detail == "tunnel has no replica (0/2)")
    let ingress = try #require(r.item("edge-tunnel", kind: .ingress))
    #expect(ingress.verdict == .down)
    #expect(ingress.chain.hasSuffix("k down → tunnel down → tunnel has no replica"))
    #expect(try r.verdict("shop").verdict == .down)
  }

  @Test func aPortForwardWithNoTargetIsDown() throws {
    let r = try SimulationFixture.run(lab, "hv3")
    let pf = try r.verdict("port-forward:game")
    #expect(pf.verdict == .down)
    #expect(pf.chain == "hv3 down → game down → port-forward has no live target (0/1)")
  }

  @Test func domainsAbsentAtTheHorizonChangeNothingAndSayWhy() throws {
    let r = try SimulationFixture.run(lab, "az-2,az-1<->az-2,spare")
    #expect(
      r.down.map(\.note) == [
        "az-2 is not live today", "az-1<->az-2 carries no traffic today: a site on it is not live",
        "spare does not run today",
      ])
    #expect(r.newlyDown.isEmpty)
    let plan = try SimulationFixture.run(lab, "az-2", .plan)
    #expect(plan.down.first?.machines == ["far1"])
    #expect(try plan.verdict("offsite").verdict == .degraded)
  }

  @Test func aSiteTakesEveryMachineOnItAndTheirVMs() throws {
    let r = try SimulationFixture.run(lab, "az-1")
    #expect(r.down.first?.machines.count == 11)
    #expect(
      try r.verdict("k").chain
        == "az-1 down → (hv1 down → cp1 down; hv2 down → cp2 down; hv3 down → cp3 down) → "
        + "etcd 0/3 voters, quorum lost (needs 2)"
    )
    #expect(r.items.allSatisfy { $0.verdict == .down })
  }

  @Test(arguments: [
    ("hv4", "unknown failure domain 'hv4'", "did you mean 'hv1'?"),
    ("k", "'k' is a cluster, not a failure domain", "take down its machines (cp1, cp2, cp3) or its site"),
    ("db", "'db' is a service, not a failure domain", "take down the machines it runs on"),
  ])
  func unknownNamesAreRefusedWithAHint(name: String, message: String, hint: String) {
    guard case .failure(let e) = lab.failureDomains(parsing: "hv1,\(name)") else {
      Issue.record("'\(name)' was accepted")
      return
    }
    #expect(e.message == message)
    #expect(e.hint == hint)
  }

  @Test func linksResolveEitherWayRoundAndByPrefix() throws {
    let names = try ["az-1<->az-2", "az-2<->az-1", "site:az-1", "machine:hv1"].map {
      try lab.failureDomain(named: $0).get().name
    }
    #expect(names == ["az-1<->az-2", "az-1<->az-2", "az-1", "hv1"])
  }

  @Test func resultsRoundTripThroughDeterministicJSON() throws {
    let r = try SimulationFixture.run(lab, "hv1,nas")
    let text = SimulationJSON.encode(r)
    #expect(text == SimulationJSON.encode(try SimulationFixture.run(lab, "hv1,nas")))
    #expect(try SimulationJSON.decode(SimulationResult.self, from: text) == r)
    let keys = ["\"counts\"", "\"down\"", "\"horizon\"", "\"items\"", "\"lab\"", "\"newlyDown\""]
    let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
    #expect(positions.count == keys.count && positions == positions.sorted())
  }

  @Test func thePublicViewDropsHostnamesFromCauses() throws {
    let r = try SimulationFixture.run(lab, "hv1").forPublic
    #expect(r.items.allSatisfy { $0.causes.isEmpty })
    #expect(r.down.allSatisfy { $0.machines.isEmpty })
    #expect(try r.verdict("db").verdict == .interrupted)
  }
}
