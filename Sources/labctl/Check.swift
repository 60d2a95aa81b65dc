import ArgumentParser
import Foundation
import LabCheck
import LabIO
import LabModel
import LabPipeline
import LabRender

extension Labctl {
  /// `labctl check`: load the lab and check it against its design principles.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Load the lab and check it against its design principles.",
      discussion: "Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unreadable input.")

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(name: .long, help: "Fail on warnings too.") var strict = false
    @Flag(name: .long, help: "Print only diagnostics, not the summary.") var quiet = false

    func run() throws {
      let checked = try Loading.check(lab.path)
      let diagnostics = checked.diagnostics
      let failed = diagnostics.hasErrors || (strict && diagnostics.contains { $0.severity == .warning })
      switch format {
      case .json:
        print(DiagnosticRenderer.json(diagnostics, summary: checked.views?.summary))
      case .text:
        let text = DiagnosticRenderer.human(diagnostics)
        if !text.isEmpty { Terminal.standardError(text) }
        if !quiet, let lab = checked.lab, let views = checked.views, !diagnostics.hasErrors {
          print("\(lab.meta.name): ok" + Self.tally(diagnostics, accepted: views.acceptedRisks.count))
          for line in SummaryText.lines(views.summary) { print("  \(line)") }
        } else if diagnostics.hasErrors {
          let e = diagnostics.filter { $0.severity == .error }.count
          Terminal.standardError("\(e) error\(e == 1 ? "" : "s") found\n")
        }
      }
      if failed { throw ExitCode(1) }
    }

    /// ` (2 warnings, 1 accepted risk)`, or nothing for a clean lab.
    static func tally(_ diagnostics: [Diagnostic], accepted: Int) -> String {
      let warnings = diagnostics.filter { $0.severity == .warning }.count
      var parts: [String] = []
      if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
      if accepted > 0 { parts.append("\(accepted) accepted risk\(accepted == 1 ? "" : "s")") }
      return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }
  }
}

/// The pipeline, as every command that reads a lab runs it.
enum Loading {
  /// Loads and checks the lab (rules and page facts: what `build` and `serve` refuse too); exits 2 when
  /// the spec cannot be read at all.
  static func check(_ path: String) throws -> CheckedLab {
    let checked = LabPipeline(path: path, today: SystemCalendar.today).check()
    if let unreadable = checked.unreadable {
      Terminal.standardError("\(unreadable.description)\n")
      throw ExitCode(2)
    }
    kept.append(checked)
    return checked
  }

  /// What one-shot commands loaded, kept until the process exits (globals are never torn down): freeing a
  /// large lab node by node only to exit costs more than reading it (the `-disable-free` of compilers).
  nonisolated(unsafe) private static var kept: [CheckedLab] = []
}

/// Writes to the terminal's streams.
enum Terminal {
  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
