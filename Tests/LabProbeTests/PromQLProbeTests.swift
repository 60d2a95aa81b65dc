import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// PromQL checks against a real Prometheus (Debian `prometheus`) scraping a real node exporter, both started
/// here on loopback ports, queried over Prometheus's HTTP API.
@Suite struct PromQLProbeTests {
  @Test(
    Peers.needs("prometheus", install: "apt-get install prometheus"),
    Peers.needs("prometheus-node-exporter", install: "apt-get install prometheus-node-exporter"))
  func aQueryIsJudgedAgainstItsExpectedValue() async throws {
    let dir = NSTemporaryDirectory() + "labctl-prom-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let exporterPort = try FreePort.pick()
    let promPort = try FreePort.pick()
    let exporter = try Daemon(
      try #require(Peers.find("prometheus-node-exporter")),
      ["--web.listen-address=127.0.0.1:\(exporterPort)", "--collector.disable-defaults", "--collector.loadavg"],
      log: dir + "/exporter.log")
    defer { exporter.stop() }
    try """
    global: { scrape_interval: 1s, evaluation_interval: 1s }
    scrape_configs:
      - job_name: node
        static_configs: [{ targets: ["127.0.0.1:\(exporterPort)"] }]
      - job_name: absent
        static_configs: [{ targets: ["127.0.0.1:\(try StandIn.closedPort())"] }]

    """.write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
    let prometheus = try Daemon(
      try #require(Peers.find("prometheus")),
      [
        "--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data",
        "--web.listen-address=127.0.0.1:\(promPort)",
      ], log: dir + "/prometheus.log")
    defer { prometheus.stop() }
    let prober = Probe.prober()
    let base = ProbeURL("http://127.0.0.1:\(promPort)")
    func check(_ query: String, expect: [String] = []) -> PlannedCheck {
      Probe.planned(
        Check(kind: .promql, name: "promql", url: base, query: query, expect: expect), at: "127.0.0.1:\(promPort)",
        label: "prometheus", timeout: 30)
    }
    // Wait (a condition, generously bounded) until both targets have been scraped at least once.
    let ready = await waitUntil(seconds: 120) {
      await prober.run(check("count(up) == 2")).state == .up
    }
    #expect(ready, "Prometheus never scraped both targets:\n\(prometheus.output)")
    let node = await prober.run(check("up{job=\"node\"}", expect: ["1"]))
    #expect(node.state == .up, "\(node)")
    let absent = await prober.run(check("up{job=\"absent\"}", expect: ["1"]))
    #expect(absent.state == .down)
    #expect(
      absent.reason?.hasPrefix("1 of 1 series are not 1: up{instance=\"127.0.0.1:") == true, "\(absent.reason ?? "")")
    let none = await prober.run(check("up{job=\"nothing\"}"))
    #expect(none.reason == "'up{job=\"nothing\"}' returned no series")
    let bad = await prober.run(check("up{"))
    #expect(bad.state == .down)
    #expect(bad.reason?.contains("HTTP 400") == true, "\(bad.reason ?? "")")
  }
}
