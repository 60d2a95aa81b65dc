import LabCheck
import LabModel
import LabTestSupport
import Testing

/// The what-if questions of issue 5, asked of the seed lab.
@Suite struct SimulateExampleTests {
  let lab: Lab
  init() throws { lab = try TestLab.loadExample() }

  @Test func theSecondAZGoingDownTodayChangesNothing() throws {
    let r = try SimulationFixture.run(lab, "az-b")
    let baseline = try SimulationFixture.run(lab, "")
    #expect(r.down.first?.note == "az-b is not live today")
    #expect(r.items == baseline.items)
    #expect(r.items.allSatisfy { $0.verdict == .ok })
    #expect(!r.takesSomethingDown)
  }

  @Test func withThePlanLosingTheSecondAZKeepsEverythingOnTheFirst() throws {
    let r = try SimulationFixture.run(lab, "az-b", .plan)
    #expect(r.down.first?.machines == ["ed-n4", "ed-n5", "ed-n6"])
    #expect(r.newlyDown == [ItemRef(kind: .cluster, name: "prod-b")])
    let kept = r.items.filter { $0.verdict == .ok }.map(\.name)
    #expect(kept.contains("prod") && kept.contains("core") && kept.contains("technitium"))
    #expect(kept.count == r.items.count - 1)
  }

  @Test func losingTwoProdNodesTakesProdsControlPlaneDown() throws {
    let r = try SimulationFixture.run(lab, "ed-n1,ed-n2")
    let prod = try r.verdict("prod")
    #expect(prod.verdict == .down)
    #expect(prod.chain == "ed-n1, ed-n2 down → etcd 1/3 voters, quorum lost (needs 2)")
    for name in ["eg-internal", "eg-public", "cnpg", "dragonfly", "kian-coffee", "techgarden", "hausparty"] {
      let v = try r.verdict(name)
      #expect(v.verdict == .down, "\(name)")
      #expect(v.chain.contains("prod down"), "\(name): \(v.chain)")
    }
    #expect(try r.verdict("cloudflared").verdict == .degraded)
    #expect(try r.verdict("core").verdict == .ok)
  }

  @Test func losingThePrimaryNASShowsWhatDependsOnIt() throws {
    let r = try SimulationFixture.run(lab, "cm-nas")
    #expect(r.newlyDown == [ItemRef(kind: .service, name: "primary-nas")])
    #expect(try r.verdict("primary-nas").chain == "cm-nas down → no instance left (0/1)")
    // Every service that declares a dependency on it goes down with it: the model declares none.
    let dependents = lab.services.filter { $0.dependsOn.contains("primary-nas") }.map(\.name)
    #expect(r.newlyDown.map(\.name) == ["primary-nas"] + dependents)
  }

  @Test func aHypervisorChainReachesTheEtcdVerdict() throws {
    let r = try SimulationFixture.run(lab, "hx90")
    let chain = "hx90 down → dev-cp-1 down → etcd 2/3 voters, quorum held, tolerates 0 more"
    #expect(try r.verdict("dev").chain == chain)
  }

  @Test func instanceCountsAgreeWithTheModel() throws {
    for horizon in Horizon.allCases {
      let r = try SimulationFixture.run(lab, "", horizon)
      for s in lab.services where horizon.includes(s.status) {
        let n = lab.instances(of: s, at: horizon)
        #expect(try r.verdict(s.name).detail.contains("\(n)/\(n)"), "\(s.name) at \(horizon)")
      }
      #expect(Set(r.items.filter { $0.kind == .cluster }.map(\.name)) == Set(lab.clusters(at: horizon).map(\.name)))
    }
  }

  /// What the model calls redundant survives every single host failure, and every single-instance service is taken
  /// down by one. (LabRenderTests checks the rendered HA map itself, `api/v1/ha.json`, the same way.)
  @Test func whatTheHAMapCallsRedundantSurvivesEverySingleHostFailure() throws {
    let single = Set(lab.services.filter { $0.status == .live && !lab.isRedundant($0, at: .today) }.map(\.name))
    let redundant = Set(lab.services.filter { $0.status == .live && lab.isRedundant($0, at: .today) }.map(\.name))
      .union(lab.clusters(at: .today).filter { $0.etcdVoters.count >= 3 }.map(\.name))
    #expect(single == ["argocd", "step-ca", "lgtm", "primary-nas"])
    var simulator = Simulator(lab, horizon: .today)
    let hostDomains = lab.failureDomains(at: .today).filter { $0.kind != .site && $0.kind != .link }
    #expect(hostDomains.count == 23)
    var takenDown = Set<String>()
    for d in hostDomains {
      let r = simulator.run([d])
      for item in r.items where item.verdict >= .interrupted {
        takenDown.insert(item.name)
        #expect(!redundant.contains(item.name), "\(d.name) takes redundant \(item.name) out: \(item.chain)")
      }
    }
    #expect(
      single.isSubset(of: takenDown),
      "single instances no single host takes down or interrupts: \(single.subtracting(takenDown))")
  }

  /// The what-if: ArgoCD (one replica on the core cluster) is interrupted when one core node fails —
  /// Kubernetes reschedules it — and down when the core cluster loses quorum.
  @Test func argoCDIsInterruptedByOneCoreNodeAndDownWithoutQuorum() throws {
    for node in ["core-cp-1", "core-cp-2", "core-cp-3"] {
      let r = try SimulationFixture.run(lab, node)
      let argocd = try r.verdict("argocd")
      #expect(argocd.verdict == .interrupted, "\(node): \(argocd.chain)")
      #expect(argocd.detail == "0/1 replica until Kubernetes reschedules it on the 2 core nodes left")
      #expect(try r.verdict("core").verdict == .degraded)
      #expect(!r.takesSomethingDown)
    }
    let quorumLost = try SimulationFixture.run(lab, "core-cp-1,core-cp-2")
    #expect(try quorumLost.verdict("core").verdict == .down)
    #expect(try quorumLost.verdict("argocd").verdict == .down)
    #expect(try quorumLost.verdict("argocd").chain == "core-cp-1, core-cp-2 down → core down → no instance left (0/1)")
    #expect(quorumLost.takesSomethingDown)
  }

  @Test func allSingleListsTheHAMapsSingleInstanceItemsAndWhatElseTheModelReveals() throws {
    let report = lab.singleFailures(at: .today)
    let points = report.singlePoints.map(\.item.name)
    // Down with one host: lgtm and primary-nas, and — revealed beyond the HA map, which draws services and
    // clusters — the game port-forward, which lands on wings-n1 alone.
    #expect(Set(points) == ["lgtm", "primary-nas", "port-forward:wings-n1"])
    // Interrupted by one host, back once Kubernetes reschedules them: the core cluster's single replicas.
    #expect(Set(report.singleInstances.map(\.item.name)) == ["step-ca", "argocd"])
    #expect(
      report.singleInstances.first { $0.item.name == "argocd" }?.domains
        == ["hx90", "bd-n1", "bd-n2", "core-cp-1", "core-cp-2", "core-cp-3"])
    #expect(report.singlePoints.first { $0.item.name == "primary-nas" }?.domains == ["cm-nas"])
    // Today everything hangs on az-a: the single-AZ dependency the plan's second AZ is for.
    let azA = report.singleSite.filter { $0.domains == ["az-a"] }.count
    #expect(azA == report.rows.first { $0.domain.name == "az-a" }?.down.count)
    #expect(report.skipped == ["az-b", "az-a<->az-b", "ed-n4", "ed-n5", "ed-n6"])
    #expect(report.takesSomethingDown)
  }

  @Test func allSingleAgreesWithOneScenarioAtATime() throws {
    for horizon in Horizon.allCases {
      let report = lab.singleFailures(at: horizon)
      for row in report.rows {
        let r = simulate(lab, Scenario(down: [row.domain], horizon: horizon))
        #expect(row.down == r.newlyDown, "\(row.domain.name) at \(horizon)")
        #expect(Set(row.degraded) == Set(r.items.filter { $0.verdict == .degraded }.map(\.ref)), "\(row.domain.name)")
      }
    }
  }
}
