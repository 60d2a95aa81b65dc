import CoreMetrics
import Foundation
import LabProbe
import Metrics

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
  public func recordStatus(_ status: LiveStatus) {
    for entry in status.entries {
      let owner = [("owner", entry.owner.name), ("owner_kind", entry.owner.kind.rawValue)]
      CoreMetrics.Gauge(label: "labctl_root_cause_down", dimensions: owner, factory: factory)
        .record(entry.isRootCause ? 1 : 0)
      CoreMetrics.Gauge(label: "labctl_impossible_state", dimensions: owner, factory: factory)
        .record(entry.impossible == nil ? 0 : 1)
      for check in entry.checks {
        let dims = [("check", check.id)] + owner
        CoreMetrics.Gauge(label: "labctl_check_up", dimensions: dims, factory: factory)
          .record(check.state == .down ? 0 : 1)
        CoreMetrics.Gauge(label: "labctl_check_degraded", dimensions: dims, factory: factory)
          .record(check.state == .degraded ? 1 : 0)
        if check.asked.count > 1 {
          CoreMetrics.Gauge(label: "labctl_dns_disagreement", dimensions: [("check", check.id)], factory: factory)
            .record(check.disagreement == nil ? 0 : 1)
        }
      }
    }
    CoreMetrics.Gauge(label: "labctl_incidents_open", factory: factory).record(status.incidents.count)
  }

  /// Listeners on `/api/v1/events`.
  public func recordLiveListeners(_ count: Int) {
    CoreMetrics.Gauge(label: "labctl_live_listeners", factory: factory).record(count)
  }
}
