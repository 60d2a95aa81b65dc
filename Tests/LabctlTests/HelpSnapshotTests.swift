import Foundation
import LabTestSupport
import Testing

/// `--help` of every command against snapshots in `Help/`: the command line is an interface users script
/// against, so a change to a flag or its wording shows up as a diff to review.
/// Re-record with `LABCTL_RECORD_GOLDEN=1 swift test --filter HelpSnapshotTests`.
@Suite struct HelpSnapshotTests {
  static let root = TestLab.repoRoot + "/Tests/LabctlTests/Help"

  static let commands: [[String]] = [
    [], ["check"], ["simulate"], ["plan"], ["build"], ["serve"], ["inventory"], ["inventory", "list"],
    ["inventory", "graph"], ["export"], ["drift"], ["drift", "dns"], ["drift", "nftables"],
    ["bump"], ["rollback"], ["dispatch"], ["probe"],
  ]

  @Test(arguments: commands)
  func helpMatchesItsSnapshot(_ command: [String]) async throws {
    let run = try await Labctl.run(command + ["--help"])
    #expect(run.status == 0, "\(run.stderr)")
    let name = (["labctl"] + command).joined(separator: "-")
    Golden.check(run.stdout, at: "\(Self.root)/\(name).txt")
  }

  @Test func everyCommandHasASnapshot() throws {
    let run = try Labctl.run(["--help"])
    // The SUBCOMMANDS section lists each command on its own line, indented.
    let section = run.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
    let listed = section.split(separator: "\n").compactMap { line -> String? in
      let words = line.split(separator: " ")
      guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = words.first, first != "See" else { return nil }
      return String(first)
    }
    #expect(!listed.isEmpty)
    for name in listed {
      #expect(Self.commands.contains { $0.first == name }, "no --help snapshot for '\(name)'")
    }
  }
}
