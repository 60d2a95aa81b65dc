import Foundation
import Testing

/// Real peer tools the tests compare against (ansible-inventory, …).
public enum Peers {
  /// The full path of an executable on PATH, if any.
  public static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let full = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: full) { return full }
    }
    return nil
  }

  /// A trait for a test that needs `tool`: it runs where the tool is installed and is skipped visibly,
  /// with the reason, where it is not — unless CI demands every peer (`LABCTL_REQUIRE_PEERS=1`), when it
  /// runs anyway and fails on the missing tool.
  public static func needs(_ tool: String, install: String) -> ConditionTrait {
    .enabled(
      if: find(tool) != nil || required,
      "\(tool) is not installed (\(install); scripts/test.sh does it); LABCTL_REQUIRE_PEERS=1 makes this a failure")
  }

  /// True when CI demands every peer (`LABCTL_REQUIRE_PEERS=1`): a missing one fails.
  public static var required: Bool { ProcessInfo.processInfo.environment["LABCTL_REQUIRE_PEERS"] == "1" }

  /// What a peer printed and how it exited.
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs a tool with extra environment, in `cwd`, up to `timeout` seconds, and awaits it without holding a
  /// thread of the cooperative pool (see `ChildProcess`).
  public static func run(
    _ tool: String, _ arguments: [String], environment: [String: String] = [:], cwd: String? = nil,
    timeout: Double = 120
  ) async throws -> Output {
    Output(
      try await ChildProcess.run(
        tool, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
        cwd: cwd, timeout: timeout))
  }

  /// The same, blocking the calling thread.
  public static func run(
    _ tool: String, _ arguments: [String], environment: [String: String] = [:], cwd: String? = nil,
    timeout: Double = 120
  ) throws -> Output {
    Output(
      try ChildProcess.runBlocking(
        tool, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
        cwd: cwd, timeout: timeout))
  }
}

extension Peers.Output {
  init(_ output: ChildProcess.Output) {
    status = output.timedOut ? -1 : output.status
    stdout = output.stdout
    stderr = output.stderr + (output.timedOut ? "\n[timed out and was stopped]" : "")
  }
}
