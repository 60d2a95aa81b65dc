import LabModel
import Yams

/// Turns Yams' errors into diagnostics with a file, line and column.
enum YAMLErrors {
  static func diagnostic(for error: any Error, file: String) -> Diagnostic {
    guard let yaml = error as? YamlError else {
      return .error("syntax", "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
    }
    switch yaml {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var notes: [String] = []
      if let context { notes.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)") }
      return .error(
        "syntax", "invalid YAML: \(problem)",
        at: SourceLocation(file: file, line: mark.line, column: mark.column), notes: notes)
    case .reader(let problem, let offset, _, let text):
      let (line, column) = lineColumn(ofUTF8Offset: offset ?? 0, in: text)
      return .error("syntax", "cannot read the file: \(problem)", at: SourceLocation(file: file, line: line, column: column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .error(
        "duplicate-key",
        "key '\(duplicates.first ?? "?")' appears more than once in one mapping; names must be unique",
        at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
    default:
      return .error("syntax", "cannot parse YAML: \(yaml)", at: SourceLocation(file: file, line: 1, column: 1))
    }
  }

  static func lineColumn(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
    var line = 1
    var column = 1
    for (i, byte) in text.utf8.enumerated() {
      if i >= offset { break }
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}
