import Foundation
import LabCheck
import LabIO
import LabModel
import LabSpec

/// Helpers the test targets share: load labs from text or from disk.
public enum TestLab {
  /// The repository root, found from this file's path.
  public static let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// The bundled example's directory.
  public static var example: String { repoRoot + "/examples/03lab" }

  /// The fixed "today" tests judge waivers on: 2025-06-01.
  @Sendable public static func today() -> CalendarDay { day("2025-06-01") }

  /// A day written `YYYY-MM-DD`; a test's own typo stops it at once.
  public static func day(_ text: String) -> CalendarDay {
    guard let day = CalendarDay(text) else { preconditionFailure("not a day: \(text)") }
    return day
  }

  /// Loads a lab from spec text, with optional extra files (inventory, talconfig) in memory.
  public static func load(_ yaml: String, files: [String: String] = [:]) -> LoadResult {
    var all = files
    all["lab/lab.yaml"] = yaml
    let loader = LabLoader(fileSystem: MemoryFileSystem(all))
    return loader.load(text: yaml, file: "lab.yaml", dir: "lab")
  }

  /// Loads and checks; returns every diagnostic, loader's and rules'.
  public static func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] {
    let result = load(yaml, files: files)
    var d = result.diagnostics
    if let lab = result.lab { d += check(lab) }
    return d.sortedByLocation()
  }

  /// Loads the bundled example from disk.
  public static func loadExample() throws -> Lab {
    let result = try LabLoader().load(example)
    guard let lab = result.lab, !result.diagnostics.hasErrors else {
      throw ExampleError(diagnostics: result.diagnostics)
    }
    return lab
  }

  public struct ExampleError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String {
      diagnostics.map { "\($0.location?.description ?? "?"): \($0.message)" }.joined(separator: "\n")
    }
  }
}
