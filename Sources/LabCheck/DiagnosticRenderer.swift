import Foundation
import LabModel

/// Renders diagnostics apart from where they are found.
public enum DiagnosticRenderer {
  /// `file:line:col: error: message [rule]`, then indented notes.
  public static func human(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for d in diagnostics {
      let place = d.location.map { "\($0): " } ?? ""
      out += "\(place)\(d.severity.rawValue): \(d.message) [\(d.rule)]\n"
      for note in d.notes { out += "    note: \(note)\n" }
    }
    return out
  }

  /// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`. A rule's finding carries its
  /// `item` (what it is about, which a waiver names); a finding a waiver holds for has severity `note`.
  public static func json(_ diagnostics: [Diagnostic], summary: Summary? = nil) -> String {
    struct Item: Encodable {
      var severity: String
      var rule: String
      var message: String
      var file: String?
      var line: Int?
      var column: Int?
      var notes: [String]
      var item: String?
    }
    struct Document: Encodable {
      var diagnostics: [Item]
      var errors: Int
      var warnings: Int
      var summary: Summary?
    }
    let doc = Document(
      diagnostics: diagnostics.map {
        Item(
          severity: $0.severity.rawValue, rule: $0.rule, message: $0.message, file: $0.location?.file,
          line: $0.location?.line, column: $0.location?.column, notes: $0.notes, item: $0.item)
      },
      errors: diagnostics.filter { $0.severity == .error }.count,
      warnings: diagnostics.filter { $0.severity == .warning }.count, summary: summary)
    return LabJSON.string(doc)
  }
}
