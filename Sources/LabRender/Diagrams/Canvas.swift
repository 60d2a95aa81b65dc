/// Text sizes and widths for laying out diagrams without a font engine.
///
/// Diagram labels use a monospace stack, whose advance is at most 0.62 em in the fonts
/// browsers pick (DejaVu Sans Mono, Menlo, Consolas, SF Mono), so a width computed here
/// is an upper bound and text never runs into its neighbour.
enum Metrics {
  static let advance = 0.62

  /// The rendered width of `s` at `size`, an upper bound.
  static func width(_ s: String, size: Double) -> Double { Double(s.count) * size * advance }

  /// How many characters fit in `width` at `size`.
  static func chars(fitting width: Double, size: Double, spacing: Double = 0) -> Int {
    max(4, Int(width / (size * advance + spacing)))
  }

  /// Breaks `s` into lines of at most `limit` characters, at spaces where possible.
  static func wrap(_ s: String, limit: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in s.split(separator: " ", omittingEmptySubsequences: true) {
      var w = String(word)
      while w.count > limit {
        if !line.isEmpty {
          lines.append(line)
          line = ""
        }
        lines.append(String(w.prefix(limit)))
        w = String(w.dropFirst(limit))
      }
      if line.isEmpty {
        line = w
      } else if line.count + 1 + w.count <= limit {
        line += " " + w
      } else {
        lines.append(line)
        line = w
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.isEmpty ? [""] : balanced(lines, limit: limit)
  }

  /// No orphan: a last line of one word (`×2`, `rules`) takes the word before it down when that fits.
  static func balanced(_ lines: [String], limit: Int) -> [String] {
    guard lines.count >= 2, let last = lines.last, !last.contains(" ") else { return lines }
    var out = lines
    let previous = out[out.count - 2]
    guard let cut = previous.lastIndex(of: " ") else { return lines }
    let moved = String(previous[previous.index(after: cut)...])
    guard moved.count + 1 + last.count <= limit else { return lines }
    out[out.count - 2] = String(previous[..<cut])
    out[out.count - 1] = moved + " " + last
    return out
  }
}

/// The visual role of a shape or label; becomes a CSS class and default presentation attributes.
enum Tone: String, Sendable {
  case ink, muted, accent, planned, line, paper, panel
  case focalPanel = "focal-panel"
  case allow, deny
}

/// A drawing surface that collects SVG nodes in the order they are drawn.
struct Canvas {
  var nodes: [XMLNode] = []

  static let mono = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
  static let sans = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

  /// Light-scheme colours, as presentation attributes, so a standalone .svg looks right;
  /// the page's stylesheet overrides them by class (dark scheme).
  static func colour(_ tone: Tone) -> String {
    switch tone {
    case .ink: "#1c1c1e"
    case .muted: "#6b6b70"
    case .accent: "#c2410c"
    case .planned: "#5f6b7a"
    case .line: "#c9c7c0"
    case .paper: "#fbfaf7"
    case .panel: "#f3f1ec"
    case .focalPanel: "#fbeee6"
    case .allow: "#1c1c1e"
    case .deny: "#5f6b7a"
    }
  }

  enum Anchor: String { case start, middle, end }

  /// A single line of text; `y` is the baseline.
  mutating func text(
    _ s: String, x: Double, y: Double, size: Double = 12, tone: Tone = .ink, anchor: Anchor = .start,
    bold: Bool = false, sans: Bool = false, spacing: Double? = nil
  ) {
    nodes.append(
      .element(
        "text",
        [
          "x": fmt(x), "y": fmt(y), "class": "t-\(tone.rawValue)" + (sans ? " sans" : ""),
          "font-family": sans ? Canvas.sans : nil, "font-size": fmt(size),
          "font-weight": bold ? "600" : nil, "text-anchor": anchor == .start ? nil : anchor.rawValue,
          "letter-spacing": spacing.map(fmt), "fill": Canvas.colour(tone),
        ], [.text(s)]))
  }

  /// A rectangle; `dashed` marks planned or denied things.
  mutating func rect(
    x: Double, y: Double, w: Double, h: Double, fill: Tone = .paper, stroke: Tone = .line,
    dashed: Bool = false, radius: Double = 6, strokeWidth: Double = 1
  ) {
    nodes.append(
      .element(
        "rect",
        [
          "x": fmt(x), "y": fmt(y), "width": fmt(w), "height": fmt(h), "rx": fmt(radius),
          "class": "f-\(fill.rawValue) s-\(stroke.rawValue)", "fill": Canvas.colour(fill),
          "stroke": Canvas.colour(stroke), "stroke-width": fmt(strokeWidth),
          "stroke-dasharray": dashed ? "5 4" : nil,
        ]))
  }

  /// A straight line: solid, dashed (planned) or dotted (denied) — one mark per meaning on every diagram.
  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: Tone = .line, dashed: Bool = false,
    width: Double = 1.5, arrow: Bool = false, dotted: Bool = false
  ) {
    nodes.append(
      .element(
        "line",
        [
          "x1": fmt(x1), "y1": fmt(y1), "x2": fmt(x2), "y2": fmt(y2), "class": "s-\(stroke.rawValue)",
          "stroke": Canvas.colour(stroke), "stroke-width": fmt(width),
          "stroke-dasharray": dotted ? "0.5 4" : dashed ? "6 5" : nil, "stroke-linecap": dotted ? "round" : nil,
        ]))
    if arrow { arrowHead(x: x2, y: y2, fromX: x1, fromY: y1, tone: stroke) }
  }

  /// Allowed toward: a solid line ending in an arrowhead, left to right from (x, y).
  mutating func allowArrow(x: Double, y: Double, length: Double, tone: Tone) {
    line(x1: x, y1: y, x2: x + length, y2: y, stroke: tone, width: 2, arrow: true)
  }

  /// Denied toward: a dotted line stopped by a bar across its end — told from the allow arrow by shape, not
  /// only by colour.
  mutating func blockedArrow(x: Double, y: Double, length: Double, tone: Tone) {
    line(x1: x + 1, y1: y, x2: x + length - 5, y2: y, stroke: tone, width: 2.5, dotted: true)
    line(x1: x + length - 1, y1: y - 5, x2: x + length - 1, y2: y + 5, stroke: tone, width: 2)
  }

  /// A small filled triangle at (x, y) pointing away from (fromX, fromY).
  mutating func arrowHead(x: Double, y: Double, fromX: Double, fromY: Double, tone: Tone) {
    let dx = x - fromX
    let dy = y - fromY
    let len = max((dx * dx + dy * dy).squareRoot(), 0.001)
    let ux = dx / len
    let uy = dy / len
    let size = 7.0
    let bx = x - ux * size
    let by = y - uy * size
    let points = [(x, y), (bx - uy * size / 2, by + ux * size / 2), (bx + uy * size / 2, by - ux * size / 2)]
    nodes.append(
      .element(
        "path",
        [
          "d": "M" + points.map { "\(fmt($0.0)) \(fmt($0.1))" }.joined(separator: " L") + " Z",
          "class": "f-\(tone.rawValue)", "fill": Canvas.colour(tone),
        ]))
  }

  /// A group with an accessible label, holding what `draw` adds.
  mutating func group(label: String? = nil, _ draw: (inout Canvas) -> Void) {
    var inner = Canvas()
    draw(&inner)
    nodes.append(.element("g", ["aria-label": label, "role": label == nil ? nil : "group"], inner.nodes))
  }
}

/// Formats a coordinate without a trailing `.0`, deterministically.
func fmt(_ v: Double) -> String {
  let r = (v * 10).rounded() / 10
  if r == r.rounded() { return String(Int(r)) }
  return String(r)
}
