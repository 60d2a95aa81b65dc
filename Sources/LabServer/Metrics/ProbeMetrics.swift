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
    func record(_ label: String, check: String? = nil, owner: Owner? = nil, _ value: Int) {
      let key = SeriesKey(label: label, check: check, owner: owner)
      CoreMetrics.Gauge(label: label, dimensions: key.dimensions, factory: factory).record(value)
      gauges.insert(key)
    }
    for entry in status.entries {
      record("labctl_root_cause_down", owner: entry.owner, entry.isRootCause ? 1 : 0)
      record("labctl_impossible_state", owner: entry.owner, entry.impossible == nil ? 0 : 1)
      for check in entry.checks {
        checks.insert(check.id)
        record("labctl_check_up", check: check.id, owner: entry.owner, check.state == .down ? 0 : 1)
        record("labctl_check_degraded", check: check.id, owner: entry.owner, check.state == .degraded ? 1 : 0)
        if check.asked.count > 1 {
          record("labctl_dns_disagreement", check: check.id, check.disagreement == nil ? 0 : 1)
        }
      }
    }
    CoreMetrics.Gauge(label: "labctl_incidents_open", factory: factory).record(status.incidents.count)
    let ids = Set(planned.map(\.id))
    let owners = Set(planned.map(\.owner))
    // A check's series stay while the check is planned, a thing's own series while any check of it is.
    func stillPlanned(_ key: SeriesKey) -> Bool {
      if let check = key.check { return ids.contains(check) }
      return key.owner.map(owners.contains) ?? false
    }
    let gone = statusSeries.withLockedValue { last in
      let gone = last.subtracting(gauges).filter { !stillPlanned($0) }
      last = last.union(gauges).subtracting(gone)
      return gone
    }
    for key in gone {
      CoreMetrics.Gauge(label: key.label, dimensions: key.dimensions, factory: factory).destroy()
    }
    // A check that lost its gauges loses its latency and error series with them.
    for id in Set(gone.compactMap(\.check)).subtracting(checks) {
      Metrics.Timer(label: "labctl_check_latency_seconds", dimensions: [("check", id)], factory: factory).destroy()
      CoreMetrics.Counter(label: "labctl_probe_errors_total", dimensions: [("check", id)], factory: factory).destroy()
    }
  }

  /// One gauge series of the status: its metric, and the check and the thing it is about.
  struct SeriesKey: Hashable {
    var label: String
    var check: String?
    var owner: Owner?

    var dimensions: [(String, String)] {
      (check.map { [("check", $0)] } ?? [])
        + (owner.map { [("owner", $0.name), ("owner_kind", $0.kind.rawValue)] } ?? [])
    }
  }

  /// Listeners on `/api/v1/events`.
  public func recordLiveListeners(_ count: Int) {
    CoreMetrics.Gauge(label: "labctl_live_listeners", factory: factory).record(count)
  }
}
