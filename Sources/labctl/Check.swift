import ArgumentParser
import Foundation
import LabCheck
import LabModel
import LabSpec

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
      let (result, diagnostics) = try Loading.loadAndCheck(lab.path)
      let failed = diagnostics.hasErrors || (strict && diagnostics.contains { $0.severity == .warning })
      switch format {
      case .json:
        print(DiagnosticRenderer.json(diagnostics, summary: result.lab?.summary))
      case .text:
        let text = DiagnosticRenderer.human(diagnostics)
        if !text.isEmpty { Terminal.standardError(text) }
        if !quiet, let lab = result.lab, !diagnostics.hasErrors {
          print(
            "\(lab.meta.name): ok"
              + (diagnostics.isEmpty ? "" : " (\(diagnostics.count) warning\(diagnostics.count == 1 ? "" : "s"))"))
          for line in SummaryText.lines(lab.summary) { print("  \(line)") }
        } else if diagnostics.hasErrors {
          let e = diagnostics.filter { $0.severity == .error }.count
          Terminal.standardError("\(e) error\(e == 1 ? "" : "s") found\n")
        }
      }
      if failed { throw ExitCode(1) }
    }
  }
}

/// Loading shared by every command that reads a lab.
enum Loading {
  /// Loads and checks the lab; exits 2 when the spec cannot be read at all.
  static func loadAndCheck(_ path: String) throws -> (LoadResult, [Diagnostic]) {
    let result: LoadResult
    do {
      result = try LabLoader().load(path)
    } catch {
      Terminal.standardError("\(error.description)\n")
      throw ExitCode(2)
    }
    var diagnostics = result.diagnostics
    if let lab = result.lab { diagnostics += LabCheck.check(lab) }
    return (result, diagnostics.sortedByLocation())
  }
}

/// Writes to the terminal's streams.
enum Terminal {
  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
