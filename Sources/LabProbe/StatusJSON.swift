import LabModel

/// The JSON of a sweep (`labctl probe --format json`): summary, incidents by root cause, every probed thing.
/// With `redacted` (the public audience) there are states, latencies and incidents only: no reasons, no
/// endpoints, no answers — an error text such as `connect to 10.10.0.21:22: …` would leak an address.
public struct StatusJSON: Codable, Sendable, Hashable {
  public struct Summary: Codable, Sendable, Hashable {
    var checks: Int
    var up: Int
    var degraded: Int
    var down: Int
    var incidents: Int
  }

  public struct IncidentView: Codable, Sendable, Hashable {
    var root: String
    var kind: String
    var reason: String?
    var impacted: [String]
  }

  public struct AskedView: Codable, Sendable, Hashable {
    var label: String
    var endpoint: String?
    var state: ProbeState
    var latencyMs: Double
    var reason: String?
    var answers: [String]?
  }

  public struct CheckView: Codable, Sendable, Hashable {
    var name: String
    var state: ProbeState
    var latencyMs: Double
    var attempts: Int
    var reason: String?
    var disagreement: String?
    var asked: [AskedView]?
  }

  public struct EntryView: Codable, Sendable, Hashable {
    var name: String
    var kind: String
    var state: ProbeState
    var impactedBy: [String]
    var impossible: String?
    var checks: [CheckView]
  }

  public struct HistoryView: Codable, Sendable, Hashable {
    var stateChanges: Int
    var incidentsOpened: [String]
    var incidentsClosed: [String]
    /// Per check: uptime over 24 h, 7 d and 30 d, in percent.
    var uptime: [String: [Double]]
  }

  var lab: String
  var summary: Summary
  var history: HistoryView?
  var incidents: [IncidentView]
  var entries: [EntryView]
  var findings: [String]

  public init(lab: String, status: LiveStatus, redacted: Bool = false, history: HistorySummary? = nil) {
    self.lab = lab
    self.history = history.map {
      HistoryView(
        stateChanges: $0.record.changes.count, incidentsOpened: $0.record.opened, incidentsClosed: $0.record.closed,
        uptime: $0.uptime.mapValues { $0.map { ($0 * 10000).rounded() / 100 } })
    }
    let checks = status.entries.flatMap(\.checks)
    summary = Summary(
      checks: checks.count, up: checks.filter { $0.state == .up }.count,
      degraded: checks.filter { $0.state == .degraded }.count, down: checks.filter { $0.state == .down }.count,
      incidents: status.incidents.count)
    incidents = status.incidents.map {
      IncidentView(
        root: $0.root.name, kind: $0.root.kind.rawValue, reason: redacted ? nil : $0.reason,
        impacted: $0.impacted.map(\.name))
    }
    entries = status.entries.map { e in
      EntryView(
        name: e.owner.name, kind: e.owner.kind.rawValue, state: e.state, impactedBy: e.impactedBy,
        impossible: redacted ? nil : e.impossible,
        checks: e.checks.map { c in
          CheckView(
            name: c.name, state: c.state, latencyMs: Self.ms(c.latency), attempts: c.attempts,
            reason: redacted ? nil : c.reason, disagreement: redacted ? nil : c.disagreement,
            asked: redacted
              ? nil
              : c.asked.map {
                AskedView(
                  label: $0.label, endpoint: $0.endpoint.description, state: $0.state, latencyMs: Self.ms($0.latency),
                  reason: $0.reason, answers: $0.answers.isEmpty ? nil : $0.answers)
              })
        })
    }
    findings = redacted ? [] : status.findings
  }

  static func ms(_ seconds: Double) -> Double { (seconds * 10000).rounded() / 10 }

  /// The JSON text, keys sorted.
  public var text: String { LabJSON.string(self) }
}
