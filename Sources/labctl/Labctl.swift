import ArgumentParser

/// The labctl command: the control plane of a homelab run like a cloud provider.
@main
struct Labctl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "labctl",
    abstract: "Run a homelab like a cloud provider, from one declared model in git.",
    version: "0.1.0",
    subcommands: [
      Check.self, InventoryCommand.self, Simulate.self, Plan.self, Build.self, Export.self, Drift.self, Serve.self,
      Bump.self, Rollback.self, Dispatch.self,
      Probe.self, HistoryStress.self,
    ]
  )
}

/// Options every command that reads a lab shares.
struct LabOptions: ParsableArguments {
  @Argument(help: "The lab directory (holding lab.yaml) or the spec file itself.")
  var path: String = "."
}

/// Output formats for machine-readable results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
