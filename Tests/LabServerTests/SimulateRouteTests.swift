import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabCheck
import LabModel
import LabRender
import LabServer
import LabTestSupport
import Testing

/// The example lab published (with the small sample site) for one audience.
private func simulateApp(_ lab: Lab, audience: Audience = .public) -> some ApplicationProtocol {
  let metrics = ServerMetrics()
  let store = PageStore()
  store.publish(
    PageSnapshot(SamplePage.site, audience: audience, generation: 1, lab: lab), diagnostics: [], at: Date())
  return Application(responder: buildResponder(store: store, metrics: metrics))
}

/// The IPv4 addresses (subnets too) and MAC addresses in `text`.
private func addresses(in text: String) -> [String] {
  let pattern = try! Regex(#"\b\d{1,3}(\.\d{1,3}){3}\b|\b[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}\b"#)
  return text.matches(of: pattern).map { String(text[$0.range]) }
}

@Suite("What-if over HTTP: /api/v1/simulate")
struct SimulateRouteTests {
  let lab: Lab

  init() throws { lab = try TestLab.loadExample() }

  @Test("down=ed-n1,ed-n2 takes prod's control plane down; internal bytes are labctl simulate's JSON")
  func prodDown() async throws {
    let expected = SimulationJSON.encode(simulate(lab, Scenario(down: try domains("ed-n1,ed-n2")))) + "\n"
    try await simulateApp(lab, audience: .internal).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=ed-n1,ed-n2", method: .get)
      #expect(response.status == .ok)
      #expect(response.headers[.contentType] == "application/json; charset=utf-8")
      #expect(response.headers[.cacheControl] == "private, no-cache")
      #expect(response.headers[.contentSecurityPolicy] == ResponseHeaders.contentSecurityPolicy)
      #expect(response.text == expected)
      let result = try SimulationJSON.decode(SimulationResult.self, from: response.text)
      #expect(result.item("prod", kind: .cluster)?.verdict == .down)
      #expect(result.newlyDown.contains(ItemRef(kind: .cluster, name: "prod")))
    }
  }

  @Test("The public result is names and verdicts: no machine lists, no reason chains")
  func publicShape() async throws {
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=ed-n1&down=ed-n2", method: .get)
      #expect(response.status == .ok)
      #expect(response.headers[.cacheControl] == "public, no-cache")
      let result = try SimulationJSON.decode(SimulationResult.self, from: response.text)
      #expect(result.item("prod", kind: .cluster)?.verdict == .down)
      #expect(result.down.map(\.domain.name) == ["ed-n1", "ed-n2"])
      #expect(result.down.allSatisfy { $0.machines.isEmpty })
      #expect(result.items.allSatisfy { $0.causes.isEmpty })
      let full = simulate(lab, Scenario(down: try domains("ed-n1,ed-n2")))
      #expect(response.text == SimulationJSON.encode(full.forPublic) + "\n")
    }
  }

  @Test("An unknown domain is a 400 naming it, with the hint")
  func unknownDomain() async throws {
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=ed-n1,hx91", method: .get)
      #expect(response.status == .badRequest)
      #expect(response.headers[.contentType] == "application/json; charset=utf-8")
      #expect(response.headers[.cacheControl] == "no-store")
      #expect(response.headers[.xContentTypeOptions] == "nosniff")
      let body = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: String])
      #expect(body["domain"] == "hx91")
      #expect(body["error"]?.contains("unknown failure domain 'hx91'") == true)
      #expect(body["hint"] == "did you mean 'hx90'?")
    }
  }

  @Test("A cluster is not a failure domain: 400 with its machines as the hint")
  func clusterName() async throws {
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=prod", method: .get)
      #expect(response.status == .badRequest)
      #expect(response.text.contains("is a cluster, not a failure domain"))
      #expect(response.text.contains("ed-n1"))
    }
  }

  @Test(
    "Missing, empty or bad queries are 400s",
    arguments: [
      "/api/v1/simulate", "/api/v1/simulate?down=", "/api/v1/simulate?down=,%20,", "/api/v1/simulate?plan=true",
      "/api/v1/simulate?down=hx90&plan=maybe",
    ])
  func badQueries(uri: String) async throws {
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: uri, method: .get)
      #expect(response.status == .badRequest)
      #expect(response.text.contains("\"error\""))
      #expect(response.headers[.contentSecurityPolicy] == ResponseHeaders.contentSecurityPolicy)
    }
  }

  @Test("More than 64 domains are refused before any is resolved")
  func tooMany() async throws {
    let names = (0...SimulateController.maxDomains).map { "m\($0)" }.joined(separator: ",")
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=" + names, method: .get)
      #expect(response.status == .badRequest)
      #expect(response.text.contains("at most 64"))
      let ok = try await client.execute(uri: "/api/v1/simulate?down=ed-n1,ed-n1", method: .get)
      #expect(ok.status == .ok)
    }
  }

  @Test("plan=true runs against the planned lab: az-b changes nothing today, takes the plan's prod-b with it")
  func plan() async throws {
    try await simulateApp(lab).test(.router) { client in
      let today = try await client.execute(uri: "/api/v1/simulate?down=az-b", method: .get)
      let todayResult = try SimulationJSON.decode(SimulationResult.self, from: today.text)
      #expect(todayResult.horizon == .today)
      #expect(todayResult.newlyDown.isEmpty)
      #expect(todayResult.down.first?.note == "az-b is not live today")
      let planned = try await client.execute(uri: "/api/v1/simulate?down=az-b&plan=true", method: .get)
      #expect(planned.status == .ok)
      let planResult = try SimulationJSON.decode(SimulationResult.self, from: planned.text)
      #expect(planResult.horizon == .plan)
      #expect(planResult.down.first?.note == nil)
      let expected = simulate(lab, Scenario(down: try domains("az-b"), horizon: .plan))
      #expect(planResult == expected.forPublic)
      #expect(!planResult.newlyDown.isEmpty)
    }
  }

  @Test("A link typed either way round, percent-encoded, resolves")
  func link() async throws {
    try await simulateApp(lab).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=az-b%3C-%3Eaz-a&plan=true", method: .get)
      #expect(response.status == .ok)
      let result = try SimulationJSON.decode(SimulationResult.self, from: response.text)
      #expect(result.down.first?.domain.kind == .link)
    }
  }

  @Test("Responses carry an ETag of their bytes; a match gives 304")
  func etag() async throws {
    try await simulateApp(lab).test(.router) { client in
      let first = try await client.execute(uri: "/api/v1/simulate?down=hx90", method: .get)
      let etag = try #require(first.headers[.eTag])
      let again = try await client.execute(uri: "/api/v1/simulate?down=hx90", method: .get)
      #expect(again.headers[.eTag] == etag)
      #expect(again.text == first.text)
      let other = try await client.execute(uri: "/api/v1/simulate?down=cm-nas", method: .get)
      #expect(other.headers[.eTag] != etag)
      let cached = try await client.execute(
        uri: "/api/v1/simulate?down=hx90", method: .get, headers: [.ifNoneMatch: etag])
      #expect(cached.status == .notModified)
      #expect(cached.body.readableBytes == 0)
    }
  }

  @Test("Without a good render, or a snapshot without its lab, the answer is 503")
  func unavailable() async throws {
    let empty = Application(responder: buildResponder(store: PageStore(), metrics: ServerMetrics()))
    try await empty.test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate?down=hx90", method: .get)
      #expect(response.status == .serviceUnavailable)
    }
    try await SamplePage.app().test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate/all-single", method: .get)
      #expect(response.status == .serviceUnavailable)
      #expect(response.text.contains("without its lab"))
    }
  }

  @Test("all-single is the --all-single table: lgtm and primary-nas single points, step-ca and argocd single instances")
  func allSingle() async throws {
    try await simulateApp(lab, audience: .internal).test(.router) { client in
      let response = try await client.execute(uri: "/api/v1/simulate/all-single", method: .get)
      #expect(response.status == .ok)
      #expect(response.text == SimulationJSON.encode(lab.singleFailures(at: .today)) + "\n")
      let report = try SimulationJSON.decode(SingleFailureReport.self, from: response.text)
      let points = Set(report.singlePoints.map(\.item.name))
      for name in ["lgtm", "primary-nas"] { #expect(points.contains(name), "\(name)") }
      #expect(Set(report.singleInstances.map(\.item.name)) == ["step-ca", "argocd"])
      #expect(report.singlePoints.first { $0.item.name == "primary-nas" }?.domains == ["cm-nas"])
      let planned = try await client.execute(uri: "/api/v1/simulate/all-single?plan=true", method: .get)
      #expect(try SimulationJSON.decode(SingleFailureReport.self, from: planned.text).horizon == .plan)
      let again = try await client.execute(uri: "/api/v1/simulate/all-single", method: .get)
      #expect(again.text == response.text)
      #expect(again.headers[.eTag] == response.headers[.eTag])
    }
  }

  @Test("Concurrent first all-single requests get the same bytes and ETag")
  func allSingleConcurrent() async throws {
    try await simulateApp(lab).test(.router) { client in
      let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
        for _ in 0..<8 {
          group.addTask {
            let r = try await client.execute(uri: "/api/v1/simulate/all-single?plan=true", method: .get)
            return (r.text, r.headers[.eTag])
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(answers.count == 8)
      #expect(Set(answers.map(\.0)).count == 1)
      #expect(Set(answers.map(\.1)).count == 1)
      #expect(answers[0].0.contains("\"horizon\" : \"plan\""))
    }
  }

  @Test("Public answers carry no IPv4 address, subnet or MAC, even when a name holds one")
  func publicLeakScan() async throws {
    var leaky = lab
    let i = try #require(leaky.firewall.ingress.firstIndex { $0.kind == .portForward })
    leaky.firewall.ingress[i].name = "wan 203.0.113.7/32 via aa:bb:cc:dd:ee:ff"
    let uris = [
      "/api/v1/simulate?down=wings-n1", "/api/v1/simulate?down=ed-n1,ed-n2", "/api/v1/simulate?down=hx90",
      "/api/v1/simulate?down=az-a", "/api/v1/simulate?down=cm-nas,vip:technitium",
      "/api/v1/simulate?down=az-b&plan=true", "/api/v1/simulate/all-single", "/api/v1/simulate/all-single?plan=true",
    ]
    let internalLeaks = try await simulateApp(leaky, audience: .internal).test(.router) { client in
      var count = 0
      for uri in uris { count += addresses(in: try await client.execute(uri: uri, method: .get).text).count }
      return count
    }
    #expect(internalLeaks > 0, "the fixture must put an address where the scan can see it")
    try await simulateApp(leaky).test(.router) { client in
      for uri in uris {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        let found = addresses(in: response.text)
        #expect(found.isEmpty, "\(uri) leaks \(found)")
        #expect(!response.text.contains("10.30.0.53"))
      }
      let result = try SimulationJSON.decode(
        SimulationResult.self,
        from: try await client.execute(uri: "/api/v1/simulate?down=wings-n1", method: .get).text)
      #expect(result.items.contains { $0.kind == .ingress && $0.name.contains("[redacted]") && $0.verdict == .down })
    }
  }

  private func domains(_ list: String) throws -> [FailureDomain] {
    try lab.failureDomains(parsing: list).get()
  }
}
