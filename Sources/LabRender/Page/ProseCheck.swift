import Foundation
import LabModel

/// Problems in the page's copy: `{{ key }}` placeholders the model has no fact for.
///
/// An unknown key would print as `{{ key }}` on the page, so `labctl build` treats it as an error.
public func pageDiagnostics(_ lab: Lab, facts: [String: String]) -> [Diagnostic] {
  var out: [Diagnostic] = []
  let known = facts.keys.sorted()
  func check(_ text: String, file: String, baseLine: Int = 1, baseColumn: Int = 1, at fallback: SourceLocation?) {
    for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var rest = Substring(line)
      while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
        let key =
          rest[open.upperBound..<close.lowerBound].split(separator: "|").first
          .map { $0.trimmingCharacters(in: [" "]) } ?? ""
        if facts[key] == nil {
          let column = line.distance(from: line.startIndex, to: open.lowerBound) + (offset == 0 ? baseColumn : 1)
          let location = fallback.map { _ in SourceLocation(file: file, line: baseLine + offset, column: column) }
          var notes = [
            "placeholders name a fact computed from the model, e.g. {{ nodes.today }} or {{ etcd.voters | word }}"
          ]
          if let guess = Suggestion.closest(to: key, in: known) { notes.insert("did you mean '\(guess)'?", at: 0) }
          out.append(
            .error("page-fact", "unknown fact '\(key)' in the page's copy", at: location ?? fallback, notes: notes))
        }
        rest = rest[close.upperBound...]
      }
    }
  }
  let specFile = lab.sourceMap.file
  let dir = specFile.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
  let proseDir = (lab.meta.prose ?? "site/").split(separator: "/").joined(separator: "/")
  for name in lab.prose.keys.sorted() {
    let file = (dir.isEmpty ? "" : dir + "/") + proseDir + "/" + name + ".md"
    check(lab.prose[name] ?? "", file: file, at: SourceLocation(file: file, line: 1, column: 1))
  }
  for entry in lab.roster {
    if let text = entry.text {
      let at = lab.sourceMap.value("roster.\(entry.name).text")
      check(text, file: at?.file ?? specFile, baseLine: at?.line ?? 1, baseColumn: (at?.column ?? 1) + 1, at: at)
    }
  }
  for (i, p) in lab.meta.principles.enumerated() {
    let at = lab.sourceMap.value("lab.principles.\(i).text")
    check(p.text, file: at?.file ?? specFile, baseLine: at?.line ?? 1, baseColumn: (at?.column ?? 1) + 1, at: at)
  }
  return out
}
