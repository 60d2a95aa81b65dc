/// A labelled pill in a diagram; planned chips are dashed and muted.
struct Chip: Sendable {
  var text: String
  var planned: Bool = false
  var focal: Bool = false
}

extension Canvas {
  /// Draws chips left to right from (x, y), wrapping to new rows within `width`;
  /// a chip too wide for a row wraps its own text. Returns the height used.
  @discardableResult
  mutating func chips(_ chips: [Chip], x: Double, y: Double, width: Double, size: Double = Layout.labelSize)
    -> Double
  {
    guard !chips.isEmpty else { return 0 }
    let pad = 8.0
    let gap = 6.0
    let lineHeight = size * 1.35
    let limit = Metrics.chars(fitting: width - 2 * pad, size: size)
    var cx = x
    var cy = y
    var rowHeight = 0.0
    for chip in chips {
      let lines = Metrics.wrap(chip.text, limit: limit)
      let w = (lines.map { Metrics.width($0, size: size) }.max() ?? 0) + 2 * pad
      let h = Double(lines.count) * lineHeight + 10
      if cx > x, cx + w > x + width {
        cx = x
        cy += rowHeight + gap
        rowHeight = 0
      }
      rect(
        x: cx, y: cy, w: w, h: h, fill: chip.focal ? .focalPanel : .paper,
        stroke: chip.planned ? .planned : (chip.focal ? .accent : .line), dashed: chip.planned,
        radius: h / 2 > 12 ? 8 : h / 2)
      for (i, line) in lines.enumerated() {
        text(
          line, x: cx + pad, y: cy + 5 + size + Double(i) * lineHeight - 1, size: size,
          tone: chip.planned ? .planned : .ink)
      }
      cx += w + gap
      rowHeight = max(rowHeight, h)
    }
    return cy + rowHeight - y
  }

  /// Draws wrapped lines of text from baseline `y`; returns the height used.
  @discardableResult
  mutating func paragraph(
    _ s: String, x: Double, y: Double, width: Double, size: Double, tone: Tone = .ink, bold: Bool = false,
    spacing: Double? = nil
  ) -> Double {
    let lines = Metrics.wrap(s, limit: Metrics.chars(fitting: width, size: size, spacing: spacing ?? 0))
    for (i, line) in lines.enumerated() {
      text(line, x: x, y: y + Double(i) * size * 1.35, size: size, tone: tone, bold: bold, spacing: spacing)
    }
    return Double(lines.count) * size * 1.35
  }
}
