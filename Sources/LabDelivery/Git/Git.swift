import Foundation
import LabIO

/// A failed git command, told without the environment (which may hold a token).
public struct GitError: Error, Sendable, CustomStringConvertible {
  public var command: String
  public var status: Int32
  public var output: String
  public var description: String {
    "git \(command) failed (exit \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
  }
}

/// Runs `git` in a working directory: C locale (so its messages can be read), no prompts, labctl as the
/// committer unless the environment names one.
public struct Git: Sendable {
  public var directory: String
  public var executable: String

  public init(directory: String, executable: String = Git.find()) {
    self.directory = directory
    self.executable = executable
  }

  /// git on PATH (or /usr/bin/git).
  public static func find() -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
      ?? "/usr/bin/git"
  }

  /// What a command printed and how it ended.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs `git ARGS`; never throws for a non-zero exit (see `run`).
  @discardableResult
  public func attempt(_ arguments: [String], input: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C"
    environment["GIT_TERMINAL_PROMPT"] = "0"
    for (key, value) in [
      ("GIT_AUTHOR_NAME", "labctl"), ("GIT_AUTHOR_EMAIL", "labctl@localhost"), ("GIT_COMMITTER_NAME", "labctl"),
      ("GIT_COMMITTER_EMAIL", "labctl@localhost"),
    ] where environment[key] == nil {
      environment[key] = value
    }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let inPipe = input == nil ? nil : Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe ?? FileHandle.nullDevice
    try ProcessLaunch.run(process)
    if let input, let inPipe {
      inPipe.fileHandleForWriting.write(Data(input.utf8))
      try? inPipe.fileHandleForWriting.close()
    }
    // Both pipes drained at once: a child filling one cannot deadlock on the other.
    let errData = LockedData()
    let errThread = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    errThread.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errText = String(decoding: errData.wait(), as: UTF8.self)
    process.waitUntilExit()
    // Closed here, not left to the pipes' deallocation: corelibs-foundation can keep a finished Process (and
    // so its pipes) alive, one descriptor per pipe per run, in a server that runs git for every dispatch.
    try? out.fileHandleForReading.close()
    try? err.fileHandleForReading.close()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: errText)
  }

  /// Runs `git ARGS` and returns its standard output; throws `GitError` on a non-zero exit.
  @discardableResult
  public func run(_ arguments: [String], input: String? = nil) throws -> String {
    let result = try attempt(arguments, input: input)
    guard result.status == 0 else {
      throw GitError(
        command: arguments.first ?? "", status: result.status, output: Redact.url(result.stderr + result.stdout))
    }
    return result.stdout
  }
}

/// Data one thread sets and another waits for.
final class LockedData: @unchecked Sendable {
  private let lock = NSCondition()
  private var data: Data?

  func set(_ value: Data) {
    lock.lock()
    data = value
    lock.broadcast()
    lock.unlock()
  }

  func wait() -> Data {
    lock.lock()
    defer { lock.unlock() }
    while data == nil { lock.wait() }
    return data ?? Data()
  }
}

/// Removes credentials from text before it is shown.
public enum Redact {
  /// `https://user:token@host/…` → `https://***@host/…`.
  public static func url(_ text: String) -> String {
    text.replacing(#/([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@/#) { "\($0.output.1)***@" }
  }
}
