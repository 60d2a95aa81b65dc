import Foundation
import LabCheck
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// The HA map the page draws agrees with the simulation: what it calls redundant survives every single host
/// failure (machine, hypervisor, VM, VIP holder), and every single-instance item is taken down by at least one.
@Suite struct HAAgreementTests {
  /// The `api/v1/ha.json` view, as a client reads it.
  struct Map: Decodable {
    struct Row: Decodable {
      var title: String
      var badge: String
      var planned: Bool
      var items: [ItemRef]
    }
    var redundant: [Row]
    var single: [Row]
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
    /// The single host failures that take the item down at a horizon.
    func takenDownBy(_ item: ItemRef, _ h: Horizon) -> [String] {
      reports[h]!.rows.filter { $0.domain.kind != .site && $0.domain.kind != .link && $0.down.contains(item) }
        .map(\.domain.name)
    }
    for row in map.redundant {
      if row.items.isEmpty { problems.append("redundant row '\(row.title)' stands for no item") }
      for item in row.items {
        let h = horizon(item)
        let by = takenDownBy(item, h)
        if !by.isEmpty { problems.append("redundant \(item.name) goes down with \(by) at \(h)") }
        if row.planned != (h == .plan) { problems.append("'\(row.title)' planned is \(row.planned), judged at \(h)") }
      }
    }
    for row in map.single {
      for item in row.items {
        let h = horizon(item)
        if takenDownBy(item, h).isEmpty { problems.append("single \(item.name): no single host failure at \(h)") }
      }
    }
    // Nothing that serves today is left off the map.
    let drawn = (map.redundant + map.single).flatMap(\.items)
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
    // cert-manager keeps running while step-ca is down, so the map keeps it with the Kubernetes-managed services.
    #expect(map.redundant.contains { $0.badge == "self-heal" && $0.items.map(\.name).contains("cert-manager") })
  }

  @Test func aHardDependencyOnASinglePointMovesTheServiceToTheSingleSide() throws {
    let example = try Support.exampleFiles()
    let yaml = example.yaml.replacingOccurrences(
      of: "    ha: { kind: self-heal }\n  external-dns:",
      with: "    ha: { kind: self-heal }\n    depends_on: [step-ca]\n  external-dns:")
    #expect(yaml != example.yaml)
    let lab = try Support.load(yaml, files: example.files)
    #expect(try Self.disagreements(lab) == [])
    let map = try Self.renderedMap(lab)
    let certManager = try #require(map.single.first { $0.items.map(\.name) == ["cert-manager"] })
    // The plan's second step-ca replica fixes it too.
    #expect(certManager.planned)
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
