import ArgumentParser
import LabCheck
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl simulate`: what breaks if these failure domains go down, today or with the plan.
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "What-if: take failure domains down and see every cluster and service's verdict.",
      discussion: """
        Failure domains are machines (a hypervisor takes its VMs), sites, links between sites \
        ('az-a<->az-b') and VIP holders ('vip:technitium'). Exit status: 0 nothing down, \
        3 something down (with --all-single: some single failure takes something down), \
        1 spec errors, 2 unreadable input, an unknown failure domain or bad arguments.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "Comma-separated failure domains to take down, e.g. az-b,ed-n1.") var down: String?
    @Flag(name: .long, help: "Take every single failure domain down in turn: the lab's SPoF list.")
    var allSingle = false
    @Flag(name: .long, help: "Run against the lab once the plan lands.") var plan = false
    @Flag(name: .long, help: "Show only what is degraded, interrupted or down.") var changes = false
    @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(name: .long, help: .hidden) var fullEach = false

    func validate() throws {
      if allSingle && down != nil { throw ValidationError("give either --down or --all-single, not both") }
      if !allSingle && down == nil { throw ValidationError("give --down DOMAIN[,DOMAIN…] or --all-single") }
    }

    func run() throws {
      let model = try Loading.checkedLab(lab.path)
      let horizon: Horizon = plan ? .plan : .today
      if allSingle {
        // The same computation as the page's `Resilience`, for the one horizon asked for.
        let report = model.singleFailures(at: horizon, incremental: !fullEach)
        print(
          format == .json ? SimulationJSON.encode(report) : SimulationText.singleFailures(report),
          terminator: format == .json ? "\n" : "")
        if report.takesSomethingDown { throw ExitCode(3) }
        return
      }
      let domains: [FailureDomain]
      switch model.failureDomains(parsing: down ?? "") {
      case .success(let d): domains = d
      case .failure(let e):
        Terminal.standardError("error: \(e.message)\n" + (e.hint.map { "note: \($0)\n" } ?? ""))
        throw ExitCode(2)
      }
      let result = LabCheck.simulate(model, Scenario(down: domains, horizon: horizon))
      if format == .json {
        print(SimulationJSON.encode(result))
      } else {
        print(SimulationText.result(result, showOK: !changes), terminator: "")
      }
      if result.takesSomethingDown { throw ExitCode(3) }
    }
  }
}

extension Loading {
  /// Loads and checks the lab; prints errors and exits 1 when it has any (rules or page facts), 2 when
  /// the spec is unreadable.
  static func checkedLab(_ path: String) throws -> Lab {
    let checked = try check(path)
    guard !checked.failed, let lab = checked.lab else {
      Terminal.standardError(DiagnosticRenderer.human(checked.diagnostics))
      let e = checked.diagnostics.filter { $0.severity == .error }.count
      Terminal.standardError("\(e) error\(e == 1 ? "" : "s") found; fix them first (labctl check)\n")
      throw ExitCode(1)
    }
    return lab
  }
}
