import Foundation

/// Runs the built `labctl` binary, as a user would.
public enum Labctl {
  public struct Run: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The built binary: beside the test bundle in `.build/<config>/`.
  public static var binary: String {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("labctl").path,
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("labctl").path,
      TestLab.repoRoot + "/.build/debug/labctl",
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
  }

  /// Runs labctl with arguments and awaits it, up to `timeout` seconds; standard input is the file at `input`
  /// (else empty). The child is waited for on a dedicated thread, so the awaiting test leaves the cooperative
  /// pool to the tests beside it (prefer this in tests).
  public static func run(_ arguments: [String], cwd: String? = nil, timeout: Double = 120, input: String? = nil)
    async throws -> Run
  {
    Run(
      try await ChildProcess.run(
        binary, arguments, environment: environment, cwd: cwd, timeout: timeout, input: input))
  }

  /// Runs labctl with arguments, blocking the calling thread, up to `timeout` seconds.
  public static func run(_ arguments: [String], cwd: String? = nil, timeout: Double = 120) throws -> Run {
    Run(try ChildProcess.runBlocking(binary, arguments, environment: environment, cwd: cwd, timeout: timeout))
  }

  /// The environment labctl runs in: this process's, `LABCTL_DIE_WITH_PARENT=1` so a child outlives no killed
  /// test run, and `LABCTL_PROBE_LOOPBACK_ONLY=1` so no probe a test starts can leave 127.0.0.0/8, whatever
  /// flags it passes (`--allow-network` included): such a probe is refused and the test fails.
  static var environment: [String: String] {
    ProcessInfo.processInfo.environment.merging(
      ["LABCTL_DIE_WITH_PARENT": "1", "LABCTL_PROBE_LOOPBACK_ONLY": "1"]
    ) { _, new in new }
  }
}

extension Labctl.Run {
  init(_ output: ChildProcess.Output) {
    status = output.timedOut ? -1 : output.status
    stdout = output.stdout
    stderr = output.stderr + (output.timedOut ? "\n[labctl timed out and was stopped]" : "")
  }
}
