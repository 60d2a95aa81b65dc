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

  /// Runs labctl with arguments; waits up to `timeout` seconds.
  public static func run(_ arguments: [String], cwd: String? = nil, timeout: Double = 60) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = arguments
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(10_000) }
    if p.isRunning { p.terminate() }
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }
}
