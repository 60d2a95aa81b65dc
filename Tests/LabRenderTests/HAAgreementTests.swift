import Foundation
import LabCheck
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// The HA map the page draws agrees with the simulation: what it calls redundant survives every single host
/// failure (machine, hypervisor, VM, VIP holder) without going down or being interrupted, every single-instance item
/// is taken down or interrupted by at least one, and what only the plan has is never counted as today's.
@Suite struct HAAgreementTests {
  /// The `api/v1/ha.json` view, as a client reads it.
  struct Map: Decodable {
    struct Row: Decodable {
      var title: String
      var badge: String
      var planned: Bool
      var mitigationPlanned: Bool
      var items: [ItemRef]
    }
    var redundant: [Row]
    var single: [Row]
    var planned: [Row]
  }

  static func renderedMap(_ lab: Lab) throws -> Map {
    let text = try Support.text(renderPage(lab, audience: .public), "api/v1/ha.json")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Map.self, from: Data(text.utf8))
  }

  /// Every disagreement between the rendered map and the single-failure simulation, in words.
  static func disagreements(_ lab: Lab) throws -> [String] {
    let map = try renderedMap(lab)
    var problems: [String] = []
    let reports = [Horizon.today: lab.singleFailures(at: .today), .plan: lab.singleFailures(at: .plan)]
    let baseline = simulate(lab, Scenario(horizon: .today))
    /// Today for what serves today, else the plan (a planned cluster, a service with no instance yet).
    func horizon(_ item: ItemRef) -> Horizon {
      baseline.items.contains { $0.ref == item && $0.verdict != .down } ? .today : .plan
    }
    /// The single host failures that take the item down, or interrupt it until Kubernetes reschedules it, at a
    /// horizon.
    func takenDownBy(_ item: ItemRef, _ h: Horizon) -> [String] {
      reports[h]!.rows.filter {
        $0.domain.kind != .site && $0.domain.kind != .link && ($0.down.contains(item) || $0.interrupted.contains(item))
      }
      .map(\.domain.name)
    }
    for row in map.redundant {
      if row.items.isEmpty { problems.append("redundant row '\(row.title)' stands for no item") }
      for item in row.items {
        let h = horizon(item)
        let by = takenDownBy(item, h)
        if !by.isEmpty { problems.append("redundant \(item.name) goes down or is interrupted with \(by) at \(h)") }
      }
    }
    for row in map.planned {
      for item in row.items where horizon(item) != .plan {
        problems.append("'\(row.title)' is in the planned strip but \(item.name) serves today")
      }
    }
    for row in map.redundant + map.single where row.planned {
      problems.append("'\(row.title)' exists only in the plan but is counted today")
    }
    for row in map.planned where !row.planned { problems.append("'\(row.title)' in the planned strip runs today") }
    for row in map.single {
      for item in row.items {
        let h = horizon(item)
        if takenDownBy(item, h).isEmpty { problems.append("single \(item.name): no single host failure at \(h)") }
      }
    }
    // Nothing that serves today is left off the map.
    let drawn = (map.redundant + map.single + map.planned).flatMap(\.items)
    for item in baseline.items where (item.kind == .cluster || item.kind == .service) && item.verdict != .down {
      let n = drawn.filter { $0 == item.ref }.count
      if n != 1 { problems.append("\(item.name) is drawn \(n) times") }
    }
    return problems
  }

  @Test func theExamplesHAMapAgreesWithEverySingleFailure() throws {
    let lab = try TestLab.loadExample()
    #expect(try Self.disagreements(lab) == [])
    let map = try Self.renderedMap(lab)
    #expect(Set(map.single.flatMap(\.items).map(\.name)) == ["argocd", "step-ca", "lgtm", "primary-nas"])
    // The seed's counts: 7 redundant today, 4 single-instance; the planned cluster is apart, not counted today.
    #expect(map.redundant.count == 7)
    #expect(map.single.count == 4)
    #expect(map.planned.map(\.title) == ["talos-prod-b · etcd quorum"])
    // cert-manager keeps running while step-ca is down, so the map keeps it with the Kubernetes-managed services,
    // under the seed's title: it is issued via step-issuer.
    #expect(
      map.redundant.contains {
        $0.badge == "self-heal" && $0.title == "cert-manager + step-issuer"
          && $0.items.map(\.name).contains("cert-manager")
      })
    // step-ca's mitigation is in the plan: it stays today's single point, not drawn as planned.
    let stepCA = try #require(map.single.first { $0.items.map(\.name) == ["step-ca"] })
    #expect(stepCA.mitigationPlanned && !stepCA.planned)
  }

  @Test func aHardDependencyOnASinglePointMovesTheServiceToTheSingleSide() throws {
    let example = try Support.exampleFiles()
    let yaml = example.yaml.replacingOccurrences(
      of: "    ha: { kind: self-heal, via: step-issuer }\n  external-dns:",
      with: "    ha: { kind: self-heal, via: step-issuer }\n    depends_on: [step-ca]\n  external-dns:")
    #expect(yaml != example.yaml)
    let lab = try Support.load(yaml, files: example.files)
    #expect(try Self.disagreements(lab) == [])
    let map = try Self.renderedMap(lab)
    let certManager = try #require(map.single.first { $0.items.map(\.name) == ["cert-manager"] })
    // The plan's second step-ca replica fixes it too; it is today's single point all the same.
    #expect(certManager.mitigationPlanned && !certManager.planned)
    #expect(!map.redundant.contains { $0.items.map(\.name).contains("cert-manager") })
  }

  @Test(arguments: ["chains", "quorum", "split"])
  func fixtureLabsAgree(_ name: String) throws {
    let result = try LabLoader().load(TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/simulate/\(name)")
    let lab = try #require(result.lab, "\(result.diagnostics)")
    #expect(try Self.disagreements(lab) == [])
  }

  @Test(arguments: [2, 10])
  func largerLabsAgree(_ scale: Int) throws {
    let (yaml, files) = LargeLab.make(scale: scale)
    #expect(try Self.disagreements(try Support.load(yaml, files: files)) == [])
  }
}
