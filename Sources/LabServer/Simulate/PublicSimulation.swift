import Foundation
import LabCheck
import LabModel
import LabRender
import NIOConcurrencyHelpers
import NIOCore

/// What a public-audience simulation may carry: names and verdicts, never an address.
enum PublicSimulation {
  /// `text` with every address-like token redacted, as everywhere in the public audience.
  static func scrub(_ text: String) -> String { PublicRedaction.redact(text) }

  static func scrub(_ d: FailureDomain) -> FailureDomain {
    FailureDomain(kind: d.kind, name: scrub(d.name), target: d.target.map(scrub))
  }

  static func scrub(_ r: ItemRef) -> ItemRef { ItemRef(kind: r.kind, name: scrub(r.name)) }

  /// The result without machine lists and reason chains (`SimulationResult.forPublic`), and with
  /// any address-like text in names, details and notes redacted.
  static func result(_ full: SimulationResult) -> SimulationResult {
    var r = full.forPublic
    r.down = r.down.map { DomainEffect(domain: scrub($0.domain), machines: [], note: $0.note.map(scrub)) }
    r.items = r.items.map {
      ItemVerdict(kind: $0.kind, name: scrub($0.name), verdict: $0.verdict, detail: scrub($0.detail))
    }
    r.newlyDown = r.newlyDown.map(scrub)
    r.newlyInterrupted = r.newlyInterrupted.map(scrub)
    return r
  }

  /// The single-failure table with address-like text in every name redacted.
  static func report(_ full: SingleFailureReport) -> SingleFailureReport {
    var r = full
    for i in r.rows.indices {
      r.rows[i].domain = scrub(r.rows[i].domain)
      r.rows[i].down = r.rows[i].down.map(scrub)
      r.rows[i].interrupted = r.rows[i].interrupted.map(scrub)
      r.rows[i].degraded = r.rows[i].degraded.map(scrub)
    }
    for i in r.outages.indices {
      r.outages[i].item = scrub(r.outages[i].item)
      r.outages[i].domains = r.outages[i].domains.map(scrub)
    }
    for i in r.singleInstances.indices {
      r.singleInstances[i].item = scrub(r.singleInstances[i].item)
      r.singleInstances[i].domains = r.singleInstances[i].domains.map(scrub)
    }
    for i in r.singlePoints.indices {
      r.singlePoints[i].item = scrub(r.singlePoints[i].item)
      r.singlePoints[i].domains = r.singlePoints[i].domains.map(scrub)
    }
    for i in r.singleSite.indices {
      r.singleSite[i].item = scrub(r.singleSite[i].item)
      r.singleSite[i].domains = r.singleSite[i].domains.map(scrub)
    }
    r.skipped = r.skipped.map(scrub)
    return r
  }
}

/// Work done once per snapshot: the compiled simulator and the single-failure tables, per horizon.
final class SimulationCache: Sendable {
  private struct State {
    var simulators: [Horizon: Simulator] = [:]
    var singles: [Horizon: Task<(body: ByteBuffer, etag: String), Never>] = [:]
  }

  private let state = NIOLockedValueBox(State())

  /// The simulator for `lab` at `horizon`, compiled on first use.
  func simulator(_ lab: Lab, _ horizon: Horizon) -> Simulator {
    if let s = state.withLockedValue({ $0.simulators[horizon] }) { return s }
    let s = Simulator(lab, horizon: horizon)
    state.withLockedValue { $0.simulators[horizon] = s }
    return s
  }

  /// The single-failure body at `horizon` and its ETag, computed by `make` once: concurrent first
  /// requests wait for the same computation.
  func singles(_ horizon: Horizon, _ make: @escaping @Sendable () -> ByteBuffer) async -> (
    body: ByteBuffer, etag: String
  ) {
    let task = state.withLockedValue { s in
      if let t = s.singles[horizon] { return t }
      let t = Task { Self.tagged(make()) }
      s.singles[horizon] = t
      return t
    }
    return await task.value
  }

  /// Computes the single-failure body at `horizon` now, on the caller's thread, unless it is already
  /// computed or being computed; later requests are answered from it.
  func warm(_ horizon: Horizon, _ make: () -> ByteBuffer) {
    if isStarted(horizon) { return }
    let result = Self.tagged(make())
    state.withLockedValue { s in
      if s.singles[horizon] == nil { s.singles[horizon] = Task { result } }
    }
  }

  /// Whether the body at `horizon` is computed or being computed.
  func isStarted(_ horizon: Horizon) -> Bool { state.withLockedValue { $0.singles[horizon] != nil } }

  private static func tagged(_ body: ByteBuffer) -> (body: ByteBuffer, etag: String) {
    (body: body, etag: ETag.strong(body.readableBytesView, count: body.readableBytes))
  }
}

extension PageSnapshot {
  /// The `/api/v1/simulate/all-single` body for this snapshot's audience: the `--all-single` table,
  /// names and verdicts only for the public.
  static func allSingleBody(_ lab: Lab, _ horizon: Horizon, audience: Audience) -> ByteBuffer {
    allSingleBody(lab.singleFailures(at: horizon), audience: audience)
  }

  static func allSingleBody(_ full: SingleFailureReport, audience: Audience) -> ByteBuffer {
    let report = audience == .public ? PublicSimulation.report(full) : full
    return ByteBuffer(string: SimulationJSON.encode(report) + "\n")
  }

  /// Fills the all-single tables for today and the plan from the simulation the page was rendered
  /// with, so no request waits for them or runs it again.
  func warmSimulations(from resilience: Resilience) {
    for horizon in [Horizon.today, .plan] {
      simulationCache.warm(horizon) { Self.allSingleBody(resilience.report(at: horizon), audience: audience) }
    }
  }
}
