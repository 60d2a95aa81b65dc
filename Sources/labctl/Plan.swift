import ArgumentParser
import LabCheck
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl plan`: today against the plan, item by item, and what the plan fixes.
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show today against the plan, item by item, and which SPoFs the plan fixes.",
      discussion: "Exit status: 0 shown, 1 spec errors, 2 unreadable input.")

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
      let report = try Loading.checkedLab(lab.path).planReport
      if format == .json {
        print(SimulationJSON.encode(report))
      } else {
        print(PlanText.render(report), terminator: "")
      }
    }
  }
}
