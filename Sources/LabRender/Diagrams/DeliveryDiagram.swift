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
      description: description(lab, b),
      legend: [
        LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal"),
        LegendItem(mark: .stroke(.allow, dashed: false), label: "flow · primary"),
      ] + (hasAsync(lab) ? [LegendItem(mark: .stroke(.muted, dashed: false), label: "async · thin, unlabelled")] : []),
      footer: "Source of truth: app CI + " + (d?.gitopsRepo.map { "\(repoName($0)) GitOps repo" } ?? "GitOps repo"))
  }

  /// "A commit travels through A, then B … C. B publishes to the registry, which C pulls from."
  static func description(_ lab: Lab, _ b: [Box]) -> String {
    let kinds = lab.delivery?.stages.map(\.kind) ?? []
    let store = bare(lab) ? nil : kinds.indices.first { kinds[$0] == .store && $0 > 0 && $0 < kinds.count - 1 }
    let flow = b.indices.filter { $0 != store }.map { b[$0] }
    var text =
      "A commit travels through "
      + flow.map { "\($0.title)\($0.detail.map { " (\($0))" } ?? "")" }.joined(separator: ", then ") + "."
    if let s = store, let target = flow.last {
      text += " \(b[s - 1].title) publishes to \(b[s].title), which \(target.title) pulls from."
    }
    return text
  }

  /// True when some arrow is async: a stage with no `edge` label that is not a registry branch (bare-name stages
  /// are all primary flow).
  static func hasAsync(_ lab: Lab) -> Bool {
    guard let stages = lab.delivery?.stages, !bare(lab) else { return false }
    return stages.indices.dropLast().contains { i in
      stages[i].edge == nil && stages[i].kind != .store && !(i + 1 < stages.count && stages[i + 1].kind == .store)
    }
  }

  /// The repository's own name, without its owner (`OWNER/homelab` → `homelab`): the page names no account.
  static func repoName(_ repo: String) -> String {
    repo.split(separator: "/").last.map(String.init) ?? repo
  }

  static func svg(_ lab: Lab, width: Double, suffix: String = "", standalone: Bool = false) -> XMLNode {
    let stages = boxes(lab)
    let flowOnly = bare(lab)
    let kinds = lab.delivery?.stages.map(\.kind) ?? []
    // A registry between two stages is a branch, not a step: the stage before it publishes to it and hands on to
    // the stage after it; the target pulls from it. It sits below the flow, never in the line of arrows.
    let store = kinds.indices.first { kinds[$0] == .store && $0 > 0 && $0 < kinds.count - 1 && !flowOnly }
    let flow = stages.indices.filter { $0 != store }
    return frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      // Size every box to its text, then pack rows; gaps fit the edge label between two boxes.
      // Each line measured at the size it is drawn at: title 13, detail 11.5, kicker 11.5 letter-spaced.
      var boxWidths = stages.map { b in
        let widths = [
          Metrics.width(b.title, size: 13), Metrics.width(b.detail ?? "", size: Layout.smallSize),
          Metrics.width(b.kicker, size: Layout.kickerSize) + 0.6 * Double(b.kicker.count),
        ]
        return min(w, 300, max(120, widths.max()! + 24))
      }
      let gaps = stages.map { b in max(40, Metrics.width(b.edge ?? "", size: Layout.kickerSize) + 20) }
      // One row when the boxes fit at no less than 120 wide each (their text wraps); else rows that wrap.
      let flowGaps = flow.dropLast().reduce(0.0) { $0 + gaps[$1] }
      let natural = flow.reduce(0.0) { $0 + boxWidths[$1] } + flowGaps
      if natural > w, (w - flowGaps) / Double(flow.count) >= 120 {
        let each = (w - flowGaps) / Double(flow.count)
        for i in flow { boxWidths[i] = min(boxWidths[i], each) }
        let spare = w - flowGaps - flow.reduce(0.0) { $0 + boxWidths[$1] }
        if spare > 0 { for i in flow { boxWidths[i] += spare / Double(flow.count) } }
      }
      if let s = store, let first = flow.first { boxWidths[s] = min(boxWidths[s], max(boxWidths[first], 120)) }
      var rows: [[Int]] = [[]]
      var rowWidth = 0.0
      for (k, i) in flow.enumerated() {
        let need = (rows[rows.count - 1].isEmpty ? 0 : gaps[flow[k - 1]]) + boxWidths[i]
        if !rows[rows.count - 1].isEmpty, rowWidth + need > w + 0.01 {
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
          x += boxWidths[i] + gaps[i]
        }
      }
      if let s = store {
        // Below the flow, under the stage that publishes to it.
        let x = min(positions[s - 1].x, w - boxWidths[s])
        positions[s] = (x, Double(rows.count) * (boxHeight + rowGap) + 8)
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
      }
      for (k, i) in flow.enumerated().dropLast() {
        let b = stages[i]
        let next = flow[k + 1]
        arrow(
          &c, from: positions[i], width: boxWidths[i], to: positions[next], width: boxWidths[next],
          boxHeight: boxHeight, rowGap: rowGap, label: b.edge, async: b.edge == nil && !flowOnly)
      }
      var height = (positions.map(\.y).max() ?? 0) + boxHeight
      if let s = store {
        branch(
          &c, publisher: s - 1, store: s, target: flow.last, stages: stages, positions: positions, widths: boxWidths,
          boxHeight: boxHeight, w: w)
        height += 6
      } else if let last = stages.last, let edge = last.edge, let (x, y) = positions.last {
        let registry = lab.delivery?.stages.first { $0.kind == .store }?.title
        let note = "\(edge) ← \(registry ?? "registry")"
        c.line(x1: x + 12, y1: y + boxHeight + 4, x2: x + 12, y2: y + boxHeight + 16, stroke: .allow)
        c.text(note, x: x + 18, y: y + boxHeight + 17, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
        height += 22
      }
      return stages.isEmpty ? 0 : height
    }
  }

  /// The primary flow from one box to the next: straight along a row, or down, back and down into the next row.
  static func arrow(
    _ c: inout Canvas, from a: (x: Double, y: Double), width aw: Double, to b: (x: Double, y: Double), width bw: Double,
    boxHeight: Double, rowGap: Double, label: String?, async: Bool
  ) {
    let stroke: Tone = async ? .muted : .allow
    if b.y == a.y {
      let x1 = a.x + aw + 3
      let x2 = b.x - 3
      c.line(
        x1: x1, y1: a.y + boxHeight / 2, x2: x2, y2: a.y + boxHeight / 2, stroke: stroke, width: async ? 1 : 1.5,
        arrow: true)
      if let e = label {
        c.text(
          e, x: (x1 + x2) / 2, y: a.y + boxHeight / 2 - 7, size: Layout.kickerSize, tone: .muted, anchor: .middle,
          bold: true, spacing: 0.4)
      }
      return
    }
    let sx = a.x + aw / 2
    let midY = a.y + boxHeight + rowGap / 2
    let ex = b.x + bw / 2
    c.line(x1: sx, y1: a.y + boxHeight + 3, x2: sx, y2: midY, stroke: stroke)
    c.line(x1: sx, y1: midY, x2: ex, y2: midY, stroke: stroke)
    c.line(x1: ex, y1: midY, x2: ex, y2: b.y - 3, stroke: stroke, arrow: true)
    if let e = label {
      c.text(e, x: ex + 8, y: midY - 6, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
    }
  }

  /// The registry's two edges: the publishing stage down into it, and the target's pull (its `edge`, `PULL`) into it.
  static func branch(
    _ c: inout Canvas, publisher p: Int, store s: Int, target t: Int?, stages: [Box],
    positions: [(x: Double, y: Double)],
    widths: [Double], boxHeight: Double, w: Double
  ) {
    let store = positions[s]
    let storeTop = store.y - 3
    let lastRowY = positions.enumerated().filter { $0.offset != s }.map(\.element.y).max() ?? 0
    // Publish: straight down when the publisher is on the last row of the flow, else along the right-hand lane.
    let px = max(positions[p].x, store.x) + 18
    if positions[p].y == lastRowY {
      c.line(x1: px, y1: positions[p].y + boxHeight + 3, x2: px, y2: storeTop, stroke: .allow, arrow: true)
      c.text("PUBLISH", x: px + 8, y: storeTop - 10, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
    } else {
      let lane = w - 6
      let y1 = positions[p].y + boxHeight / 2
      c.line(x1: positions[p].x + widths[p] + 3, y1: y1, x2: lane, y2: y1, stroke: .allow)
      c.line(x1: lane, y1: y1, x2: lane, y2: store.y + boxHeight / 2, stroke: .allow)
      c.line(
        x1: lane, y1: store.y + boxHeight / 2, x2: store.x + widths[s] + 3, y2: store.y + boxHeight / 2, stroke: .allow,
        arrow: true)
      c.text(
        "PUBLISH", x: positions[p].x + widths[p] + 10, y: y1 - 6, size: Layout.kickerSize, tone: .muted, bold: true,
        spacing: 0.4)
    }
    // Pull: from the target back to the registry, a real arrow.
    guard let t, t != p else { return }
    let target = positions[t]
    let tx = target.x + widths[t] / 2
    let sx = store.x + widths[s] - 18
    let midY = (target.y + boxHeight + storeTop) / 2
    let label = stages[t].edge ?? "PULL"
    if abs(tx - sx) < 1 || (tx > store.x + 24 && tx < store.x + widths[s] - 12) {
      c.line(x1: tx, y1: target.y + boxHeight + 3, x2: tx, y2: storeTop, stroke: .allow, arrow: true)
      c.text(label, x: tx + 8, y: midY + 4, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
    } else {
      c.line(x1: tx, y1: target.y + boxHeight + 3, x2: tx, y2: midY, stroke: .allow)
      c.line(x1: tx, y1: midY, x2: sx, y2: midY, stroke: .allow)
      c.line(x1: sx, y1: midY, x2: sx, y2: storeTop, stroke: .allow, arrow: true)
      c.text(label, x: tx + 8, y: midY - 6, size: Layout.kickerSize, tone: .muted, bold: true, spacing: 0.4)
    }
  }
}
