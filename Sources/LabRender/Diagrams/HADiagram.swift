import LabModel

/// Diagram 05: redundant ×N on one side, single ×1 with its mitigation on the other.
enum HADiagram {
  static func frame(_ lab: Lab, _ map: HAMap) -> DiagramFrame {
    let links = lab.links.map { l in
      l.between.map { lab.site(named: $0)?.title.map { "\($0.lowercased()) AZ" } ?? $0 }.joined(separator: " ↔ ")
        + (l.via.map { " via \($0)" } ?? "")
    }
    let accepted = map.acceptedSingles
    let queued = map.single.filter { $0.detail != Lab.noMitigation && $0.acceptedRisks == nil }.count
    var singles = "\(map.single.count) single-instance"
    if accepted > 0 {
      singles += ": \(queued) with a next step, \(accepted) accepted \(accepted == 1 ? "risk" : "risks")"
    } else if !map.single.isEmpty {
      singles += queued == map.single.count ? ", each with its next step" : ", \(queued) with a next step"
    }
    let planned = map.planned.isEmpty ? "" : " · \(map.planned.count) planned"
    return DiagramFrame(
      id: "ha", title: "HA redundancy map",
      subtitle: "\(map.redundant.count) redundant today · " + singles + planned,
      description: "Left: what is already redundant — "
        + map.redundant.map { "\($0.title) (\($0.badge))" }.joined(separator: ", ")
        + ". Right: what still runs as a single instance, with the mitigation in flight — "
        + map.single.map { "\($0.title) \($0.detail)" }.joined(separator: ", ") + "."
        + (map.planned.isEmpty
          ? ""
          : " Below, apart from today's counts, what the plan adds — "
            + map.planned.map { "\($0.title) (\($0.badge))" }.joined(separator: ", ") + "."),
      legend: legend(map),
      footer: roadmap(lab, links: links))
  }

  /// ×N, ×1 and, when the map has any, the planned strip's dashed card: dashed means planned, nothing else.
  static func legend(_ map: HAMap) -> [LegendItem] {
    var items = [
      LegendItem(mark: .badge("×N", .accent), label: "replica count · redundant"),
      LegendItem(
        mark: .box(fill: .paper, stroke: .accent, dashed: false), label: "single instance · mitigation queued"),
    ]
    if !map.planned.isEmpty {
      items.append(
        LegendItem(mark: .box(fill: .paper, stroke: .planned, dashed: true), label: "planned · not counted today"))
    }
    return items
  }

  /// The roadmap line: the rule, then the multi-AZ backstop the model declares (a site not live yet, the links,
  /// and DNS once it serves from more than one site in the plan).
  static func roadmap(_ lab: Lab, links: [String]) -> String {
    var text = "Roadmap: no SPoF without a mitigation queued up."
    var backstop: [String] = []
    for site in lab.sites where site.status != .live {
      backstop.append("\((site.title ?? site.name).lowercased()) AZ")
    }
    backstop += lab.links.compactMap(\.via)
    if let dns = lab.services.first(where: { $0.exposes == "dns" }) {
      let sites = Set(
        dns.runsOn.compactMap { lab.machine(named: $0) }.compactMap { m in
          m.site ?? m.runsOn.flatMap { lab.machine(named: $0)?.site }
        })
      if sites.count > 1 { backstop.append("cross-AZ DNS") }
    }
    // Every site live already: the lab is multi-AZ today, and there is no backstop to promise.
    if lab.sites.allSatisfy({ $0.status == .live }) { return text }
    if !backstop.isEmpty || !links.isEmpty {
      text += " Multi-AZ replication is the long-term backstop"
      text += backstop.isEmpty ? ": " + links.joined(separator: "; ") : ": " + backstop.joined(separator: " · ")
    }
    return text
  }

  static func svg(
    _ lab: Lab, _ map: HAMap, audience: Audience, width: Double, suffix: String = "", standalone: Bool = false
  ) -> XMLNode {
    frame(lab, map).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      let twoColumns = w >= 640
      let gap = 24.0
      let colWidth = twoColumns ? (w - gap) / 2 : w
      var left = Canvas()
      let lh = column(
        &left, heading: "STATUS TODAY", title: "Redundant today", rows: map.redundant, width: colWidth, redundant: true,
        audience: audience)
      var right = Canvas()
      let rh = column(
        &right, heading: "SINGLE POINT OF FAILURE",
        title: map.acceptedSingles == 0 ? "Mitigation in flight" : "Mitigation in flight, or accepted",
        rows: map.single,
        width: colWidth, redundant: false, audience: audience)
      c.group(label: "Redundant today") { $0.nodes += left.nodes }
      var height: Double
      if twoColumns {
        c.group(label: "Single instance today") { $0.nodes += translated(right.nodes, x: colWidth + gap, y: 0) }
        height = max(lh, rh)
      } else {
        c.group(label: "Single instance today") { $0.nodes += translated(right.nodes, y: lh + gap) }
        height = lh + gap + rh
      }
      guard !map.planned.isEmpty else { return height }
      var strip = Canvas()
      let ph = column(
        &strip, heading: "PLANNED · NOT COUNTED TODAY", title: "Once the plan lands", rows: map.planned,
        width: colWidth, redundant: true, audience: audience, columns: twoColumns ? 2 : 1, gap: gap)
      c.group(label: "Planned, not counted today") { $0.nodes += translated(strip.nodes, y: height + gap + 8) }
      return height + gap + 8 + ph
    }
  }

  /// One column: a heading, then one card per row (in `columns` side by side); returns its height.
  ///
  /// Redundant cards sit on the panel tone; single points of failure are the most visible cards — an accent
  /// border and ink text — whether or not their mitigation is planned; only what exists in the plan alone is
  /// dashed and muted (dashed means planned, on every diagram).
  static func column(
    _ c: inout Canvas, heading: String, title: String, rows: [HARow], width: Double, redundant: Bool,
    audience: Audience, columns: Int = 1, gap: Double = 24
  ) -> Double {
    let planned = rows.first?.planned ?? false
    c.text(
      heading, x: 0, y: 12, size: Layout.smallSize, tone: planned ? .planned : (redundant ? .accent : .ink),
      bold: true, spacing: 0.6)
    c.text(title, x: 0, y: 32, size: 15, bold: true, sans: true)
    let top = 46.0
    if rows.isEmpty {
      c.text(
        redundant ? "nothing redundant yet" : "none — every service is redundant", x: 0, y: top + 14,
        size: Layout.labelSize, tone: .muted)
      return top + 24
    }
    var ys = Array(repeating: top, count: columns)
    for (k, row) in rows.enumerated() {
      let col = k % columns
      let x = Double(col) * (width + gap)
      let y = ys[col]
      let badgeSize = 13.0
      let badgeWidth = Metrics.width(row.badge, size: badgeSize) + 16
      let textWidth = width - badgeWidth - 28
      var card = Canvas()
      var ty = 21.0
      ty += card.paragraph(
        row.title, x: 12, y: ty, width: textWidth, size: 13, tone: row.planned ? .planned : .ink, bold: true)
      var detail = row.detail
      if audience == .internal, let vip = row.vip { detail += " · VIP \(vip)" }
      ty += card.paragraph(
        detail, x: 12, y: ty, width: textWidth, size: Layout.smallSize, tone: row.planned ? .planned : .muted)
      let h = max(ty + 2, 46)
      c.rect(
        x: x, y: y, w: width, h: h, fill: row.planned ? .paper : (redundant ? .panel : .paper),
        stroke: row.planned ? .planned : (redundant ? .line : .accent), dashed: row.planned,
        strokeWidth: redundant || row.planned ? 1 : 1.5)
      c.nodes += translated(card.nodes, x: x, y: y)
      c.text(
        row.badge, x: x + width - 12, y: y + 25, size: badgeSize,
        tone: row.planned ? .planned : .accent, anchor: .end, bold: true)
      ys[col] = y + h + 8
    }
    return (ys.max() ?? top) - 8
  }
}
