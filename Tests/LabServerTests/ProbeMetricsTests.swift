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
  static func planned(_ lab: Lab, except owner: String? = nil) -> [PlannedCheck] {
    lab.plannedChecks().checks.filter { $0.owner.name != owner }
  }

  static func results(of planned: [PlannedCheck]) -> [CheckResult] {
    planned.map { c in
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
    let planned = Self.planned(lab)
    let all = Self.results(of: planned)
    let gone = try #require(all.first { $0.id == "hx90/ssh" })
    for result in all { metrics.recordProbe(result, at: Date()) }
    metrics.recordProbe(
      CheckResult(
        id: gone.id, owner: gone.owner, name: gone.name, state: .down, latency: 1, reason: "refused", asked: [],
        disagreement: nil, attempts: 1, elapsed: 1), at: Date())
    metrics.recordStatus(LiveStatus(lab: lab, results: all), planned: planned)
    let before = metrics.exposition()
    let beforeSeries = Self.series(before, check: "hx90/ssh")
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_check_up{") })
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_check_latency_seconds_count{") })
    #expect(beforeSeries.contains { $0.hasPrefix("labctl_probe_errors_total{") })
    #expect(before.contains("labctl_root_cause_down{owner=\"hx90\""))

    // A reload takes hx90 out of the spec: the prober restarts without its checks.
    let kept = Self.planned(lab, except: "hx90")
    let rest = Self.results(of: kept)
    metrics.recordStatus(LiveStatus(lab: lab, results: rest), planned: kept)
    let after = metrics.exposition()
    #expect(Self.series(after, check: "hx90/ssh") == [], "no series of the removed check is left")
    #expect(!after.contains("owner=\"hx90\""), "nor of the thing that owned it")
    for kept in rest.prefix(5) {
      let up = Self.series(after, check: kept.id).contains { $0.hasPrefix("labctl_check_up{") }
      #expect(up, "\(kept.id) stays")
    }

    // Put back, the check reports again: destroying a series does not stop it from coming back.
    metrics.recordStatus(LiveStatus(lab: lab, results: all), planned: planned)
    let back = Self.series(metrics.exposition(), check: "hx90/ssh").contains { $0.hasPrefix("labctl_check_up{") }
    #expect(back)
  }

  /// After the prober restarts (a reload changed some check), its first statuses hold only the checks run so
  /// far: the others are still planned and keep their series and their counts.
  @Test func aPlannedCheckNotYetInTheStatusKeepsItsSeries() throws {
    let lab = try TestLab.loadExample()
    let metrics = ServerMetrics()
    let planned = Self.planned(lab)
    let all = Self.results(of: planned)
    for result in all { metrics.recordProbe(result, at: Date()) }
    metrics.recordStatus(LiveStatus(lab: lab, results: all), planned: planned)
    let before = Self.series(metrics.exposition(), check: "hx90/ssh")
    #expect(before.contains { $0.hasPrefix("labctl_check_up{") })

    let first = all.filter { $0.owner.name != "hx90" }.prefix(3)
    metrics.recordStatus(LiveStatus(lab: lab, results: Array(first)), planned: planned)
    let after = metrics.exposition()
    #expect(Set(Self.series(after, check: "hx90/ssh")) == Set(before), "hx90/ssh's series are kept as they were")
    #expect(after.contains("labctl_root_cause_down{owner=\"hx90\""))

    // Taken out of the spec later, it still loses them: the series the first status did not hold are remembered.
    let kept = Self.planned(lab, except: "hx90")
    metrics.recordStatus(LiveStatus(lab: lab, results: Array(first)), planned: kept)
    #expect(Self.series(metrics.exposition(), check: "hx90/ssh") == [])
  }
}
