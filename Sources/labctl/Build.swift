import ArgumentParser
import Foundation
import LabCheck
import LabModel
import LabRender
import LabSpec

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
      var (result, diagnostics) = try Loading.loadAndCheck(lab.path)
      if let model = result.lab { diagnostics = (diagnostics + pageDiagnostics(model)).sortedByLocation() }
      let text = DiagnosticRenderer.human(diagnostics)
      if !text.isEmpty { Terminal.standardError(text) }
      guard let model = result.lab, !diagnostics.hasErrors else {
        Terminal.standardError("build: not written; \(output) left as it was\n")
        throw ExitCode(1)
      }
      let site = renderSite(model, audience: audience.value)
      do {
        try SiteWriter.write(site, to: output)
      } catch {
        Terminal.standardError("build: \(error)\n")
        throw ExitCode(1)
      }
      print("\(model.meta.name): wrote \(site.files.count) files to \(output) (\(audience.value.rawValue))")
    }
  }
}

/// The `--audience` values.
enum AudienceOption: String, ExpressibleByArgument, CaseIterable {
  case `public`, `internal`
  var value: Audience { self == .public ? .public : .internal }
}
