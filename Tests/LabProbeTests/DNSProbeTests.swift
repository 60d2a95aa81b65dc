import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// DNS checks against real knotd instances on loopback: each instance and the VIP asked, one answering
/// differently.
@Suite(.serialized) struct DNSProbeTests {
  static func zone(serial: Int, grafana: String) -> String {
    """
    $ORIGIN lab.internal.
    $TTL 300
    @ IN SOA ns1.lab.internal. hostmaster.lab.internal. \(serial) 3600 600 86400 300
    @ IN NS ns1.lab.internal.
    ns1 IN A 10.30.0.53
    grafana IN A \(grafana)
    text IN TXT "hello" " world"

    """
  }

  @Test(Peers.needs("knotd", install: "apt-get install knot knot-dnsutils"))
  func eachInstanceAndTheVIPAreAskedAndADisagreementIsItsOwnFinding() async throws {
    let same = Self.zone(serial: 7, grafana: "10.30.0.201")
    let a = try KnotServer(zones: ["lab.internal": same])
    let b = try KnotServer(zones: ["lab.internal": same])
    let stale = try KnotServer(zones: ["lab.internal": Self.zone(serial: 6, grafana: "10.30.0.199")])
    let vip = try KnotServer(zones: ["lab.internal": same])
    defer { for s in [a, b, stale, vip] { s.stop() } }
    for s in [a, b, stale, vip] { try await s.waitUntilServing("lab.internal") }
    let prober = Probe.prober()
    func planned(_ check: Check, _ servers: [(String, KnotServer)]) -> PlannedCheck {
      PlannedCheck(
        id: "technitium/\(check.name)", owner: Owner(kind: .service, name: "technitium"), check: check,
        asked: servers.map { Asked(label: $0.0, endpoint: Endpoint(host: "127.0.0.1", port: $0.1.port)) },
        timeout: 30)
    }
    let grafana = Check(kind: .dns, name: "grafana", query: "grafana.lab.internal", expect: ["10.30.0.201"])
    let agreeing = await prober.run(planned(grafana, [("rpi-n1", a), ("dns-n2", b), ("VIP", vip)]))
    #expect(agreeing.state == .up, "\(agreeing)")
    #expect(agreeing.asked.allSatisfy { $0.answers == ["10.30.0.201"] })
    let disagreeing = await prober.run(planned(grafana, [("rpi-n1", a), ("dns-n3", stale), ("VIP", vip)]))
    #expect(disagreeing.state == .degraded, "the VIP answers right: degraded, not down")
    #expect(disagreeing.disagreement == "rpi-n1 says 10.30.0.201; dns-n3 says 10.30.0.199; VIP says 10.30.0.201")
    #expect(disagreeing.reason?.contains("dns-n3: A grafana.lab.internal answered 10.30.0.199") == true)
    // With no expected answer (the default SOA check), a disagreement alone still shows: replication lag.
    let soa = Check(kind: .dns, name: "dns", query: "lab.internal", recordType: .soa, isDefault: true)
    let lagging = await prober.run(planned(soa, [("rpi-n1", a), ("dns-n3", stale), ("VIP", vip)]))
    #expect(lagging.state == .degraded)
    #expect(lagging.disagreement?.contains("dns-n3 says ns1.lab.internal hostmaster.lab.internal 6 ") == true)
    let txt = await prober.run(
      planned(
        Check(kind: .dns, name: "txt", query: "text.lab.internal", recordType: .txt, expect: ["hello world"]),
        [("a", a)]))
    #expect(txt.state == .up, "\(txt)")
    let missing = await prober.run(
      planned(Check(kind: .dns, name: "nx", query: "nope.lab.internal"), [("a", a)]))
    #expect(missing.state == .down)
    #expect(missing.reason == "A nope.lab.internal: NXDOMAIN")
    // The VIP down and an instance down: down, each failure named.
    let closed = try StandIn.closedPort()
    var gone = planned(grafana, [("rpi-n1", a)])
    gone.asked.append(Asked(label: "VIP", endpoint: Endpoint(host: "127.0.0.1", port: closed)))
    let vipDown = await prober.run(gone)
    #expect(vipDown.state == .down)
    #expect(vipDown.reason?.contains("VIP: connect to 127.0.0.1:\(closed): connection refused") == true)
  }
}
