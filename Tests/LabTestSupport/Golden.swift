import Foundation
import Testing

/// Golden files: rendered output compared byte for byte with a file checked in beside the tests.
/// `LABCTL_RECORD_GOLDEN=1` writes the current output instead (then review the diff in git).
public enum Golden {
  /// True when the run re-records golden files.
  public static var recording: Bool { ProcessInfo.processInfo.environment["LABCTL_RECORD_GOLDEN"] == "1" }

  /// Compares `actual` with the golden file at `path` (absolute), or records it. A mismatch is reported
  /// with the first differing line, both sides, and how to re-record.
  public static func check(_ actual: [UInt8], at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let fm = FileManager.default
    if recording {
      try? fm.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      fm.createFile(atPath: path, contents: Data(actual))
      return
    }
    guard let expected = fm.contents(atPath: path) else {
      Issue.record(
        "no golden file \(path); run with LABCTL_RECORD_GOLDEN=1 to record it", sourceLocation: sourceLocation)
      return
    }
    guard Array(expected) != actual else { return }
    let old = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let new = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
    func at(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line].prefix(300)) : "<end>" }
    Issue.record(
      """
      \(path) differs at line \(line + 1):
      - \(at(old))
      + \(at(new))
      re-record with LABCTL_RECORD_GOLDEN=1 if the change is meant
      """, sourceLocation: sourceLocation)
  }

  /// The same, for text.
  public static func check(_ actual: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    check(Array(actual.utf8), at: path, sourceLocation: sourceLocation)
  }
}
