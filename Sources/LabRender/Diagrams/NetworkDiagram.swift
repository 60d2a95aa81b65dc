import LabModel

/// Diagram 04: VLANs by trust tier, their posture, and how the internet gets in.
enum NetworkDiagram {
  static let trustOrder: [Trust] = [.isolated, .trusted, .untrusted, .guest, .iot]

  /// VLANs sorted by trust tier, declaration order within a tier.
  static func ordered(_ lab: Lab) -> [VLAN] {
    trustOrder.flatMap { t in lab.vlans.filter { $0.trust == t } }
  }

  static func frame(_ lab: Lab) -> DiagramFrame {
    let postures = lab.vlanPosture
    let tunnel = lab.firewall.ingress.first { $0.kind == .tunnel }
    let forwards = lab.firewall.ingress.filter { $0.kind == .portForward }
    let focal = lab.vlans.first(where: \.focal)
    return DiagramFrame(
      id: "network", title: "Network topology and VLAN posture",
      subtitle: "\(Words.capitalized(lab.vlans.count)) \(Words.noun(lab.vlans.count, "VLAN")) by trust tier · "
        + (lab.firewall.defaultPolicy == .allow ? "allow" : "deny") + "-by-default between tiers",
      description: "\(Words.capitalized(lab.vlans.count)) VLANs segmented by trust tier. "
        + (tunnel.map {
          "Public traffic arrives via the \($0.outboundOnly ? "outbound-only " : "")\($0.name ?? "tunnel"). "
        } ?? "")
        + (forwards.isEmpty
          ? "No inbound port forwards. "
          : tunnel == nil
            ? "No tunnel: \(Words.count(forwards.count, "inbound port forward")) \(forwards.count == 1 ? "is" : "are") the way in. "
            : "\(Words.count(forwards.count, "port forward")) \(forwards.count == 1 ? "bypasses" : "bypass") the tunnel. ")
        + (focal.map { "\($0.title ?? $0.name) is the focal tier. " } ?? "")
        + ordered(lab).map { "\($0.title ?? $0.name): \(postures[$0.name] ?? "")" }.joined(separator: "; ") + ".",
      legend: [
        LegendItem(mark: .arrow(.allow), label: "allow"),
        LegendItem(mark: .blocked(.deny), label: "deny (firewall)"),
        LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal"),
      ]
        + (lab.vlans.contains { !$0.status.isToday }
          ? [LegendItem(mark: .box(fill: .paper, stroke: .planned, dashed: true), label: "planned")] : []),
      footer: "VLAN policy: posture, not addresses")
  }

  static func svg(_ lab: Lab, audience: Audience, width: Double, suffix: String = "", standalone: Bool = false)
    -> XMLNode
  {
    frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      let forwards = lab.firewall.ingress.filter { $0.kind == .portForward }
      let entry = ingress(&c, lab, width: w, lane: !forwards.isEmpty)
      var y = entry.height + 26
      // The tunnel opens outbound, so its arrow is the only one from the ingress row into the firewall besides the
      // port-forward lane: Internet → edge firewall → the VLAN it lands in, never through the tunnel.
      if let tx = entry.tunnelX { c.line(x1: tx, y1: y - 22, x2: tx, y2: y - 2, stroke: .allow, arrow: true) }
      if let lane = entry.lane {
        c.line(x1: lane.x, y1: lane.y, x2: lane.x, y2: y - 2, stroke: .allow, arrow: true)
        c.text(
          "PORT-FORWARD", x: lane.x + 8, y: y - 8, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
      }
      let firewallTop = y
      let firewallHeight = firewallBox(&c, lab, y: y, width: w)
      y += firewallHeight
      y += 20
      var cards: [String: (x: Double, y: Double, w: Double)] = [:]
      // From the firewall into each VLAN a port-forward lands in: down a lane left of the cards, along the gap
      // above the card, into it — past no other card.
      let landing = Set(forwards.flatMap { $0.to }.compactMap { lab.machine(named: $0)?.vlan })
      let indent = landing.isEmpty ? 0.0 : 16
      y += vlanCards(&c, lab, y: y, width: w - indent, audience: audience, cards: &cards, x: indent)
      for v in lab.vlans where landing.contains(v.name) {
        guard let card = cards[v.name] else { continue }
        let laneY = card.y - 5
        c.line(x1: 6, y1: firewallTop + firewallHeight + 2, x2: 6, y2: laneY, stroke: .allow)
        c.line(x1: 6, y1: laneY, x2: card.x + 24, y2: laneY, stroke: .allow)
        c.line(x1: card.x + 24, y1: laneY, x2: card.x + 24, y2: card.y - 1, stroke: .allow, arrow: true)
      }
      return y
    }
  }

  /// Internet and the tunnel, side by side or stacked (Internet → tunnel either way). With `lane`, a port-forward
  /// lane leaves the Internet box for the firewall, past the tunnel. Returns the height, where the tunnel's arrow
  /// into the firewall starts, and where the lane starts.
  static func ingress(
    _ c: inout Canvas, _ lab: Lab, width: Double, lane: Bool
  ) -> (height: Double, tunnelX: Double?, lane: (x: Double, y: Double)?) {
    let tunnel = lab.firewall.ingress.first { $0.kind == .tunnel }
    let forwards = lab.firewall.ingress.filter { $0.kind == .portForward }
    let upstream =
      tunnel != nil ? "web: tunnel only" : forwards.isEmpty ? "no inbound path" : "inbound: port-forward only"
    var boxes: [(kicker: String, title: String, detail: String, dashed: Bool, focal: Bool)] = [
      ("UPSTREAM", "Internet", upstream, false, false)
    ]
    if let t = tunnel {
      var detail = t.service ?? "tunnel"
      if let s = lab.tunnelService {
        let per = lab.replicasPerPlace(of: s, at: .today)
        let onClusters = s.runsOn.contains { lab.cluster(named: $0) != nil }
        detail = "\(s.displayName) · \(Words.count(per, "replica"))\(onClusters ? "/cluster" : "")"
      }
      boxes.append((t.outboundOnly ? "OUTBOUND ONLY" : "TUNNEL", t.name ?? "Tunnel", detail, false, false))
    }
    let gap = 36.0
    let stacked = boxes.count > 1 && width < 2 * 200 + gap
    let indent = stacked && lane ? 22.0 : 0
    let placed = boxRow(&c, boxes, y: 0, width: width - indent, x: indent)
    let tunnelX = tunnel == nil ? nil : placed.boxes.last.map { stacked ? $0.x + $0.w - 30 : $0.x + $0.w / 2 }
    guard lane, let internet = placed.boxes.first else { return (placed.height, tunnelX, nil) }
    if stacked {
      // Out of the Internet box's left side, down a lane left of the tunnel.
      c.line(x1: internet.x - 2, y1: internet.y + 26, x2: 8, y2: internet.y + 26, stroke: .allow)
      return (placed.height, tunnelX, (8, internet.y + 26))
    }
    return (placed.height, tunnelX, (internet.x + 24, internet.y + internet.h + 3))
  }

  /// Boxes side by side, wrapping (stacked rows joined by a downward arrow); the first is joined to the others by
  /// arrows. Returns the height and where each box went.
  static func boxRow(
    _ c: inout Canvas, _ boxes: [(kicker: String, title: String, detail: String, dashed: Bool, focal: Bool)], y: Double,
    width: Double, x x0: Double = 0
  ) -> (height: Double, boxes: [(x: Double, y: Double, w: Double, h: Double)]) {
    let gap = 36.0
    let perRow = max(1, min(boxes.count, Int((width + gap) / (200 + gap))))
    let boxWidth = (width - Double(perRow - 1) * gap) / Double(perRow)
    var rowY = y
    var maxH = 0.0
    var placed: [(x: Double, y: Double, w: Double, h: Double)] = []
    for (i, b) in boxes.enumerated() {
      if i > 0, i % perRow == 0 {
        rowY += maxH + 24
        maxH = 0
      }
      let x = x0 + Double(i % perRow) * (boxWidth + gap)
      var inner = Canvas()
      inner.text(
        b.kicker, x: 12, y: 18, size: Layout.kickerSize, tone: b.dashed ? .muted : .accent, bold: true, spacing: 0.6)
      var ty = 36.0
      ty += inner.paragraph(b.title, x: 12, y: ty, width: boxWidth - 24, size: 13, bold: true)
      ty += inner.paragraph(b.detail, x: 12, y: ty, width: boxWidth - 24, size: Layout.smallSize, tone: .muted)
      let h = ty
      c.rect(x: x, y: rowY, w: boxWidth, h: h, fill: .paper, stroke: b.dashed ? .deny : .ink, dashed: b.dashed)
      c.nodes += translated(inner.nodes, x: x, y: rowY)
      if i > 0, i < perRow {
        c.line(
          x1: x - gap + 4, y1: rowY + 26, x2: x - 4, y2: rowY + 26, stroke: b.dashed ? .deny : .allow, dashed: b.dashed,
          arrow: true)
      } else if i > 0, let above = placed.last {
        // Stacked: down from the box above (the mobile layout keeps Internet → tunnel).
        let ax = x + boxWidth / 2
        c.line(x1: ax, y1: above.y + above.h + 3, x2: ax, y2: rowY - 3, stroke: .allow, arrow: true)
      }
      placed.append((x, rowY, boxWidth, h))
      maxH = max(maxH, h)
    }
    return (rowY + maxH - y, placed)
  }

  static func firewallBox(_ c: inout Canvas, _ lab: Lab, y: Double, width: Double) -> Double {
    let policy = lab.firewall.defaultPolicy == .allow ? "allow-by-default" : "deny-by-default"
    let allows = lab.firewall.allow.count
    // The box grows with its wrapped line, so the text never leaves it on a phone.
    var text = Canvas()
    let textHeight = text.paragraph(
      "\(policy) between tiers · \(Words.count(allows, "allow rule"))", x: 14, y: y + 36, width: width - 28,
      size: Layout.smallSize, tone: .muted)
    let h = max(46, 36 + textHeight - 4)
    c.rect(x: 0, y: y, w: width, h: h, fill: .panel, stroke: .ink)
    c.text("Edge firewall", x: 14, y: y + 20, size: 13, bold: true)
    c.nodes += text.nodes
    return h
  }

  /// One card per VLAN, by trust tier: ink border and a solid mark when allowed, a muted border and a dotted mark
  /// when denied; dashed only when the VLAN is planned.
  static func vlanCards(
    _ c: inout Canvas, _ lab: Lab, y: Double, width: Double, audience: Audience,
    cards: inout [String: (x: Double, y: Double, w: Double)], x x0: Double = 0
  ) -> Double {
    let ports = audience == .internal || lab.meta.showPorts
    let postures = Dictionary(lab.postures(ports: ports).map { ($0.vlan, $0) }, uniquingKeysWith: { a, _ in a })
    let gap = 10.0
    let perRow = max(1, Int((width + gap) / (240 + gap)))
    let cardWidth = (width - Double(perRow - 1) * gap) / Double(perRow)
    let vlans = ordered(lab)
    var cy = y
    var index = 0
    while index < vlans.count {
      let row = Array(vlans[index..<min(index + perRow, vlans.count)])
      var drawn: [(Canvas, Double)] = []
      for v in row {
        let p = postures[v.name]
        var card = Canvas()
        card.text(
          (ports ? "VLAN \(v.id) · " : "VLAN · ") + v.trust.rawValue.uppercased(), x: 12, y: 18,
          size: Layout.kickerSize, tone: .muted, spacing: 0.5)
        var ty = 36.0
        ty += card.paragraph(
          v.title ?? v.name, x: 12, y: ty, width: cardWidth - 24, size: 13, tone: v.status.isToday ? .ink : .planned,
          bold: true)
        if let holds = v.holds {
          ty += card.paragraph(holds, x: 12, y: ty, width: cardWidth - 24, size: Layout.smallSize, tone: .muted)
        }
        if audience == .internal, let subnet = v.subnet {
          ty += card.paragraph(
            subnet.description, x: 12, y: ty, width: cardWidth - 24, size: Layout.smallSize, tone: .muted)
        }
        for d in p?.details ?? [] {
          ty += card.paragraph(d, x: 12, y: ty, width: cardWidth - 24, size: Layout.smallSize, tone: .muted)
        }
        ty += 4
        // Toward the focal VLAN: an arrow when allowed, a dotted line stopped by a bar when denied; the focal
        // VLAN itself gets a solid mark.
        switch p?.kind ?? .deny {
        case .focal: card.line(x1: 12, y1: ty - 4, x2: 34, y2: ty - 4, stroke: .accent, width: 3)
        case .allow, .open: card.allowArrow(x: 12, y: ty - 4, length: 22, tone: .allow)
        default: card.blockedArrow(x: 12, y: ty - 4, length: 22, tone: .deny)
        }
        ty += card.paragraph(
          p?.label ?? "", x: 40, y: ty, width: cardWidth - 52, size: Layout.smallSize, tone: v.focal ? .accent : .ink,
          bold: true)
        drawn.append((card, ty))
      }
      let h = drawn.map(\.1).max() ?? 0
      for (i, v) in row.enumerated() {
        let x = x0 + Double(i) * (cardWidth + gap)
        let allowed = [.allow, .focal, .open].contains(postures[v.name]?.kind ?? .deny)
        c.rect(
          x: x, y: cy, w: cardWidth, h: h, fill: v.focal ? .focalPanel : .paper,
          stroke: v.focal ? .accent : (allowed ? .allow : .deny), dashed: !v.status.isToday,
          strokeWidth: v.focal ? 2 : 1)
        c.group(label: "VLAN \(v.title ?? v.name)") { $0.nodes += translated(drawn[i].0.nodes, x: x, y: cy) }
        cards[v.name] = (x, cy, cardWidth)
      }
      cy += h + gap
      index += perRow
    }
    return cy - gap - y
  }
}
