import ArgumentParser
import Foundation
import LabCheck
import LabIO
import LabModel
import LabPipeline
import LabRender

extension Labctl {
  /// `labctl build`: render the static site (HTML + SVG + JSON) into a directory.
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Render the lab's page, diagrams and JSON views into a directory.",
      discussion: """
        Writes atomically: the site is rendered beside OUT and swapped in, so a failed build \
        (or a lab with errors) leaves the previous OUT untouched. Exit status: 0 built, \
        1 errors in the lab or the build, 2 unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .shortAndLong, help: "The output directory.") var output: String = "public"
    @Option(name: .long, help: "Who the site is for: public (posture, no addresses) or internal.")
    var audience: AudienceOption = .public

    func run() throws {
      let checked = try Loading.check(lab.path)
      let text = DiagnosticRenderer.human(checked.diagnostics)
      if !text.isEmpty { Terminal.standardError(text) }
      guard let simulated = checked.simulate() else {
        Terminal.standardError("build: not written; \(output) left as it was\n")
        throw ExitCode(1)
      }
      let page = simulated.page(audience: audience.value)
      do {
        try ArtifactWriter().write(page, to: output)
      } catch {
        Terminal.standardError("build: \(error)\n")
        throw ExitCode(1)
      }
      print("\(simulated.lab.meta.name): wrote \(page.files.count) files to \(output) (\(audience.value.rawValue))")
    }
  }
}

/// The `--audience` values.
enum AudienceOption: String, ExpressibleByArgument, CaseIterable {
  case `public`, `internal`
  var value: Audience { self == .public ? .public : .internal }
}
