import ArgumentParser
import Foundation
import LabProbe

/// Where probes may go, shared by `labctl probe` and `labctl serve --probe`: loopback only unless
/// `--allow-network`, with the lab's endpoints mapped to loopback listeners by `--resolve`/`--resolve-file`.
struct ProbeTargetOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Dial HOST:PORT (or every port of HOST) at ADDRESS:PORT instead; repeatable.",
      valueName: "HOST:PORT=ADDRESS:PORT"))
  var resolve: [String] = []
  @Option(name: .long, help: "A file of --resolve entries, one per line; # starts a comment.")
  var resolveFile: String?
  @Flag(name: .long, help: "Allow probes to addresses outside 127.0.0.0/8: the real lab's network.")
  var allowNetwork = false

  /// The target policy, or exit 2 with the reason on a bad entry or an unreadable file.
  func policy() throws -> TargetPolicy {
    var map = ResolveMap()
    do {
      for entry in resolve { try map.add(entry) }
      if let file = resolveFile {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
          Terminal.standardError("error: cannot read --resolve-file '\(file)'\n")
          throw ExitCode(2)
        }
        try map.add(file: file, text: text)
      }
    } catch let error as ResolveError {
      Terminal.standardError("error: --resolve: \(error.message)\n")
      throw ExitCode(2)
    }
    return TargetPolicy(resolve: map, allowNetwork: allowNetwork)
  }

  /// The checks the policy refuses, one line each (`hx90/ssh (hx90): …`).
  static func refused(_ checks: [PlannedCheck], _ policy: TargetPolicy) -> [String] {
    checks.flatMap(policy.refusals)
  }

  /// Exits 2 naming the first refused checks, when any is refused: nothing is probed then.
  static func refuseOutsideLoopback(_ checks: [PlannedCheck], _ policy: TargetPolicy) throws {
    let refused = refused(checks, policy)
    guard !refused.isEmpty else { return }
    Terminal.standardError(
      refused.prefix(10).map { "error: \($0)\n" }.joined()
        + (refused.count > 10 ? "error: … and \(refused.count - 10) more\n" : "")
        + "note: nothing was probed; examples/03lab/probe/ has a loopback stand-in lab and its --resolve-file\n")
    throw ExitCode(2)
  }
}
