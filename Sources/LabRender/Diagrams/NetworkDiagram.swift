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
        LegendItem(mark: .stroke(.allow, dashed: false), label: "allow"),
        LegendItem(mark: .stroke(.deny, dashed: true), label: "deny (firewall)"),
        LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal"),
      ],
      footer: "VLAN policy: posture, not addresses")
  }

  static func svg(_ lab: Lab, audience: Audience, width: Double, suffix: String = "", standalone: Bool = false)
    -> XMLNode
  {
    frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      var y = ingress(&c, lab, width: w, ports: audience == .internal || lab.meta.showPorts)
      y += 26
      y += firewallBox(&c, lab, y: y, width: w)
      y += 20
      y += vlanCards(&c, lab, y: y, width: w, audience: audience)
      return y
    }
  }

  /// Internet → tunnel (outbound only) and any port forwards; returns the height used.
  /// Port numbers only when `ports` (the internal audience, or `page.show_ports`).
  static func ingress(_ c: inout Canvas, _ lab: Lab, width: Double, ports: Bool) -> Double {
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
    for f in forwards {
      boxes.append(
        (
          "PORT-FORWARD",
          (ports && !f.ports.isEmpty ? f.ports.map(\.description).joined(separator: ", ") : f.name ?? "inbound")
            + " → \(f.to.joined(separator: ", "))",
          f.note ?? "inbound",
          true, false
        ))
    }
    return boxRow(&c, boxes, y: 0, width: width)
  }

  /// Boxes side by side, wrapping; the first is joined to the others by arrows. Returns the height.
  static func boxRow(
    _ c: inout Canvas, _ boxes: [(kicker: String, title: String, detail: String, dashed: Bool, focal: Bool)], y: Double,
    width: Double
  ) -> Double {
    let gap = 36.0
    let perRow = max(1, min(boxes.count, Int((width + gap) / (200 + gap))))
    let boxWidth = (width - Double(perRow - 1) * gap) / Double(perRow)
    var rowY = y
    var maxH = 0.0
    for (i, b) in boxes.enumerated() {
      if i > 0, i % perRow == 0 {
        rowY += maxH + 18
        maxH = 0
      }
      let x = Double(i % perRow) * (boxWidth + gap)
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
      }
      maxH = max(maxH, h)
    }
    return rowY + maxH - y
  }

  static func firewallBox(_ c: inout Canvas, _ lab: Lab, y: Double, width: Double) -> Double {
    let policy = lab.firewall.defaultPolicy == .allow ? "allow-by-default" : "deny-by-default"
    let allows = lab.firewall.allow.count
    c.line(x1: width / 2, y1: y - 22, x2: width / 2, y2: y - 2, stroke: .allow, arrow: true)
    c.rect(x: 0, y: y, w: width, h: 46, fill: .panel, stroke: .ink)
    c.text("Edge firewall", x: 14, y: y + 20, size: 13, bold: true)
    c.paragraph(
      "\(policy) between tiers · \(Words.count(allows, "allow rule"))", x: 14, y: y + 36, width: width - 28,
      size: Layout.smallSize, tone: .muted)
    return 46
  }

  /// One card per VLAN, by trust tier, its border solid (allowed) or dashed (denied).
  static func vlanCards(_ c: inout Canvas, _ lab: Lab, y: Double, width: Double, audience: Audience) -> Double {
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
        let allowed = [.allow, .focal, .open].contains(p?.kind ?? .deny)
        card.line(x1: 12, y1: ty - 4, x2: 34, y2: ty - 4, stroke: allowed ? .allow : .deny, dashed: !allowed, width: 2)
        ty += card.paragraph(
          p?.label ?? "", x: 40, y: ty, width: cardWidth - 52, size: Layout.smallSize, tone: v.focal ? .accent : .ink,
          bold: true)
        drawn.append((card, ty))
      }
      let h = drawn.map(\.1).max() ?? 0
      for (i, v) in row.enumerated() {
        let x = Double(i) * (cardWidth + gap)
        let allowed = [.allow, .focal, .open].contains(postures[v.name]?.kind ?? .deny)
        c.rect(
          x: x, y: cy, w: cardWidth, h: h, fill: v.focal ? .focalPanel : .paper,
          stroke: v.focal ? .accent : (allowed ? .allow : .deny), dashed: !allowed || !v.status.isToday,
          strokeWidth: v.focal ? 2 : 1)
        c.group(label: "VLAN \(v.title ?? v.name)") { $0.nodes += translated(drawn[i].0.nodes, x: x, y: cy) }
      }
      cy += h + gap
      index += perRow
    }
    return cy - gap - y
  }
}
