import ArgumentParser
import Foundation

extension Labctl {
  /// Runs the command line; a usage error exits 2 (not ArgumentParser's 64), as docs/commands.md says.
  ///
  /// Works whether the root command is `ParsableCommand` or `AsyncParsableCommand`.
  static func main() async {
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
}
