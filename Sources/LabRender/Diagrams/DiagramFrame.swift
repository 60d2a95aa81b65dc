/// One entry of a diagram's legend.
struct LegendItem: Sendable {
  enum Mark: Sendable {
    /// A small box, as the diagram draws things of this kind.
    case box(fill: Tone, stroke: Tone, dashed: Bool)
    /// A short line: solid (allow, flow) or dashed (planned).
    case stroke(Tone, dashed: Bool)
    /// A short dotted line: denied by the firewall.
    case dotted(Tone)
    /// A short solid arrow: allowed toward (the focal VLAN).
    case arrow(Tone)
    /// A short dotted line stopped by a bar: denied toward.
    case blocked(Tone)
    /// A short badge text such as `×N`.
    case badge(String, Tone)
  }

  var mark: Mark
  var label: String
}

/// What every diagram has around its body: title, subtitle, description, legend, footer.
struct DiagramFrame: Sendable {
  /// Stable identifier: `layers`, `delivery`, `hardware`, `network`, `ha`.
  var id: String
  var title: String
  var subtitle: String
  /// The accessible description: what the diagram shows, in a sentence or two.
  var description: String
  var legend: [LegendItem]
  /// The footer line in capitals, e.g. `SOURCE OF TRUTH: …`.
  var footer: String
}

/// Page geometry shared by the diagrams.
enum Layout {
  static let margin = 28.0
  static let headerHeight = 84.0
  static let titleSize = 18.0
  static let labelSize = 12.0
  /// The smallest text a diagram draws. The page shows the wide rendering from 1024 px and the narrow one below,
  /// so the drawing is never scaled below 0.98×: 11.5 stays above the 11 CSS px floor the browser test enforces.
  static let smallSize = 11.5
  /// Kicker lines (`FOCAL`, `VLAN · TRUSTED`), letter-spaced capitals: no smaller than the rest.
  static let kickerSize = 11.5
}

extension DiagramFrame {
  /// The finished `<svg>`: frame around a body drawn by `body` into `width` × (its returned height).
  /// `suffix` keeps ids unique when one page holds several renderings of the same diagram.
  func svg(width: Double, suffix: String = "", standalone: Bool = false, body: (inout Canvas, Double) -> Double)
    -> XMLNode
  {
    let m = width < 640 ? 16 : Layout.margin
    var canvas = Canvas()
    let inner = width - 2 * m
    // Header.
    let titleLines = Metrics.wrap(title, limit: Metrics.chars(fitting: inner, size: Layout.titleSize * 0.95))
    var y = m + Layout.titleSize
    for line in titleLines {
      canvas.text(line, x: m, y: y, size: Layout.titleSize, bold: true, sans: true)
      y += Layout.titleSize * 1.3
    }
    for line in Metrics.wrap(
      subtitle.uppercased(), limit: Metrics.chars(fitting: inner, size: Layout.smallSize, spacing: 0.6))
    {
      canvas.text(line, x: m, y: y, size: Layout.smallSize, tone: .muted, spacing: 0.6)
      y += Layout.smallSize * 1.5
    }
    y += 14
    // Body.
    var drawn = Canvas()
    let bodyHeight = body(&drawn, inner)
    canvas.nodes.append(.element("g", ["transform": "translate(\(fmt(m)) \(fmt(y)))"], drawn.nodes))
    y += bodyHeight + 22
    // Legend.
    canvas.line(x1: m, y1: y - 10, x2: width - m, y2: y - 10, stroke: .line, width: 1)
    y = legendBlock(&canvas, x: m, y: y + 8, width: inner)
    // Footer.
    for line in Metrics.wrap(
      footer.uppercased(), limit: Metrics.chars(fitting: inner, size: Layout.smallSize, spacing: 0.6))
    {
      y += Layout.smallSize * 1.6
      canvas.text(line, x: m, y: y, size: Layout.smallSize, tone: .muted, spacing: 0.6)
    }
    let height = y + m
    let titleID = "\(id)\(suffix)-title"
    let descID = "\(id)\(suffix)-desc"
    let children: [XMLNode] =
      [
        .element("title", ["id": titleID], [.text(title)]),
        .element("desc", ["id": descID], [.text(description)]),
        .element(
          "rect",
          ["width": fmt(width), "height": fmt(height), "class": "f-paper", "fill": Canvas.colour(.paper)]),
      ] + canvas.nodes
    return .element(
      "svg",
      [
        "xmlns": standalone ? "http://www.w3.org/2000/svg" : nil, "viewBox": "0 0 \(fmt(width)) \(fmt(height))",
        "width": standalone ? fmt(width) : nil, "height": standalone ? fmt(height) : nil,
        "role": "img", "aria-labelledby": "\(titleID) \(descID)", "class": "diagram", "font-family": Canvas.mono,
      ], standalone ? children : children.map { $0.withoutPresentationColours() })
  }

  /// Draws the legend as wrapped rows; returns the baseline of the last row.
  private func legendBlock(_ c: inout Canvas, x: Double, y: Double, width: Double) -> Double {
    let size = Layout.smallSize
    var cx = x + Metrics.width("LEGEND", size: size) + 18
    var cy = y
    c.text("LEGEND", x: x, y: cy, size: size, tone: .muted, bold: true, spacing: 0.6)
    for item in legend {
      let markWidth: Double
      switch item.mark {
      case .badge(let text, _): markWidth = Metrics.width(text, size: size) + 4
      default: markWidth = 22
      }
      let itemWidth = markWidth + 6 + Metrics.width(item.label, size: size) + 18
      if cx + itemWidth > x + width, cx > x + 90 {
        cx = x + Metrics.width("LEGEND", size: size) + 18
        cy += size * 1.9
      }
      switch item.mark {
      case .box(let fill, let stroke, let dashed):
        c.rect(x: cx, y: cy - 9, w: 20, h: 11, fill: fill, stroke: stroke, dashed: dashed, radius: 2)
      case .stroke(let tone, let dashed):
        c.line(x1: cx, y1: cy - 4, x2: cx + 20, y2: cy - 4, stroke: tone, dashed: dashed, width: 2)
      case .dotted(let tone):
        c.line(x1: cx + 1, y1: cy - 4, x2: cx + 20, y2: cy - 4, stroke: tone, width: 2.5, dotted: true)
      case .arrow(let tone):
        c.allowArrow(x: cx, y: cy - 4, length: 20, tone: tone)
      case .blocked(let tone):
        c.blockedArrow(x: cx, y: cy - 4, length: 20, tone: tone)
      case .badge(let text, let tone):
        c.text(text, x: cx, y: cy, size: size, tone: tone, bold: true)
      }
      c.text(item.label, x: cx + markWidth + 6, y: cy, size: size, tone: .muted)
      cx += itemWidth
    }
    return cy
  }
}
