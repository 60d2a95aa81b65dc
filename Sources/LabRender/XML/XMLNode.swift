/// A node of a tiny XML tree, rendered with every attribute and text escaped.
struct XMLNode: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case element(String, [Attribute], [XMLNode])
    case text(String)
  }

  /// One attribute; kept in the order given so output is deterministic.
  struct Attribute: Sendable, Hashable {
    var name: String
    var value: String
  }

  var kind: Kind

  /// An element with attributes (nil values are left out) and children.
  static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: [XMLNode] = [])
    -> XMLNode
  {
    let attrs = attributes.compactMap { key, value in value.map { Attribute(name: key, value: $0) } }
    return XMLNode(kind: .element(name, attrs, children))
  }

  /// Escaped character data.
  static func text(_ s: String) -> XMLNode { XMLNode(kind: .text(s)) }

  /// The XML text of this node.
  func render() -> String {
    var out = ""
    render(into: &out)
    return out
  }

  func render(into out: inout String) {
    switch kind {
    case .text(let s):
      out += XMLNode.escape(s)
    case .element(let name, let attrs, let children):
      out += "<" + name
      for a in attrs { out += " \(a.name)=\"\(XMLNode.escape(a.value, quote: true))\"" }
      if children.isEmpty {
        out += "/>"
        return
      }
      out += ">"
      let block = children.contains { if case .element = $0.kind { true } else { false } }
      for child in children {
        if block, case .element = child.kind { out += "\n" }
        child.render(into: &out)
      }
      if block { out += "\n" }
      out += "</\(name)>"
    }
  }

  /// The tree without `fill` and `stroke` on elements that carry a class: inline in the page,
  /// the stylesheet colours them by class (light and dark), so the attributes are dead weight.
  func withoutPresentationColours() -> XMLNode {
    guard case .element(let name, let attrs, let children) = kind else { return self }
    let classed = attrs.contains { $0.name == "class" }
    let kept = classed ? attrs.filter { $0.name != "fill" && $0.name != "stroke" } : attrs
    return XMLNode(kind: .element(name, kept, children.map { $0.withoutPresentationColours() }))
  }

  /// Escapes `&`, `<`, `>` (and `"` in attributes) for XML and HTML alike.
  static func escape(_ s: String, quote: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where quote: out += "&quot;"
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if c.value < 0x20 && c != "\n" && c != "\t" { continue }
        out.unicodeScalars.append(c)
      }
    }
    return out
  }
}

/// Text made safe for HTML and XML, `"` included when `quote`: the one escape of labctl's markup, for the
/// rendered page and for markup other targets write (the server's live section).
public func escapedMarkup(_ text: String, quote: Bool = false) -> String { XMLNode.escape(text, quote: quote) }
