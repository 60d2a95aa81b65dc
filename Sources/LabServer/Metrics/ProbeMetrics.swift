import CoreMetrics
import Foundation
import LabProbe
import Metrics
import NIOConcurrencyHelpers

/// The prober's metrics (docs/probe.md, "Metrics"); `labctl export prometheus-rules` alerts on them.
extension ServerMetrics {
  /// One finished check run: its latency, a probe error when it failed, when it ran.
  public func recordProbe(_ result: CheckResult, at date: Date) {
    Metrics.Timer(label: "labctl_check_latency_seconds", dimensions: [("check", result.id)], factory: factory)
      .recordNanoseconds(Int64(result.latency * 1e9))
    if result.state == .down {
      CoreMetrics.Counter(label: "labctl_probe_errors_total", dimensions: [("check", result.id)], factory: factory)
        .increment()
    }
    CoreMetrics.Gauge(label: "labctl_probe_last_result_timestamp_seconds", factory: factory)
      .record(date.timeIntervalSince1970)
  }

  /// The reported state of every check and thing: up (1 when up or degraded), degraded, root cause down (1 only
  /// for a thing down on its own account, so a dead hypervisor pages once), DNS disagreement, impossible state.
  /// A check or thing that is neither in the status nor among the `planned` checks (a reload took it out of the
  /// spec) loses its series, a check its latency and error series too. One planned but not in the status yet
  /// (the first round after the prober restarts) keeps them.
  public func recordStatus(_ status: LiveStatus, planned: [PlannedCheck]) {
    var gauges: Set<SeriesKey> = []
    var checks: Set<String> = []
    func record(_ label: String, _ dimensions: [(String, String)], _ value: Int) {
      CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
      gauges.insert(SeriesKey(label, dimensions))
    }
    for entry in status.entries {
      let owner = [("owner", entry.owner.name), ("owner_kind", entry.owner.kind.rawValue)]
      record("labctl_root_cause_down", owner, entry.isRootCause ? 1 : 0)
      record("labctl_impossible_state", owner, entry.impossible == nil ? 0 : 1)
      for check in entry.checks {
        checks.insert(check.id)
        let dims = [("check", check.id)] + owner
        record("labctl_check_up", dims, check.state == .down ? 0 : 1)
        record("labctl_check_degraded", dims, check.state == .degraded ? 1 : 0)
        if check.asked.count > 1 {
          record("labctl_dns_disagreement", [("check", check.id)], check.disagreement == nil ? 0 : 1)
        }
      }
    }
    CoreMetrics.Gauge(label: "labctl_incidents_open", factory: factory).record(status.incidents.count)
    let ids = Set(planned.map(\.id))
    let owners = Set(planned.map { SeriesKey("", [("owner", $0.owner.name), ("owner_kind", $0.owner.kind.rawValue)]) })
    func stillPlanned(_ key: SeriesKey) -> Bool {
      key.dimensions.first == "check"
        ? ids.contains(key.dimensions[1]) : owners.contains(SeriesKey("", key.pairs))
    }
    let (goneGauges, goneChecks) = statusSeries.withLockedValue { last in
      let goneGauges = last.gauges.subtracting(gauges).filter { !stillPlanned($0) }
      let goneChecks = last.checks.subtracting(checks).filter { !ids.contains($0) }
      last = StatusSeries(
        gauges: last.gauges.union(gauges).subtracting(goneGauges),
        checks: last.checks.union(checks).subtracting(goneChecks))
      return (goneGauges, goneChecks)
    }
    for key in goneGauges {
      CoreMetrics.Gauge(label: key.label, dimensions: key.pairs, factory: factory).destroy()
    }
    for id in goneChecks {
      Metrics.Timer(label: "labctl_check_latency_seconds", dimensions: [("check", id)], factory: factory).destroy()
      CoreMetrics.Counter(label: "labctl_probe_errors_total", dimensions: [("check", id)], factory: factory).destroy()
    }
  }

  /// Listeners on `/api/v1/events`.
  public func recordLiveListeners(_ count: Int) {
    CoreMetrics.Gauge(label: "labctl_live_listeners", factory: factory).record(count)
  }
}
