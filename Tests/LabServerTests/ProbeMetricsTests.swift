import Foundation
import LabModel
import LabProbe
import LabSpec
import LabTestSupport
import Testing

@testable import LabServer

/// `/metrics` follows the spec: a check or thing taken out of lab.yaml loses its series at the next status,
/// instead of reporting its last value (a host "up" that no longer exists) until the server restarts.
@Suite struct ProbeMetricsTests {
  static func results(of lab: Lab, except owner: String? = nil) -> [CheckResult] {
    lab.plannedChecks().checks.filter { $0.owner.name != owner }.map { c in
      CheckResult(
        id: c.id, owner: c.owner, name: c.check.name, state: .up, latency: 0.002, reason: nil, asked: [],
        disagreement: nil, attempts: 1, elapsed: 0.002)
    }
  }

  static func series(_ text: String, check: String) -> [Substring] {
    text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("check=\"\(check)\"") }
  }

  @Test func aRemovedCheckLosesEverySeriesItHad() throws {
    let lab = try TestLab.loadExample()
    let metrics = ServerMetrics()
    let all = Self.results(of: lab)
    let gone = try #require(all.first { $0.id == "hx90/ssh" })
    for result in all { metrics.recordProbe(result, at: Date()) }
    metrics.recordProbe(
      CheckResult(
        id: gone.id, owner: gone.owner, name: gone.name, state: .down, latency: 1, reason: "refused", asked: [],
        disagreement: nil, attempts: 1, elapsed: 1), at: Date())
    metrics.recordStatus(LiveStatus(lab: lab, results: all))
    let before = metrics.exposition()
    let beforeSeries = Self.series(before, check: "hx90/ssh")
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_check_up{") })
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_check_latency_seconds_count{") })
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_probe_errors_total{") })
    #expect(before.contains("labctl_root_cause_down{owner=\"hx90\""))

    let rest = Self.results(of: lab, except: "hx90")
    metrics.recordStatus(LiveStatus(lab: lab, results: rest))
    let after = metrics.exposition()
    #expect(Self.series(after, check: "hx90/ssh") == [], "no series of the removed check is left")
    #expect(!after.contains("owner=\"hx90\""), "nor of the thing that owned it")
    for kept in rest.prefix(5) {
      let up = Self.series(after, check: kept.id).contains { $0.hasPrefix("labctl_check_up{") }
      #expect(up, "\(kept.id) stays")
    }

    // Put back, the check reports again: destroying a series does not stop it from coming back.
    metrics.recordStatus(LiveStatus(lab: lab, results: all))
    let back = Self.series(metrics.exposition(), check: "hx90/ssh").contains { $0.hasPrefix("labctl_check_up{") }
    #expect(back)
  }
}
