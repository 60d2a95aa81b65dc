import Foundation

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

  /// True when CI demands every peer (`LABCTL_REQUIRE_PEERS=1`): a missing one fails.
  public static var required: Bool { ProcessInfo.processInfo.environment["LABCTL_REQUIRE_PEERS"] == "1" }

  /// What a peer printed and how it exited.
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs a tool with extra environment, in `cwd`, up to `timeout` seconds.
  public static func run(
    _ tool: String, _ arguments: [String], environment: [String: String] = [:], cwd: String? = nil,
    timeout: Double = 120
  ) throws -> Output {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
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
    return Output(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }
}
