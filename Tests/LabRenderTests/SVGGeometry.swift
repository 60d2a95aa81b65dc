import Foundation
import LabModel

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads an SVG with Foundation's XMLParser: checks it is well-formed and collects every
/// `<text>`'s box (translations applied), to test that no two labels overlap.
final class SVGGeometry: NSObject, XMLParserDelegate {
  struct Label: CustomStringConvertible {
    var text: String
    var minX, minY, maxX, maxY: Double
    var description: String { "'\(text)' [\(Int(minX)),\(Int(minY))–\(Int(maxX)),\(Int(maxY))]" }

    func overlaps(_ o: Label) -> Bool {
      minX < o.maxX - 0.5 && o.minX < maxX - 0.5 && minY < o.maxY - 0.5 && o.minY < maxY - 0.5
    }
  }

  var labels: [Label] = []
  var width = 0.0
  var height = 0.0
  var hasTitle = false
  var hasDesc = false
  var error: (any Error)?
  private var offsets: [(Double, Double)] = [(0, 0)]
  private var current: (attrs: [String: String], text: String)?
  private var element: String?
  /// Monospace advance of the fonts browsers pick (DejaVu Sans Mono: 0.602 em).
  static let advance = 0.6

  /// Parses `svg`; nil and a recorded error when it is not well-formed XML.
  static func parse(_ svg: String) -> SVGGeometry {
    var text = svg
    if !text.contains("xmlns=") {
      text = text.replacingOccurrences(of: "<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ")
    }
    let g = SVGGeometry()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = g
    if !parser.parse() { g.error = g.error ?? parser.parserError ?? NSError(domain: "svg", code: 1) }
    return g
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    element = name
    let (ox, oy) = offsets.last ?? (0, 0)
    switch name {
    case "svg":
      let box = (attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
      if box.count == 4 { (width, height) = (box[2], box[3]) }
      offsets.append((ox, oy))
    case "g":
      var (dx, dy) = (0.0, 0.0)
      if let t = attributes["transform"], t.hasPrefix("translate(") {
        let nums = t.dropFirst("translate(".count).dropLast().split(separator: " ").compactMap { Double($0) }
        if nums.count == 2 { (dx, dy) = (nums[0], nums[1]) }
      }
      offsets.append((ox + dx, oy + dy))
    case "text":
      current = (attributes, "")
    case "title": hasTitle = true
    case "desc": hasDesc = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    error = error ?? parseError
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if current != nil { current?.text += string }
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "svg" || name == "g" { offsets.removeLast() }
    guard name == "text", let (attrs, text) = current else { return }
    current = nil
    let (ox, oy) = offsets.last ?? (0, 0)
    let size = Double(attrs["font-size"] ?? "12") ?? 12
    let spacing = Double(attrs["letter-spacing"] ?? "0") ?? 0
    let w = Double(text.count) * (size * Self.advance + spacing)
    let x = ox + (Double(attrs["x"] ?? "0") ?? 0)
    let y = oy + (Double(attrs["y"] ?? "0") ?? 0)
    let minX: Double
    switch attrs["text-anchor"] {
    case "middle": minX = x - w / 2
    case "end": minX = x - w
    default: minX = x
    }
    labels.append(Label(text: text, minX: minX, minY: y - size * 0.78, maxX: minX + w, maxY: y + size * 0.22))
  }

  /// Pairs of labels whose boxes overlap.
  func overlaps() -> [(Label, Label)] {
    let sorted = labels.sorted { $0.minY < $1.minY }
    var out: [(Label, Label)] = []
    for i in sorted.indices {
      var j = i + 1
      while j < sorted.count, sorted[j].minY < sorted[i].maxY {
        if sorted[i].overlaps(sorted[j]) { out.append((sorted[i], sorted[j])) }
        j += 1
      }
    }
    return out
  }

  /// Labels that stick out of the viewBox.
  func outside() -> [Label] {
    labels.filter { $0.minX < -0.5 || $0.maxX > width + 0.5 || $0.minY < -0.5 || $0.maxY > height + 0.5 }
  }
}
