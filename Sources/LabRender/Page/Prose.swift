import Foundation
import Ink
import LabModel

/// One prose section from `site/NAME.md`: an optional `# heading`, `## kicker`, then Markdown.
struct ProseSection: Sendable {
  var heading: String?
  var kicker: String?
  var body: String
}

/// The lab's prose: Markdown from `site/*.md` with `{{ fact }}` placeholders filled from the model.
enum Prose {
  /// The named section, if the lab has one, split into heading, kicker and body.
  static func section(_ lab: Lab, _ name: String, audience: Audience, facts: [String: String]) -> ProseSection? {
    guard let text = lab.prose[name] else { return nil }
    var heading: String?
    var kicker: String?
    var body: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if body.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
        if heading == nil, kicker == nil, line.hasPrefix("# ") {
          heading = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
          continue
        }
        if kicker == nil, line.hasPrefix("## "), heading != nil {
          kicker = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
          continue
        }
      }
      body.append(line)
    }
    return ProseSection(
      heading: heading.map { fill($0, facts, audience) }, kicker: kicker.map { fill($0, facts, audience) },
      body: fill(body.joined(separator: "\n"), facts, audience))
  }

  /// Markdown to HTML; raw HTML in the source is shown as text, never passed through.
  /// Headings move down one level (`#` → `<h2>`, `##` → `<h3>`) to sit under the section's own.
  static func html(_ markdown: String) -> String {
    let safe = markdown.replacingOccurrences(of: "<", with: "&lt;")
    var html = MarkdownParser().html(from: safe)
    for level in (1...5).reversed() {
      html = html.replacingOccurrences(of: "<h\(level)>", with: "<h\(level + 1)>")
        .replacingOccurrences(of: "</h\(level)>", with: "</h\(level + 1)>")
    }
    return html
  }

  /// Wraps each `<h3>` and what follows it up to the next one in a `<div class="principle">`.
  static func cards(_ html: String) -> String {
    let parts = html.components(separatedBy: "<h3>")
    guard parts.count > 1 else { return html }
    return parts[0] + parts.dropFirst().map { "<div class=\"principle\"><h3>" + $0 + "</div>" }.joined()
  }

  /// Replaces `{{ key }}` and `{{ key | word }}` with facts; unknown keys stay visible.
  static func fill(_ text: String, _ facts: [String: String], _ audience: Audience) -> String {
    var out = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      out += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        rest = rest[open.lowerBound...]
        break
      }
      let inside = rest[open.upperBound..<close.lowerBound]
      let parts = inside.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      if let key = parts.first, let value = facts[key] {
        out += transform(value, parts.dropFirst().first)
      } else {
        out += rest[open.lowerBound..<close.upperBound]
      }
      rest = rest[close.upperBound...]
    }
    out += rest
    return audience == .public ? PublicRedaction.redact(out) : out
  }

  /// The `{{ … }}` keys a text uses that the model does not know.
  static func unknownKeys(in text: String, facts: [String: String]) -> [String] {
    var keys: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      let key =
        rest[open.upperBound..<close.lowerBound].split(separator: "|").first
        .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      if facts[key] == nil { keys.append(key) }
      rest = rest[close.upperBound...]
    }
    return keys
  }

  private static func transform(_ value: String, _ filter: String?) -> String {
    guard let filter, let n = Int(value) else { return value }
    switch filter {
    case "word": return Words.number(n)
    case "Word": return Words.capitalized(n)
    default: return value
    }
  }
}
