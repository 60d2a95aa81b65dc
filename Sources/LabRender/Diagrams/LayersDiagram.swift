import LabModel

/// Diagram 01: the L1–L5 stack, the focal layer highlighted.
enum LayersDiagram {
  static func frame(_ lab: Lab) -> DiagramFrame {
    let stack = lab.layerStack
    let focal = stack.first(where: \.focal)
    return DiagramFrame(
      id: "layers", title: "\(lab.meta.name) platform stack",
      subtitle: "\(Words.capitalized(stack.count)) layers · infrastructure → workloads",
      description:
        "\(Words.capitalized(stack.count)) abstraction layers from \(stack.first?.title ?? "hardware") up to "
        + "\(stack.last?.title ?? "workloads"). "
        + (focal.map { "\($0.title) is highlighted as the focal layer. " } ?? "")
        + stack.map {
          "\($0.label) \($0.title): \($0.items.isEmpty ? "none declared" : $0.items.map(\.text).joined(separator: ", "))."
        }.joined(
          separator: " "),
      legend: [
        LegendItem(mark: .box(fill: .focalPanel, stroke: .accent, dashed: false), label: "focal layer"),
        LegendItem(mark: .box(fill: .panel, stroke: .line, dashed: false), label: "abstraction layer"),
      ]
        + (stack.contains { $0.items.contains(where: \.planned) }
          ? [LegendItem(mark: .box(fill: .paper, stroke: .planned, dashed: true), label: "planned")] : []),
      footer: "Source of truth: declarative inventory + cluster configs")
  }

  static func svg(_ lab: Lab, width: Double, suffix: String = "", standalone: Bool = false) -> XMLNode {
    let stack = lab.layerStack
    return frame(lab).svg(width: width, suffix: suffix, standalone: standalone) { c, w in
      let stacked = w < 640
      let leftWidth = stacked ? w - 28 : min(230, w * 0.38)
      let pad = 14.0
      var y = 0.0
      // Top of the stack first on screen: workloads above infrastructure.
      for row in stack.reversed() {
        var left = Canvas()
        var ly = pad + 13
        left.text(row.label, x: pad, y: ly, size: 13, tone: row.focal ? .accent : .muted, bold: true)
        let titleX = pad + Metrics.width(row.label, size: 13) + 10
        ly += left.paragraph(row.title, x: titleX, y: ly, width: leftWidth - titleX - 8, size: 13, bold: true) - 13
        if let sub = row.subtitle {
          ly +=
            6
            + left.paragraph(
              sub, x: titleX, y: ly + 17, width: leftWidth - titleX - 8, size: Layout.smallSize, tone: .muted)
        }
        var right = Canvas()
        let chipsX = stacked ? pad : leftWidth
        let chipsY = stacked ? ly + 12 : pad
        let chipsHeight = right.chips(
          row.items.map { Chip(text: $0.text, planned: $0.planned, focal: false) }, x: chipsX, y: chipsY,
          width: w - chipsX - pad)
        let h = max(ly + pad, chipsY + chipsHeight + pad)
        c.rect(
          x: 0, y: y, w: w, h: h, fill: row.focal ? .focalPanel : .panel, stroke: row.focal ? .accent : .line,
          radius: 8, strokeWidth: row.focal ? 2 : 1)
        c.group(label: "\(row.label) \(row.title)") { g in
          g.nodes += translated(left.nodes + right.nodes, y: y)
        }
        y += h + 8
      }
      return y - 8
    }
  }
}

/// Wraps nodes in a group moved down by `y`.
func translated(_ nodes: [XMLNode], x: Double = 0, y: Double) -> [XMLNode] {
  [.element("g", ["transform": "translate(\(fmt(x)) \(fmt(y)))"], nodes)]
}
