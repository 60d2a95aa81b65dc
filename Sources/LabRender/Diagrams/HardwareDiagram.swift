import LabModel

/// Diagram 03: physical machines by tier, the focal tier highlighted.
enum HardwareDiagram {
  /// Physical machines by tier, in tier order; untiered ones last. Machines that do not run today are not here:
  /// they are the planned rows (`waiting`), apart from today's grid.
  static func tiers(_ lab: Lab) -> [(tier: Tier, machines: [Machine])] {
    let physical = lab.machines.filter { $0.kind == .physical && lab.runs(machine: $0.name, at: .today) }
    var out = lab.tiers.map { t in (tier: t, machines: physical.filter { $0.tier == t.name }) }
    let loose = physical.filter { m in m.tier == nil || lab.tiers[named: m.tier ?? ""] == nil }
    if !loose.isEmpty { out.append((Tier(name: "other", title: "Other hardware"), loose)) }
    return out.filter { !$0.machines.isEmpty }
  }

  /// Physical machines that do not run today, one row per site they wait on, labelled with the site and its state
  /// (`Secondary AZ · offline`), or `Planned` for planned machines on a live site or on none.
  static func waiting(_ lab: Lab) -> [(tier: Tier, machines: [Machine])] {
    let idle = lab.machines.filter { $0.kind == .physical && !lab.runs(machine: $0.name, at: .today) }
    var order: [String] = []
    var by: [String: [Machine]] = [:]
    for m in idle {
      let site = m.site.flatMap { lab.site(named: $0) }
      let key = site.map { $0.status == .live ? "" : $0.name } ?? ""
      if by[key] == nil { order.append(key) }
      by[key, default: []].append(m)
    }
    return order.map { key in
      let machines = by[key]!
      let planned = machines.allSatisfy { $0.status == .planned }
      guard let site = lab.site(named: key) else {
        return (Tier(name: "planned", title: "Planned", subtitle: "not running today"), machines)
      }
      let state = site.status == .planned ? "planned" : site.status.rawValue
      let tiers =
        Set(machines.compactMap(\.tier)).count == 1 ? machines.first?.tier.flatMap { lab.tiers[named: $0] } : nil
      return (
        Tier(
          name: "waiting-\(site.name)", title: "\(site.title ?? site.name) AZ · \(state)",
          subtitle: [planned ? "planned" : "waiting", tiers.map { ($0.title ?? $0.name).lowercased() }]
            .compactMap { $0 }.joined(separator: " · ")),
        machines
      )
    }
  }

  static func frame(_ lab: Lab) -> DiagramFrame {
    let groups = tiers(lab)
    let waiting = waiting(lab)
    let focal = groups.first { $0.tier.focal }
    var legend = [
      LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal tier — production"),
      LegendItem(mark: .box(fill: .panel, stroke: .line, dashed: false), label: "supporting tier"),
    ]
    if !waiting.isEmpty {
      legend.append(
        LegendItem(mark: .box(fill: .paper, stroke: .planned, dashed: true), label: "planned · not running today"))
    }
    return DiagramFrame(
      id: "hardware", title: "Hardware topology",
      subtitle: "\(Words.capitalized(groups.count)) \(Words.noun(groups.count, "tier")) of physical compute · "
        + Words.count(groups.reduce(0) { $0 + $1.machines.count }, "machine") + " today"
        + (waiting.isEmpty ? "" : " · \(waiting.reduce(0) { $0 + $1.machines.count }) planned"),
      description: "Physical hosts by tier"
        + (focal.map { ", \($0.tier.title ?? $0.tier.name) highlighted as the focal tier" } ?? "") + ". "
        + (groups + waiting).map { g in
          "\(g.tier.title ?? g.tier.name): "
            + g.machines.map { "\($0.name) (\($0.model ?? "machine"))" }.joined(separator: ", ")
        }.joined(separator: ". ") + ".",
      legend: legend,
      footer: "Hardware: redundancy by tier, not by host")
  }

  static func svg(_ lab: Lab, audience: Audience, width: Double, suffix: String = "", standalone: Bool = false)
    -> XMLNode
  {
    let today = tiers(lab).map { (tier: $0.tier, machines: $0.machines, planned: false) }
    let groups = today + waiting(lab).map { (tier: $0.tier, machines: $0.machines, planned: true) }
    return frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      let stacked = w < 640
      let leftWidth = stacked ? w - 28 : min(220, w * 0.28)
      let pad = 14.0
      var y = 0.0
      for (i, g) in groups.enumerated() {
        var band = Canvas()
        let label = g.planned ? "+" : "T\(i + 1)"
        band.text(
          label, x: pad, y: pad + 13, size: 13, tone: g.planned ? .planned : g.tier.focal ? .accent : .muted, bold: true
        )
        let tx = pad + Metrics.width(label, size: 13) + 10
        var ly = pad + 13
        ly +=
          band.paragraph(
            g.tier.title ?? g.tier.name, x: tx, y: ly, width: leftWidth - tx, size: 13,
            tone: g.planned ? .planned : .ink,
            bold: true) - 13
        if let sub = g.tier.subtitle {
          ly += 6 + band.paragraph(sub, x: tx, y: ly + 17, width: leftWidth - tx, size: Layout.smallSize, tone: .muted)
        }
        let cardsX = stacked ? pad : leftWidth + 8
        let cardsY = stacked ? ly + 14 : pad
        let cardsHeight = cards(
          &band, lab, g.machines, x: cardsX, y: cardsY, width: w - cardsX - pad, audience: audience)
        let h = max(ly + pad, cardsY + cardsHeight + pad)
        c.rect(
          x: 0, y: y, w: w, h: h, fill: g.planned ? .paper : g.tier.focal ? .focalPanel : .panel,
          stroke: g.planned ? .planned : g.tier.focal ? .accent : .line, dashed: g.planned,
          radius: 8, strokeWidth: g.tier.focal && !g.planned ? 2 : 1)
        c.group(label: "\(label) \(g.tier.title ?? g.tier.name)") { $0.nodes += translated(band.nodes, y: y) }
        y += h + 8
      }
      return max(y - 8, 0)
    }
  }

  /// Machine cards in a wrapping grid; returns the height used.
  static func cards(
    _ c: inout Canvas, _ lab: Lab, _ machines: [Machine], x: Double, y: Double, width: Double, audience: Audience
  ) -> Double {
    let gap = 8.0
    let minCard = 150.0
    let perRow = max(1, Int((width + gap) / (minCard + gap)))
    let cardWidth = (width - Double(perRow - 1) * gap) / Double(perRow)
    let inner = cardWidth - 20
    var rows: [[(Machine, [(String, Tone, Double, Bool)])]] = [[]]
    for m in machines {
      let today = lab.runs(machine: m.name, at: .today)
      var lines: [(String, Tone, Double, Bool)] = [(m.name, today ? .ink : .planned, 12.5, true)]
      let detail = [m.model, m.role].compactMap { $0 }.joined(separator: " · ")
      if !detail.isEmpty { lines.append((detail, .muted, Layout.smallSize, false)) }
      let guests = lab.guests(of: m.name).count
      if guests > 0 { lines.append(("carries \(Words.count(guests, "VM"))", .muted, Layout.smallSize, false)) }
      if audience == .internal, let a = m.address { lines.append((a.description, .muted, Layout.smallSize, false)) }
      if rows[rows.count - 1].count == perRow { rows.append([]) }
      rows[rows.count - 1].append((m, lines))
    }
    var cy = y
    for row in rows {
      var heights: [Double] = []
      var drawn: [Canvas] = []
      for (_, lines) in row {
        var card = Canvas()
        var ly = 18.0
        for (text, tone, size, bold) in lines {
          ly += card.paragraph(text, x: 10, y: ly, width: inner, size: size, tone: tone, bold: bold)
        }
        heights.append(ly)
        drawn.append(card)
      }
      let h = heights.max() ?? 0
      for (i, (m, _)) in row.enumerated() {
        let today = lab.runs(machine: m.name, at: .today)
        let cx = x + Double(i) * (cardWidth + gap)
        c.rect(x: cx, y: cy, w: cardWidth, h: h, fill: .paper, stroke: today ? .line : .planned, dashed: !today)
        c.nodes += translated(drawn[i].nodes, x: cx, y: cy)
      }
      cy += h + gap
    }
    return cy - gap - y
  }
}
