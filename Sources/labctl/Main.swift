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
  /// parent process exits (a watcher thread on a pidfd of the parent), so a test run that is killed
  /// leaves no server behind. Not `PR_SET_PDEATHSIG`: that fires when the spawning *thread* exits,
  /// and the test runner's pool threads come and go, which ended servers in the middle of a test.
  static func dieWithParentIfAsked() {
    guard ProcessInfo.processInfo.environment["LABCTL_DIE_WITH_PARENT"] == "1" else { return }
    _ = clabsys_die_with_parent(SIGTERM)
  }
}
