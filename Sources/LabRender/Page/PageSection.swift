import Foundation
import LabModel
import Plot

/// One numbered section of the page: `02/Diagram 01`, a heading, a kicker line, its body.
struct PageSection {
  var id: String
  /// The label after the number: "How it's designed", "Diagram 01", "The roster".
  var label: String
  var heading: String
  var kicker: String?
  /// HTML of the section's prose, from `site/<id>.md`, already rendered.
  var proseHTML: String?
  /// The CSS class of the prose block.
  var proseClass = "prose"
  var body: Node<HTML.BodyContext>

  /// Fills heading, kicker and prose from `site/<file>.md` when the lab has it.
  init(
    id: String, label: String, heading: String, kicker: String?, prose: ProseSection?,
    body: Node<HTML.BodyContext>
  ) {
    self.id = id
    self.label = label
    self.heading = prose?.heading ?? heading
    self.kicker = prose?.kicker ?? kicker
    let text = prose?.body.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    self.proseHTML = text.isEmpty ? nil : Prose.html(text)
    self.body = body
  }

  /// `text` with its last two words joined by a no-break space, so a heading never ends on one orphaned word.
  static func unbroken(_ text: String) -> String {
    guard let last = text.lastIndex(of: " "), text[text.index(after: last)...].count < 16 else { return text }
    return text.replacingCharacters(in: last...last, with: "\u{00A0}")
  }

  /// The section's name in the page's table of contents: what a diagram shows, else its label.
  var navLabel: String {
    switch id {
    case "layers": "Layers"
    case "delivery": "Delivery"
    case "hardware": "Hardware"
    case "network": "Network"
    case "ha": "High availability"
    default: label
    }
  }

  /// The section's HTML, numbered `number`.
  func node(number: Int) -> Node<HTML.BodyContext> {
    let num = number < 10 ? "0\(number)" : "\(number)"
    return .section(
      .id(id), .class("section"),
      .header(
        .class("section-head"),
        .p(.class("section-num"), .span(.class("num"), .text(num)), .text("/" + label)),
        .h2(.text(Self.unbroken(heading))),
        .unwrap(kicker) { .p(.class("kicker"), .text($0)) }
      ),
      .unwrap(proseHTML) { .div(.class(proseClass), .raw($0)) },
      body
    )
  }
}
