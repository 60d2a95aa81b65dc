import CoreMetrics
import Foundation
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// The server's metrics, through swift-metrics into its own Prometheus registry (no global bootstrap,
/// so several servers, e.g. in tests, keep their counts apart).
public final class ServerMetrics: Sendable {
  /// The registry `/metrics` renders.
  public let registry: PrometheusCollectorRegistry
  let factory: PrometheusMetricsFactory
  private let reloadsOK: CoreMetrics.Counter
  private let reloadsFailed: CoreMetrics.Counter
  private let renderDuration: Metrics.Timer
  private let lastReload: CoreMetrics.Gauge
  private let lastGoodReload: CoreMetrics.Gauge
  private let generation: CoreMetrics.Gauge
  private let requestCounters = NIOLockedValueBox([RequestKey: CoreMetrics.Counter]())
  /// The per-check and per-owner gauges the statuses wrote (`recordStatus`), so a check or thing the spec no
  /// longer has loses its series instead of reporting its last value until restart.
  let statusSeries = NIOLockedValueBox(Set<SeriesKey>())

  struct RequestKey: Hashable {
    var route: String
    var status: Int
    var value = ""
  }

  public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
    self.registry = registry
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.durationHistogramBuckets["labctl_render_duration_seconds"] = [
      .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
    factory.durationHistogramBuckets["labctl_check_latency_seconds"] = [
      .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]
    self.factory = factory
    reloadsOK = CoreMetrics.Counter(label: "labctl_reloads_total", dimensions: [("result", "ok")], factory: factory)
    reloadsFailed = CoreMetrics.Counter(
      label: "labctl_reloads_total", dimensions: [("result", "failed")], factory: factory)
    renderDuration = Metrics.Timer(label: "labctl_render_duration_seconds", factory: factory)
    lastReload = CoreMetrics.Gauge(label: "labctl_last_reload_timestamp_seconds", factory: factory)
    lastGoodReload = CoreMetrics.Gauge(label: "labctl_last_good_reload_timestamp_seconds", factory: factory)
    generation = CoreMetrics.Gauge(label: "labctl_site_generation", factory: factory)
  }

  /// The counter for requests answered on `route` with `status`; cache it, it is shared.
  public func requests(route: String, status: Int) -> CoreMetrics.Counter {
    let key = RequestKey(route: route, status: status)
    return requestCounters.withLockedValue { counters in
      if let counter = counters[key] { return counter }
      let counter = CoreMetrics.Counter(
        label: "labctl_http_requests_total", dimensions: [("route", route), ("status", String(status))],
        factory: factory)
      counters[key] = counter
      return counter
    }
  }

  /// A counter by label and one dimension, made once and shared.
  func counter(_ label: String, _ dimension: (String, String)) -> CoreMetrics.Counter {
    let key = RequestKey(route: label + "|" + dimension.0, status: 0, value: dimension.1)
    return requestCounters.withLockedValue { counters in
      if let counter = counters[key] { return counter }
      let counter = CoreMetrics.Counter(label: label, dimensions: [dimension], factory: factory)
      counters[key] = counter
      return counter
    }
  }

  /// Records one reload: its outcome, how long load + check + render took, and when.
  public func recordReload(ok: Bool, duration: Duration, at date: Date, generation: Int) {
    (ok ? reloadsOK : reloadsFailed).increment()
    renderDuration.recordNanoseconds(duration.nanoseconds)
    lastReload.record(date.timeIntervalSince1970)
    if ok {
      lastGoodReload.record(date.timeIntervalSince1970)
      self.generation.record(generation)
    }
  }

  /// The metrics in Prometheus text exposition format.
  public func exposition() -> String { registry.emitToString() }
}

extension Duration {
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}

extension ServerMetrics {
  /// `labctl_dispatches_total{outcome}`: webhook deliveries by what became of them.
  public func dispatches(outcome: String) -> CoreMetrics.Counter {
    counter("labctl_dispatches_total", ("outcome", outcome))
  }

  /// `labctl_bumps_total{result}`: bumps by result (committed, unchanged, already_done, failed).
  public func bumps(result: String) -> CoreMetrics.Counter { counter("labctl_bumps_total", ("result", result)) }

  /// `labctl_promotion_prs_total{action}`: promotion pull requests created or updated.
  public func pullRequests(action: String) -> CoreMetrics.Counter {
    counter("labctl_promotion_prs_total", ("action", action))
  }

  /// The delivery queue's depth and the age of its oldest job.
  public func recordQueue(depth: Int, oldestAge: Double) {
    CoreMetrics.Gauge(label: "labctl_delivery_queue_depth", factory: factory).record(depth)
    CoreMetrics.Gauge(label: "labctl_delivery_queue_oldest_age_seconds", factory: factory).record(oldestAge)
  }
}
