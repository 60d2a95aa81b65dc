import Foundation
import LabTestSupport
import Testing

/// `labctl probe` on the example against a stand-in lab on loopback: every declared address mapped (by the
/// shipped resolve file's left-hand sides) to a listener this test starts, the DNS instances and the VIP to
/// knotd serving the exported zones.
@Suite struct ProbeCommandTests {
  @Test func refusesTheExampleWithoutAnOverride() async throws {
    let run = try await Labctl.run(["probe", TestLab.example])
    #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
    #expect(run.stderr.contains("10.10.0.21:22 is outside 127.0.0.0/8"), "\(run.stderr)")
    #expect(run.stderr.contains("nothing was probed"))
    // The harness's environment overrides the flag: a test can never probe the real network.
    let forced = try await Labctl.run(["probe", TestLab.example, "--allow-network"])
    #expect(forced.status == 2, "\(forced.stdout)\(forced.stderr)")
    let bad = try await Labctl.run(["probe", TestLab.example, "--resolve", "10.10.0.21:22"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("is not HOST:PORT=ADDRESS:PORT"), "\(bad.stderr)")
  }

  @Test(Peers.needs("knotd", install: "apt-get install knot knot-dnsutils"))
  func aDeadHypervisorIsOneIncidentWithItsVMsImpactedByIt() async throws {
    let tmp = NSTemporaryDirectory() + "labctl-probe-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let lab = try await ExampleStandIns(in: tmp)
    defer { lab.stop() }
    let probe = [
      "probe", TestLab.example, "--resolve-file", lab.resolveFile, "--history", tmp + "/history.sqlite",
      "--format", "json",
    ]

    let healthy = try await Labctl.run(probe)
    #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
    let all = try Self.json(healthy.stdout)
    #expect((all["summary"] as? [String: Any])?["down"] as? Int == 0, "\(healthy.stdout)")
    #expect((all["summary"] as? [String: Any])?["checks"] as? Int == 23)
    #expect(healthy.stderr.contains("probe: 23/23 "), "plain progress lines when not a terminal")
    #expect((all["history"] as? [String: Any])?["state_changes"] as? Int == 23, "the first sweep sets every state")

    lab.takeAway("hx90")
    let broken = try await Labctl.run(probe)
    #expect(broken.status == 1, "something that should be up is down: \(broken.stdout)\(broken.stderr)")
    let status = try Self.json(broken.stdout)
    let incidents = status["incidents"] as? [[String: Any]] ?? []
    #expect(incidents.count == 1, "\(broken.stdout)")
    #expect(incidents.first?["root"] as? String == "hx90")
    let guests = ["arr-vm", "core-cp-1", "dev-cp-1", "wings-n1"]
    #expect(incidents.first?["impacted"] as? [String] == guests)
    let entries = Dictionary(
      uniqueKeysWithValues: (status["entries"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) })
    #expect(entries["hx90"]?["state"] as? String == "down")
    for guest in guests {
      #expect(entries[guest]?["state"] as? String == "down")
      #expect(entries[guest]?["impacted_by"] as? [String] == ["hx90"], "\(guest)")
    }
    #expect(entries["bd-n1"]?["state"] as? String == "up")
    #expect(entries["technitium"]?["state"] as? String == "up")
    let history = status["history"] as? [String: Any] ?? [:]
    #expect(history["state_changes"] as? Int == 1 + guests.count)
    #expect(history["incidents_opened"] as? [String] == ["hx90"], "one incident, the root cause's")
    #expect((history["uptime"] as? [String: [Double]])?["hx90/ssh"] == [50, 50, 50])

    let text = try await Labctl.run(Array(probe.dropLast(2)))
    #expect(text.status == 1)
    #expect(text.stdout.contains("1 incident\n"), "\(text.stdout)")
    #expect(text.stdout.contains("incident: hx90 (machine) down: connect to 10.10.0.21:22: connection refused"))
    #expect(text.stdout.contains("impacted by hx90"))
    #expect(text.stdout.contains("history: 0 state changes\n"), "\(text.stdout)")
    #expect(text.stdout.contains("  hx90/ssh  33.3 % / 33.3 % / 33.3 %\n"))
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }
}
