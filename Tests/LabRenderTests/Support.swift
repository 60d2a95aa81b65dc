import Foundation
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// Test helpers: the example's files in memory (to edit copies), rendered text.
enum Support {
  /// Every file of the example, keyed as `TestLab.load` expects (`lab/<path>`), lab.yaml excluded.
  static func exampleFiles() throws -> (yaml: String, files: [String: String]) {
    let root = URL(fileURLWithPath: TestLab.example)
    var files: [String: String] = [:]
    let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = e?.nextObject() as? URL {
      guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
      let rel = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
      files["lab/" + rel] = try String(contentsOf: url, encoding: .utf8)
    }
    let yaml = try #require(files["lab/lab.yaml"])
    files["lab/lab.yaml"] = nil
    return (yaml, files)
  }

  /// Loads a lab from text and files; fails the test on load errors.
  static func load(_ yaml: String, files: [String: String]) throws -> Lab {
    let result = TestLab.load(yaml, files: files)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    return try #require(result.lab)
  }

  static func text(_ site: ArtifactSet, _ path: String) throws -> String {
    String(decoding: try #require(site[path], "missing \(path)").contents, as: UTF8.self)
  }

  /// The `<svg>…</svg>` blocks inlined in a page.
  static func inlineSVGs(_ html: String) -> [String] {
    var out: [String] = []
    var rest = Substring(html)
    while let start = rest.range(of: "<svg"), let end = rest[start.lowerBound...].range(of: "</svg>") {
      out.append(String(rest[start.lowerBound..<end.upperBound]))
      rest = rest[end.upperBound...]
    }
    return out
  }

  /// The text content of HTML with tags removed and entities for &, <, > decoded; whitespace collapsed.
  static func visibleText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for c in html {
      if c == "<" {
        inTag = true
        out.append(" ")
        continue
      }
      if c == ">" {
        inTag = false
        continue
      }
      if !inTag { out.append(c) }
    }
    let decoded = out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
    return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
