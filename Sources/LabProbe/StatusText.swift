/// The sweep as a terminal table, grouped by root cause: each incident with what it takes down, then the rest.
public enum StatusText {
  public static func render(lab: String, _ status: LiveStatus, history: HistorySummary? = nil) -> String {
    let checks = status.entries.flatMap(\.checks)
    let counts = ProbeState.allCases.map { s in "\(checks.filter { $0.state == s }.count) \(s.rawValue)" }
    let n = status.incidents.count
    var out = "\(lab): \(checks.count) checks, \(counts.joined(separator: ", ")); \(n) incident\(n == 1 ? "" : "s")\n"
    var shown: Set<Owner> = []
    for incident in status.incidents {
      out += "\nincident: \(incident.root.name) (\(incident.root.kind.rawValue)) down"
      out += incident.reason.map { ": \($0)" } ?? ""
      out += "\n"
      let group = [incident.root] + incident.impacted
      let rows = status.entries.filter { group.contains($0.owner) && !shown.contains($0.owner) }
      out += table(rows.filter { $0.owner == incident.root } + rows.filter { $0.owner != incident.root })
      shown.formUnion(group)
    }
    let rest = status.entries.filter { !shown.contains($0.owner) }
    if !rest.isEmpty {
      out += "\n" + (status.incidents.isEmpty ? "all\n" : "not impacted\n") + table(rest)
    }
    if !status.findings.isEmpty {
      out += "\nfindings:\n" + status.findings.map { "  - \($0)\n" }.joined()
    }
    if let history { out += "\n" + Self.history(history) }
    return out
  }

  /// The history lines: what this sweep recorded, and the checks below 100 % over 24 h / 7 d / 30 d.
  static func history(_ h: HistorySummary) -> String {
    let n = h.record.changes.count
    var out = "history: \(n) state change\(n == 1 ? "" : "s")"
    if !h.record.opened.isEmpty { out += "; incident opened: " + h.record.opened.joined(separator: ", ") }
    if !h.record.closed.isEmpty { out += "; incident closed: " + h.record.closed.joined(separator: ", ") }
    out += "\n"
    let below = h.uptime.filter { $0.value.contains { $0 < 1 } }.sorted { $0.key < $1.key }
    out += below.isEmpty ? "uptime 24h/7d/30d: 100 % for every check\n" : "uptime 24h / 7d / 30d:\n"
    for (id, shares) in below {
      out += "  \(id)  " + shares.map { percent($0) }.joined(separator: " / ") + "\n"
    }
    return out
  }

  static func percent(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10) %"
  }

  static func table(_ entries: [StatusEntry]) -> String {
    var rows: [[String]] = []
    for e in entries {
      for c in e.checks {
        let why: String
        if !e.impactedBy.isEmpty {
          why = "impacted by \(e.impactedBy.joined(separator: ", "))"
        } else if let impossible = e.impossible {
          why = "impossible: \(impossible)"
        } else {
          why = c.reason ?? ""
        }
        rows.append([e.owner.name, e.owner.kind.rawValue, c.name, c.state.rawValue, latency(c), why])
      }
    }
    let widths = (0..<5).map { col in rows.map { $0[col].count }.max() ?? 0 }
    return rows.map { row in
      "  " + (0..<5).map { row[$0].padding(widths[$0]) }.joined(separator: "  ") + "  " + row[5]
    }.map { $0.trimmingTrailingSpaces() + "\n" }.joined()
  }

  static func latency(_ c: CheckResult) -> String {
    let ms = c.latency * 1000
    return ms < 10 ? String(format1: ms) + " ms" : "\(Int(ms.rounded())) ms"
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }

  fileprivate func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }

  fileprivate init(format1 value: Double) {
    let tenths = Int((value * 10).rounded())
    self = "\(tenths / 10).\(tenths % 10)"
  }
}
