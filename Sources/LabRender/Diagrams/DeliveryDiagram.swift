import LabModel

/// Diagram 02: how a commit becomes a pod, from `delivery.stages`.
enum DeliveryDiagram {
  /// A stage as drawn: kind label, title, detail (the target's computed from its cluster).
  struct Box {
    var kicker: String
    var title: String
    var detail: String?
    var focal: Bool
    var edge: String?
  }

  /// True when every stage is a bare name (`stages: [commit, build, deploy]`): no titles, kinds or edges given.
  static func bare(_ lab: Lab) -> Bool {
    guard let d = lab.delivery, !d.stages.isEmpty else { return false }
    return d.stages.allSatisfy { $0.title == $0.name && $0.kind == .step && $0.edge == nil && $0.detail == nil }
  }

  static func boxes(_ lab: Lab) -> [Box] {
    guard let d = lab.delivery else { return [] }
    if bare(lab) {
      // Bare names still read as a flow: titled, the first an input, the last the target, the one before it focal
      // (what reconciles the target), every arrow the primary flow.
      let n = d.stages.count
      return d.stages.enumerated().map { i, s in
        let kind: StageKind = i == 0 ? .input : i == n - 1 ? .target : (n >= 3 && i == n - 2) ? .focal : .step
        return Box(
          kicker: kind == .target ? "TARGET" : kind.rawValue.uppercased(),
          title: s.name.prefix(1).uppercased() + s.name.dropFirst(), detail: nil, focal: kind == .focal, edge: nil)
      }
    }
    return d.stages.map { s in
      var detail = s.detail
      if let name = s.cluster, let cluster = lab.cluster(named: name) {
        let nodes = lab.nodes(of: cluster, at: .today)
        let physical = !nodes.isEmpty && nodes.allSatisfy { lab.machine(named: $0.name)?.kind == .physical }
        var parts = ["\(nodes.count)× \(physical ? "bare-metal" : "node")"]
        if let promo = d.promotion[name] { parts.append(promo == .pullRequest ? "PR-gated" : "auto") }
        if let given = s.detail { parts.append(given) } else { parts.append("rolling") }
        detail = parts.joined(separator: " · ")
      }
      return Box(
        kicker: s.kind == .target ? "TARGET" : s.kind.rawValue.uppercased(), title: s.title, detail: detail,
        focal: s.kind == .focal, edge: s.edge)
    }
  }

  static func frame(_ lab: Lab) -> DiagramFrame {
    let b = boxes(lab)
    let d = lab.delivery
    return DiagramFrame(
      id: "delivery", title: "GitOps deployment flow",
      subtitle: ([Words.count(b.count, "stage")]
        + (d?.promotion.sorted { $0.key < $1.key }.map {
          "\($0.key): \($0.value == .pullRequest ? "promotion PR" : "auto")"
        }
          ?? []))
        .joined(separator: " · "),
      description: "A commit travels through "
        + b.map { "\($0.title)\($0.detail.map { " (\($0))" } ?? "")" }.joined(separator: ", then ")
        + ".",
      legend: [
        LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal"),
        LegendItem(mark: .stroke(.allow, dashed: false), label: "flow · primary"),
        LegendItem(mark: .stroke(.deny, dashed: true), label: "async"),
      ],
      footer: "Source of truth: app CI + " + (d?.gitopsRepo.map { "\(repoName($0)) GitOps repo" } ?? "GitOps repo"))
  }

  /// The repository's own name, without its owner (`OWNER/homelab` → `homelab`): the page names no account.
  static func repoName(_ repo: String) -> String {
    repo.split(separator: "/").last.map(String.init) ?? repo
  }

  static func svg(_ lab: Lab, width: Double, suffix: String = "", standalone: Bool = false) -> XMLNode {
    let stages = boxes(lab)
    let flowOnly = bare(lab)
    let registry = lab.delivery?.stages.first { $0.kind == .store }?.title
    return frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      // Size every box to its text, then pack rows; gaps fit the edge label between two boxes.
      // Each line measured at the size it is drawn at: title 13, detail 11.5, kicker 11.5 letter-spaced.
      let boxWidths = stages.map { b in
        let widths = [
          Metrics.width(b.title, size: 13), Metrics.width(b.detail ?? "", size: Layout.smallSize),
          Metrics.width(b.kicker, size: Layout.kickerSize) + 0.6 * Double(b.kicker.count),
        ]
        return min(w, 300, max(120, widths.max()! + 24))
      }
      let gaps = stages.map { b in max(40, Metrics.width(b.edge ?? "", size: Layout.kickerSize) + 20) }
      var rows: [[Int]] = [[]]
      var rowWidth = 0.0
      for i in stages.indices {
        let need = (rows[rows.count - 1].isEmpty ? 0 : gaps[i - 1]) + boxWidths[i]
        if !rows[rows.count - 1].isEmpty, rowWidth + need > w {
          rows.append([])
          rowWidth = 0
        }
        rowWidth += rows[rows.count - 1].isEmpty ? boxWidths[i] : need
        rows[rows.count - 1].append(i)
      }
      // Titles and details wrap inside their box; every box gets the tallest box's height.
      func lines(_ i: Int) -> (title: [String], detail: [String]) {
        let b = stages[i]
        return (
          Metrics.wrap(b.title, limit: Metrics.chars(fitting: boxWidths[i] - 24, size: 13)),
          b.detail.map { Metrics.wrap($0, limit: Metrics.chars(fitting: boxWidths[i] - 24, size: Layout.smallSize)) }
            ?? []
        )
      }
      let boxHeight =
        stages.indices.map { i in
          let l = lines(i)
          return 46 + Double(l.title.count - 1) * 17.5 + Double(l.detail.count) * 14.2
        }.max() ?? 64
      let rowGap = 46.0
      var positions: [(x: Double, y: Double)] = Array(repeating: (0, 0), count: stages.count)
      for (r, row) in rows.enumerated() {
        var x = 0.0
        for i in row {
          positions[i] = (x, Double(r) * (boxHeight + rowGap))
          x += boxWidths[i] + (i < gaps.count ? gaps[i] : 0)
        }
      }
      for (i, b) in stages.enumerated() {
        let (x, y) = positions[i]
        var inner = Canvas()
        inner.text(
          b.kicker, x: 12, y: 17, size: Layout.kickerSize, tone: b.focal ? .accent : .muted, bold: true, spacing: 0.6)
        var ty = 36.0
        let (titleLines, detailLines) = lines(i)
        for line in titleLines {
          inner.text(line, x: 12, y: ty, size: 13, bold: true)
          ty += 17.5
        }
        ty -= 0.5
        for line in detailLines {
          inner.text(line, x: 12, y: ty, size: Layout.smallSize, tone: .muted)
          ty += 14.2
        }
        c.rect(
          x: x, y: y, w: boxWidths[i], h: boxHeight, fill: b.focal ? .focalPanel : .paper,
          stroke: b.focal ? .accent : .ink,
          strokeWidth: b.focal ? 2 : 1)
        c.group(label: "\(b.kicker.lowercased()) \(b.title)") { $0.nodes += translated(inner.nodes, x: x, y: y) }
        guard i + 1 < stages.count else { continue }
        let next = positions[i + 1]
        let async = b.edge == nil && !flowOnly
        if next.y == y {
          let x1 = x + boxWidths[i] + 3
          let x2 = next.x - 3
          c.line(
            x1: x1, y1: y + boxHeight / 2, x2: x2, y2: y + boxHeight / 2, stroke: async ? .deny : .allow, dashed: async,
            arrow: true)
          if let e = b.edge {
            c.text(
              e, x: (x1 + x2) / 2, y: y + boxHeight / 2 - 7, size: Layout.kickerSize, tone: .muted, anchor: .middle,
              bold: true,
              spacing: 0.4)
          }
        } else {
          // Down from this box, back to the start of the next row, down into the next box.
          let sx = x + boxWidths[i] / 2
          let midY = y + boxHeight + rowGap / 2
          let ex = next.x + boxWidths[i + 1] / 2
          c.line(x1: sx, y1: y + boxHeight + 3, x2: sx, y2: midY, stroke: async ? .deny : .allow, dashed: async)
          c.line(x1: sx, y1: midY, x2: ex, y2: midY, stroke: async ? .deny : .allow, dashed: async)
          c.line(x1: ex, y1: midY, x2: ex, y2: next.y - 3, stroke: async ? .deny : .allow, dashed: async, arrow: true)
          if let e = b.edge {
            c.text(e, x: ex + 8, y: midY - 6, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
          }
        }
      }
      var height = (positions.map(\.y).max() ?? 0) + boxHeight
      if let last = stages.last, let edge = last.edge, let (x, y) = positions.last {
        let note = "\(edge) ← \(registry ?? "registry")"
        c.line(x1: x + 12, y1: y + boxHeight + 4, x2: x + 12, y2: y + boxHeight + 16, stroke: .deny, dashed: true)
        c.text(note, x: x + 18, y: y + boxHeight + 17, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
        height += 22
      }
      return stages.isEmpty ? 0 : height
    }
  }
}
