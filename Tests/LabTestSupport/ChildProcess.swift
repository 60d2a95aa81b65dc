import Foundation

/// Runs a child process to completion with its pipes drained on dedicated threads, never on Swift's cooperative
/// pool. `run` suspends the awaiting test instead of holding one of the pool's few threads (two on a 2-core
/// machine) while the child works, so the tests running beside it are not starved.
public enum ChildProcess {
  /// What a child printed and how it ended.
  public struct Output: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the child outlived its timeout and was stopped (SIGTERM, then SIGKILL).
    public var timedOut: Bool
  }

  /// Runs `executable` and awaits its end, up to `timeout` seconds; stderr goes into stdout when `mergeOutput`;
  /// standard input is the file at `input` (else empty).
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, cwd: String? = nil,
    timeout: Double = 60, mergeOutput: Bool = false, input: String? = nil
  ) async throws -> Output {
    try await offPool(name: "ChildProcess \(URL(fileURLWithPath: executable).lastPathComponent)") {
      try runBlocking(
        executable, arguments, environment: environment, cwd: cwd, timeout: timeout, mergeOutput: mergeOutput,
        input: input)
    }
  }

  /// The same, blocking the calling thread while the child runs (for synchronous callers).
  public static func runBlocking(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, cwd: String? = nil,
    timeout: Double = 60, mergeOutput: Bool = false, input: String? = nil
  ) throws -> Output {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe()
    let err = mergeOutput ? out : Pipe()
    p.standardOutput = out
    p.standardError = err
    if let input {
      guard let file = FileHandle(forReadingAtPath: input) else { throw CocoaError(.fileReadNoSuchFile) }
      p.standardInput = file
    } else {
      p.standardInput = FileHandle.nullDevice
    }
    let exited = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in exited.signal() }
    // Launched from the one spawner thread: Foundation's Process.run() crashed (SIGSEGV in memcpy inside
    // Process.run) with several tests launching children from pool threads at once in the full suite.
    try Spawner.run(p)
    // Both pipes are drained at once, each on its own thread: a child that fills one pipe while we read the
    // other cannot deadlock, and nothing here waits on the cooperative pool.
    let outReader = PipeReader(out.fileHandleForReading)
    let errReader = mergeOutput ? nil : PipeReader(err.fileHandleForReading)
    var timedOut = false
    if exited.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      p.terminate()
      if exited.wait(timeout: .now() + 5) == .timedOut {
        kill(p.processIdentifier, SIGKILL)
        _ = exited.wait(timeout: .now() + 5)
      }
    }
    // A grandchild can keep a pipe open after the child exits: wait for the readers, but not forever.
    let stdout = outReader.finish(within: 10)
    let stderr = errReader?.finish(within: 10) ?? Data()
    return Output(
      status: p.isRunning ? -1 : p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
  }
}

/// Reads a pipe to its end on a dedicated thread, which closes it there; what was read so far is available at
/// any time, everything after a bounded wait. Not a `readabilityHandler`: that is a dispatch source on the
/// descriptor, and a pipe closed under a live source crashed the whole test process in libdispatch's
/// `_dispatch_event_loop_drain`.
public final class PipeReader: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  public init(_ handle: FileHandle, name: String = "PipeReader") {
    let thread = Thread { [self] in
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        lock.withLock { data.append(chunk) }
      }
      // Closed at its end by the one thread reading it: corelibs-foundation keeps a Process with a
      // terminationHandler alive after it ends, and with it this pipe — two descriptors per child otherwise,
      // 1,300 of them in a full test run, enough to fill the /proc/self/fd listing Process.run reads.
      try? handle.close()
      done.signal()
    }
    thread.name = name
    thread.start()
  }

  /// Everything read once the pipe closes, or what was read within `seconds`.
  public func finish(within seconds: Double) -> Data {
    _ = done.wait(timeout: .now() + seconds)
    return lock.withLock { data }
  }

  /// What was read so far, without waiting.
  public var soFar: Data { lock.withLock { data } }
}
