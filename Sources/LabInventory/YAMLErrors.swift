import LabIO
import LabModel
import Yams

/// Turns Yams' errors into diagnostics with a file, line and column.
public enum YAMLErrors {
  public static func diagnostic(for error: any Error, file: String) -> Diagnostic {
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
    case .reader(let problem, let offset, let value, let text):
      let (line, column) = lineColumn(ofCharacterOffset: offset ?? 0, in: text)
      // As PyYAML words it: "unacceptable character #x0000: control characters are not allowed".
      let hex = String(value, radix: 16)
      let what =
        value < 0 ? "" : "unacceptable character #x\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex): "
      return .error(
        "syntax", "cannot read the file: \(what)\(problem)",
        at: SourceLocation(file: file, line: line, column: column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? "?"
      let first = (line: context.mark.line, column: context.mark.column)
      let second =
        secondOccurrence(of: key, after: first, in: context.text)
        ?? secondFlowOccurrence(of: key, after: first, in: context.text)
      let at = second ?? first
      return .error(
        "duplicate-key", "key '\(key)' appears more than once in one mapping; names must be unique",
        at: SourceLocation(file: file, line: at.line, column: at.column),
        notes: second == nil ? [] : ["first declared at line \(first.line), column \(first.column)"])
    default:
      return .error("syntax", "cannot parse YAML: \(yaml)", at: SourceLocation(file: file, line: 1, column: 1))
    }
  }

  /// A key written twice in one mapping, at the repeat.
  public static func duplicate(_ d: YAMLDuplicateKeys.Duplicate, file: String) -> Diagnostic {
    .error(
      "duplicate-key", "key '\(d.key)' appears more than once in one mapping; names must be unique",
      at: SourceLocation(file: file, line: d.line, column: d.column),
      notes: ["first declared at line \(d.first.line), column \(d.first.column)"])
  }

  /// Where a flow mapping (`{ a: 1, a: 2 }`) declares `key` a second time, given where it is first
  /// declared: later entries of the same mapping are scanned, stepping over nested mappings and lists,
  /// quoted text and comments, until the mapping closes.
  public static func secondFlowOccurrence(
    of key: String, after first: (line: Int, column: Int), in text: String
  ) -> (line: Int, column: Int)? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    let keyChars = Array(key)
    guard first.line >= 1, first.line <= lines.count, first.column >= 1,
      let end = keyEnd(keyChars, in: lines[first.line - 1], at: first.column - 1)
    else { return nil }
    var depth = 1
    var expectingKey = false
    var (row, col) = (first.line - 1, end)
    while row < lines.count {
      let line = lines[row]
      while col < line.count {
        let c = line[col]
        if depth == 1, expectingKey, c != " ", c != "\t" {
          expectingKey = false
          if let end = keyEnd(keyChars, in: line, at: col) {
            var after = end
            while after < line.count, line[after] == " " { after += 1 }
            if after < line.count, line[after] == ":" { return (row + 1, col + 1) }
          }
        }
        switch c {
        case "{", "[": depth += 1
        case "}", "]":
          depth -= 1
          if depth == 0 { return nil }
        case ",": if depth == 1 { expectingKey = true }
        case "#" where col == 0 || line[col - 1] == " ": col = line.count
        case "\"", "'":
          var i = col + 1
          while i < line.count, line[i] != c || (c == "\"" && line[i - 1] == "\\") { i += 1 }
          col = i
        default: break
        }
        col += 1
      }
      row += 1
      col = 0
    }
    return nil
  }

  /// The index just past `key` written at `index` (plain, or in single or double quotes), or nil.
  private static func keyEnd(_ key: [Character], in line: [Character], at index: Int) -> Int? {
    for quote: Character? in [nil, "\"", "'"] {
      let open = quote == nil ? 0 : 1
      let end = index + open + key.count + open
      guard end <= line.count, Array(line[(index + open)..<(index + open + key.count)]) == key else { continue }
      if let quote, line[index] != quote || line[end - 1] != quote { continue }
      if quote == nil, end < line.count, !" :".contains(line[end]) { continue }
      return end
    }
    return nil
  }

  /// Where a block mapping declares `key` again, below its first declaration at the same column.
  public static func secondOccurrence(
    of key: String, after first: (line: Int, column: Int), in text: String
  ) -> (line: Int, column: Int)? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard first.line >= 1, first.line <= lines.count else { return nil }
    for (i, line) in lines.enumerated().dropFirst(first.line) {
      let chars = Array(line)
      let indent = chars.prefix { $0 == " " }.count
      if indent == chars.count || chars[indent] == "#" { continue }  // blank or comment
      if indent < first.column - 1 { return nil }  // the mapping has ended
      guard indent == first.column - 1 else { continue }
      var rest = String(chars[indent...])
      if rest.hasPrefix("\"\(key)\"") || rest.hasPrefix("'\(key)'") {
        rest = String(rest.dropFirst(key.count + 2))
      } else if rest.hasPrefix(key) {
        rest = String(rest.dropFirst(key.count))
      } else {
        continue
      }
      if rest.drop(while: { $0 == " " }).hasPrefix(":") { return (i + 1, first.column) }
    }
    return nil
  }

  /// Yams gives a reader error's offset in characters from the start of the text.
  public static func lineColumn(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
    var line = 1
    var column = 1
    for (i, c) in text.enumerated() {
      if i >= offset { break }
      if c == "\n" || c == "\r\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}
