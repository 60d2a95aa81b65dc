import LabModel

/// Plain-text renderings of simulation results for the terminal.
public enum SimulationText {
  /// A scenario's verdicts: what went down, then every item with its reason chain.
  public static func result(_ r: SimulationResult, showOK: Bool = true) -> String {
    let names = r.down.map(\.domain.name).joined(separator: ", ")
    var out = "\(r.lab) — \(r.horizon == .today ? "today" : "with the plan")"
    out += r.down.isEmpty ? ", nothing down\n" : ", with \(names) down\n"
    for e in r.down {
      var line = "  \(e.domain.name) (\(e.domain.kind.rawValue))"
      if !e.machines.isEmpty { line += ": takes \(list(e.machines, max: 8))" }
      if let note = e.note { line += ": \(note)" }
      out += line + "\n"
    }
    let shown = r.items.filter { showOK || $0.verdict != .ok }
    let width = min(28, shown.map(\.name.count).max() ?? 0)
    let verdictWidth = shown.contains { $0.verdict == .interrupted } ? 11 : 8
    for kind in ItemKind.allCases {
      let items = shown.filter { $0.kind == kind }
      guard !items.isEmpty else { continue }
      out += "\n\(kind == .ingress ? "INGRESS" : kind.rawValue.uppercased() + "S")\n"
      for i in items {
        out += "  \(pad(i.name, width))  \(pad(i.verdict.rawValue, verdictWidth))  \(i.chain)\n"
      }
    }
    let c = r.counts
    out += "\n\(c.down) down, "
    if c.interrupted > 0 { out += "\(c.interrupted) interrupted (rescheduled by Kubernetes), " }
    out += "\(c.degraded) degraded, \(c.ok) ok"
    if !r.newlyDown.isEmpty { out += "; this scenario takes down \(list(r.newlyDown.map(\.name), max: 12))" }
    if !r.newlyInterrupted.isEmpty {
      out += "; interrupts until rescheduled \(list(r.newlyInterrupted.map(\.name), max: 12))"
    }
    return out + "\n"
  }

  /// The `--all-single` table, then the single points of failure and single-AZ dependencies.
  public static func singleFailures(_ r: SingleFailureReport) -> String {
    var out = "\(r.lab) — every single failure, \(r.horizon == .today ? "today" : "with the plan")"
    out += " (\(r.rows.count) failure domains)\n\n"
    let width = max(6, r.rows.map(\.domain.name.count).max() ?? 0)
    out += "  \(pad("DOMAIN", width))  \(pad("KIND", 10))  \(pad("DOWN", 4))  \(pad("INTR", 4))  \(pad("DEGR", 4))"
    out += "  TAKES DOWN (INTERRUPTS)\n"
    for row in r.rows {
      var takes = row.down.isEmpty ? "—" : list(row.down.map(\.name), max: 6)
      if !row.interrupted.isEmpty { takes += " (" + list(row.interrupted.map(\.name), max: 6) + ")" }
      out += "  \(pad(row.domain.name, width))  \(pad(row.domain.kind.rawValue, 10))  "
      out += "\(pad(String(row.down.count), 4, right: true))  \(pad(String(row.interrupted.count), 4, right: true))  "
      out += "\(pad(String(row.degraded.count), 4, right: true))  \(takes)\n"
    }
    out += "\nSingle points of failure (one host takes it down): \(r.singlePoints.count)\n"
    for p in r.singlePoints { out += "  \(p.item.name) (\(p.item.kind.rawValue)) ← \(list(p.domains, max: 8))\n" }
    out += "\nSingle instances (one host interrupts it until Kubernetes reschedules it): \(r.singleInstances.count)\n"
    for p in r.singleInstances { out += "  \(p.item.name) (\(p.item.kind.rawValue)) ← \(list(p.domains, max: 8))\n" }
    out += "\nSingle-AZ dependencies (one site or link takes it down): \(r.singleSite.count)\n"
    for (domain, items) in grouped(r.singleSite) { out += "  \(domain) ← \(list(items, max: 10))\n" }
    if !r.skipped.isEmpty {
      out += "\nNot present \(r.horizon == .today ? "today" : "in the plan"), not tried: \(list(r.skipped, max: 10))\n"
    }
    return out
  }

  /// Items grouped by the domain list that takes them down.
  static func grouped(_ points: [SingleFailureReport.SinglePoint]) -> [(String, [String])] {
    var order: [String] = []
    var by: [String: [String]] = [:]
    for p in points {
      let key = p.domains.joined(separator: ", ")
      if by[key] == nil { order.append(key) }
      by[key, default: []].append(p.item.name)
    }
    return order.map { ($0, by[$0]!) }
  }

  static func list(_ names: [String], max: Int) -> String {
    names.count <= max
      ? names.joined(separator: ", ")
      : names.prefix(max).joined(separator: ", ") + " and \(names.count - max) more"
  }

  static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: Swift.max(0, width - s.count))
    return right ? fill + s : s + fill
  }
}
