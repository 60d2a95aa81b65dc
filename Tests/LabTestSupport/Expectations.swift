import Foundation
import LabCheck
import LabModel
import LabSpec

/// One diagnostic a fixture says it must yield: `# expect: rule[:column]` on the line it points at.
public struct Expected: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int?
  public var rule: String

  public init(line: Int, column: Int? = nil, rule: String) {
    self.line = line
    self.column = column
    self.rule = rule
  }

  public var description: String { "\(line):\(column.map(String.init) ?? "*") [\(rule)]" }

  public static func < (a: Expected, b: Expected) -> Bool {
    (a.line, a.column ?? 0, a.rule) < (b.line, b.column ?? 0, b.rule)
  }

  /// True when the diagnostic is this one: same line and rule, and the column if given.
  public func matches(_ d: Diagnostic) -> Bool {
    d.location?.line == line && d.rule == rule && (column == nil || d.location?.column == column)
  }
}

/// Reads fixture annotations and compares them with what labctl found.
public enum Expectations {
  /// Every `# expect: a, b:7` annotation in the text, one entry per rule named.
  public static func parse(_ text: String) -> [Expected] {
    var out: [Expected] = []
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      guard let r = line.range(of: "# expect:") else { continue }
      for item in line[r.upperBound...].split(separator: ",") {
        let parts = item.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard let rule = parts.first else { continue }
        out.append(Expected(line: i + 1, column: parts.count > 1 ? Int(parts[1]) : nil, rule: String(rule)))
      }
    }
    return out.sorted()
  }

  /// What was expected and not found, and what was found and not expected.
  public static func compare(
    _ diagnostics: [Diagnostic], _ expected: [Expected]
  ) -> (missing: [Expected], unexpected: [Diagnostic]) {
    var left = diagnostics
    var missing: [Expected] = []
    // Exact (column-given) expectations claim their diagnostic first.
    for e in expected.sorted(by: { ($0.column == nil ? 1 : 0) < ($1.column == nil ? 1 : 0) }) {
      if let i = left.firstIndex(where: e.matches) { left.remove(at: i) } else { missing.append(e) }
    }
    return (missing.sorted(), left)
  }

  /// A readable account of a mismatch, for a failing test's message.
  public static func report(_ missing: [Expected], _ unexpected: [Diagnostic]) -> String {
    var lines: [String] = []
    for m in missing { lines.append("missing    \(m)") }
    for d in unexpected {
      lines.append("unexpected \(d.location.map { "\($0.line):\($0.column)" } ?? "?") [\(d.rule)] \(d.message)")
    }
    return lines.joined(separator: "\n")
  }
}

extension TestLab {
  /// Loads the lab at `path` from disk, as `labctl check` does, and returns every diagnostic.
  public static func diagnostics(atPath path: String) throws -> [Diagnostic] {
    let result = try LabLoader().load(path)
    var d = result.diagnostics
    if let lab = result.lab { d += check(lab) }
    return d.sortedByLocation()
  }
}
