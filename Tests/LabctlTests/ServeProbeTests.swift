import Foundation
import LabTestSupport
import Testing

/// `labctl serve --probe` on the example against its stand-in lab on loopback: the live section on the page,
/// `/api/v1/status`, Server-Sent Events, `/metrics` and the root-cause webhook, as hx90 goes away.
@Suite struct ServeProbeTests {
  @Test(Peers.needs("knotd", install: "apt-get install knot knot-dnsutils"), .timeLimit(.minutes(15)))
  func aDeadHypervisorReachesThePageTheStreamTheMetricsAndTheWebhookOnce() async throws {
    let tmp = NSTemporaryDirectory() + "labctl-serve-probe-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let lab = try await ExampleStandIns(in: tmp)
    defer { lab.stop() }
    let receiver = try StandIn(.recordHTTP(statuses: [204]))
    defer { receiver.close() }
    let server = try await ServeProcess.start([
      TestLab.example, "--probe", "--resolve-file", lab.resolveFile, "--probe-interval", "1",
      "--history", tmp + "/history.sqlite", "--notify-url", "http://\(receiver.endpoint)/hooks/lab",
      "--state-dir", tmp + "/state",
    ])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")

    func status() async -> [String: Any] {
      guard let r = try? await server.get("/api/v1/status"), r.status == 200,
        let json = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any]
      else { return [:] }
      return json
    }
    func summary(_ s: [String: Any]) -> [String: Any] {
      ((s["status"] as? [String: Any])?["summary"] as? [String: Any]) ?? [:]
    }
    // Every check up (each takes `fails` runs at most to settle).
    let healthy = await waitUntil(seconds: 300) {
      let s = summary(await status())
      return s["checks"] as? Int == 23 && s["up"] as? Int == 23
    }
    let seen = await status()
    #expect(healthy, "never all up: \(seen)\n\(server.stderr)")
    let served = try await server.get("/")
    let page = String(decoding: served.body, as: UTF8.self)
    let csp = served.headers["content-security-policy"] ?? ""
    #expect(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline"))
    #expect(page.contains("<section id=\"live\""), "the live section is on the page")
    #expect(page.contains("<script src=\"live.js\" defer></script>"), "an external script, no inline one")
    #expect(page.contains("data-owner=\"machine:hx90\" data-state=\"up\""))

    let events = try StreamClient(port: server.port, path: "/api/v1/events")
    defer { events.close() }
    #expect(await waitUntil(seconds: 120) { events.text.contains("event: status") }, "\(events.text)")
    #expect(events.text.lowercased().contains("content-type: text/event-stream"))
    let before = events.text.components(separatedBy: "event: status").count

    lab.takeAway("hx90")
    let broken = await waitUntil(seconds: 300) {
      let s = await status()
      let incidents = (s["status"] as? [String: Any])?["incidents"] as? [[String: Any]] ?? []
      return incidents.count == 1 && incidents.first?["root"] as? String == "hx90"
        && (incidents.first?["impacted"] as? [String])?.count == 4
    }
    let after = await status()
    let sockets = broken ? "" : await lab.sockets(on: "hx90")
    #expect(broken, "hx90 never became the one root cause: \(after)\n\(sockets)")
    #expect(
      await waitUntil(seconds: 120) { events.text.components(separatedBy: "event: status").count > before },
      "a status event reached the open stream")

    let live = String(decoding: try await server.get("/").body, as: UTF8.self)
    #expect(live.contains("data-owner=\"machine:hx90\" data-state=\"down\""), "a status dot per host")
    #expect(live.contains("impacted by hx90"))
    #expect(
      live.contains("<strong>hx90</strong> (machine) is down; it takes down arr-vm, core-cp-1, dev-cp-1, wings-n1"))
    // The public audience carries no address or error text.
    let publicStatus = String(decoding: try await server.get("/api/v1/status").body, as: UTF8.self)
    for leak in ["10.10.", "10.30.", "127.0.0.1", "connection refused", "connect to"] {
      #expect(!publicStatus.contains(leak), "public status leaks '\(leak)'")
      #expect(!live.contains(leak), "public page leaks '\(leak)'")
    }

    let metrics = String(decoding: try await server.get("/metrics").body, as: UTF8.self)
    #expect(metrics.contains("labctl_root_cause_down{owner=\"hx90\",owner_kind=\"machine\"} 1"), "\(metrics)")
    for guest in ["arr-vm", "core-cp-1", "dev-cp-1", "wings-n1"] {
      #expect(metrics.contains("labctl_root_cause_down{owner=\"\(guest)\",owner_kind=\"machine\"} 0"), "\(guest)")
    }
    #expect(metrics.contains("labctl_check_up{check=\"hx90/ssh\",owner=\"hx90\",owner_kind=\"machine\"} 0"))
    #expect(metrics.contains("labctl_check_latency_seconds_bucket{check=\"bd-n1/ssh\""))
    #expect(metrics.contains("labctl_incidents_open 1"))

    // One root cause, one webhook event.
    #expect(await waitUntil(seconds: 120) { receiver.received.count >= 1 }, "\(server.stderr)")
    let bodies = receiver.received.map { $0.components(separatedBy: "\r\n\r\n").dropFirst().joined() }
    #expect(bodies.count == 1, "\(bodies)")
    print("webhook bodies: \(bodies)")
    #expect(
      bodies.first?.contains("\"root\" : \"hx90\"") == true || bodies.first?.contains("\"root\":\"hx90\"") == true)
    #expect(
      bodies.first?.contains("\"event\" : \"down\"") == true || bodies.first?.contains("\"event\":\"down\"") == true)
  }

  @Test(
    "A state change reaches the open page in Chromium over Server-Sent Events, without a reload",
    .enabled(
      if: (Chromium.path != nil && Peers.find("knotd") != nil) || Chromium.required,
      "chromium or knotd is not installed (apt-get install chromium knot); LABCTL_REQUIRE_PEERS=1 fails instead"),
    .timeLimit(.minutes(15)))
  func theOpenPageChangesOverSSE() async throws {
    let chromium = try #require(Chromium.path, "chromium is not installed: apt-get install chromium (scripts/test.sh)")
    let tmp = NSTemporaryDirectory() + "labctl-live-page-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let lab = try await ExampleStandIns(in: tmp)
    defer { lab.stop() }
    let server = try await ServeProcess.start([
      TestLab.example, "--probe", "--resolve-file", lab.resolveFile, "--probe-interval", "1", "--history", "none",
    ])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")
    let up = await waitUntil(seconds: 300) {
      let page = (try? await server.get("/")).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
      return page.contains("data-owner=\"machine:hx90\" data-state=\"up\"")
    }
    #expect(up, "hx90 never up on the page:\n\(server.stderr)")

    let connected = tmp + "/connected"
    let arguments = [
      TestLab.repoRoot + "/scripts/browser-live.py", server.base + "/", "--connected-file", connected,
      "--owner", "machine:hx90", "--state", "down", "--chromium", chromium, "--timeout", "400",
    ]
    let watcher = Task { try await BrowserTests.python(arguments, timeout: 480) }
    let finished = Finished()
    Task {
      _ = try? await watcher.value
      await finished.set()
    }
    // Wait for the page to connect, or for the watcher to end without connecting.
    let opened = await waitUntil(seconds: 420) {
      if FileManager.default.fileExists(atPath: connected) { return true }
      return await finished.value
    }
    if FileManager.default.fileExists(atPath: connected) { lab.takeAway("hx90") }
    let run = try await watcher.value
    print(run.output)
    #expect(
      opened && FileManager.default.fileExists(atPath: connected),
      "the page never connected to the event stream:\n\(run.output)")
    #expect(run.status == 0, "the open page did not change:\n\(run.output)")
  }
}

/// Set once, read by a wait.
actor Finished {
  private(set) var value = false
  func set() { value = true }
}
