import LabModel

/// Diagram 05: redundant ×N on one side, single ×1 with its mitigation on the other.
enum HADiagram {
  static func frame(_ lab: Lab, _ map: HAMap) -> DiagramFrame {
    let links = lab.links.map { l in
      l.between.map { lab.site(named: $0)?.title.map { "\($0.lowercased()) AZ" } ?? $0 }.joined(separator: " ↔ ")
        + (l.via.map { " via \($0)" } ?? "")
    }
    let accepted = map.acceptedSingles
    let singles =
      accepted == 0
      ? "\(map.single.count) single-instance, each with its next step"
      : "\(map.single.count) single-instance: \(map.single.count - accepted) with a next step, "
        + "\(accepted) accepted \(accepted == 1 ? "risk" : "risks")"
    return DiagramFrame(
      id: "ha", title: "HA redundancy map",
      subtitle: "\(map.redundant.count) redundant today · " + singles,
      description: "Left: what is already redundant — "
        + map.redundant.map { "\($0.title) (\($0.badge))" }.joined(separator: ", ")
        + ". Right: what still runs as a single instance, with the mitigation in flight — "
        + map.single.map { "\($0.title) \($0.detail)" }.joined(separator: ", ") + ".",
      legend: [
        LegendItem(mark: .badge("×N", .accent), label: "replica count · redundant"),
        LegendItem(mark: .badge("×1", .muted), label: "single instance · work in flight"),
        LegendItem(mark: .box(fill: .paper, stroke: .planned, dashed: true), label: "planned"),
      ],
      footer: "Roadmap: no SPoF without a mitigation queued up"
        + (links.isEmpty ? "" : " · multi-AZ backstop: " + links.joined(separator: "; ")))
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
      if twoColumns {
        c.group(label: "Single instance today") { $0.nodes += translated(right.nodes, x: colWidth + gap, y: 0) }
        return max(lh, rh)
      }
      c.group(label: "Single instance today") { $0.nodes += translated(right.nodes, y: lh + gap) }
      return lh + gap + rh
    }
  }

  /// One column: a heading, then one card per row; returns its height.
  static func column(
    _ c: inout Canvas, heading: String, title: String, rows: [HARow], width: Double, redundant: Bool,
    audience: Audience
  ) -> Double {
    c.text(heading, x: 0, y: 11, size: Layout.smallSize, tone: redundant ? .accent : .muted, bold: true, spacing: 0.6)
    c.text(title, x: 0, y: 30, size: 14, bold: true, sans: true)
    var y = 44.0
    if rows.isEmpty {
      c.text(
        redundant ? "nothing redundant yet" : "none — every service is redundant", x: 0, y: y + 14, size: 12,
        tone: .muted)
      return y + 24
    }
    for row in rows {
      let badgeSize = 13.0
      let badgeWidth = Metrics.width(row.badge, size: badgeSize) + 16
      let textWidth = width - badgeWidth - 28
      var card = Canvas()
      var ty = 20.0
      ty += card.paragraph(
        row.title, x: 12, y: ty, width: textWidth, size: 12.5, tone: row.planned ? .planned : .ink, bold: true)
      var detail = row.detail
      if audience == .internal, let vip = row.vip { detail += " · VIP \(vip)" }
      ty += card.paragraph(detail, x: 12, y: ty, width: textWidth, size: Layout.smallSize, tone: .muted)
      let h = max(ty + 2, 44)
      c.rect(
        x: 0, y: y, w: width, h: h, fill: redundant && !row.planned ? .panel : .paper,
        stroke: row.planned ? .planned : .line, dashed: row.planned || !redundant)
      c.nodes += translated(card.nodes, y: y)
      c.text(
        row.badge, x: width - 12, y: y + 24, size: badgeSize,
        tone: row.planned ? .planned : (redundant ? .accent : .muted),
        anchor: .end, bold: true)
      y += h + 8
    }
    return y - 8
  }
}
