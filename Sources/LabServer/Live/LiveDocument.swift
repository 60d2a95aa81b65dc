import Foundation
import LabModel
import LabProbe
import LabRender
import NIOCore

/// `/api/v1/status`: the live status as JSON. For the public audience it is the redacted form (states,
/// latencies, uptime, incidents and their root causes; no reasons, endpoints or answers: an error text such
/// as `connect to 10.10.0.21:22: …` would leak an address).
struct LiveDocument: Codable, Sendable {
  struct IncidentView: Codable, Sendable {
    var root: String
    var reason: String?
    var openedAt: String
    var closedAt: String?
    var durationS: Int
    var impacted: [String]
  }

  var version: Int
  var lastChecked: String?
  var checksPlanned: Int
  var status: StatusJSON?
  /// Per check id: uptime over 24 h, 7 d and 30 d, in percent.
  var uptime: [String: [Double]]
  var recentIncidents: [IncidentView]

  init(_ board: LiveBoard.Snapshot, audience: Audience, now: Date = Date()) {
    let iso = Date.ISO8601FormatStyle()
    let redacted = audience == .public
    version = board.version
    lastChecked = board.lastChecked.map { iso.format($0) }
    checksPlanned = board.planned
    status = board.status.map { StatusJSON(lab: board.lab, status: $0, redacted: redacted) }
    uptime = board.uptime.mapValues { $0.map { ($0 * 10000).rounded() / 100 } }
    recentIncidents = board.incidents.map {
      IncidentView(
        root: $0.root, reason: redacted ? nil : $0.reason, openedAt: iso.format($0.openedAt),
        closedAt: $0.closedAt.map { iso.format($0) }, durationS: Int($0.duration(now: now).rounded()),
        impacted: $0.impacted)
    }
  }

  var json: String { LabJSON.string(self) + "\n" }
}
