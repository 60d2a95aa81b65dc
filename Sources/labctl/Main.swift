import ArgumentParser
import CLabSys
import Foundation

extension Labctl {
  /// Runs the command line; a usage error exits 2 (not ArgumentParser's 64), as docs/commands.md says.
  ///
  /// Works whether the root command is `ParsableCommand` or `AsyncParsableCommand`.
  static func main() async {
    dieWithParentIfAsked()
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  /// With `LABCTL_DIE_WITH_PARENT=1` (set by the test harness), the kernel ends this process when its
  /// parent dies (Linux `PR_SET_PDEATHSIG`), so a test run that is killed leaves no server behind.
  static func dieWithParentIfAsked() {
    guard ProcessInfo.processInfo.environment["LABCTL_DIE_WITH_PARENT"] == "1" else { return }
    let parent = getppid()
    _ = clabsys_die_with_parent(SIGTERM)
    // The parent may have died before the call took effect.
    if getppid() != parent { Foundation.exit(1) }
  }
}
