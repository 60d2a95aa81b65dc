import Foundation
import LabTestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A running `labctl serve`, started from the built binary on a free port of 127.0.0.1.
///
/// Every wait here suspends (`Task.sleep`) rather than blocking a thread: the test awaiting the server must not
/// hold one of the cooperative pool's threads, or the parallel tests beside it starve on a small machine.
final class ServeProcess: @unchecked Sendable {
  let process = Process()
  private var errReader: PipeReader?
  private(set) var port = 0

  /// The base URL, `http://127.0.0.1:PORT`.
  var base: String { "http://127.0.0.1:\(port)" }

  /// Everything the server has written to stderr so far.
  var stderr: String { String(decoding: errReader?.soFar ?? Data(), as: UTF8.self) }

  /// Starts `labctl serve ARGS --port 0` and waits until it says where it listens.
  /// `launcher` runs before the binary (`["/usr/bin/prlimit", "--nofile=256:256"]`).
  /// The bound is generous: with a parallel build beside the suite on two cores (load 20), starting the
  /// debug binary and rendering the example took 85 s once.
  static func start(_ arguments: [String], launcher: [String] = [], timeout: Double = 300) async throws
    -> ServeProcess
  {
    let server = try ServeProcess(arguments, launcher: launcher)
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline, server.process.isRunning {
      if let range = server.stderr.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
        server.port = Int(server.stderr[range].split(separator: ":").last ?? "") ?? 0
        if server.port > 0 { return server }
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    server.kill()
    throw ServeError(message: "labctl serve did not start listening within \(Int(timeout)) s:\n\(server.stderr)")
  }

  /// Launches the process; `start` waits for it to listen.
  private init(_ arguments: [String], launcher: [String]) throws {
    let command = launcher + [Labctl.binary, "serve"] + arguments + ["--port", "0"]
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    // The server dies with the test process, even when the test process is killed.
    process.environment = ProcessInfo.processInfo.environment.merging([
      "LABCTL_DIE_WITH_PARENT": "1", "LABCTL_PROBE_LOOPBACK_ONLY": "1",
    ]) { _, new in new }
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try Spawner.run(process)
    // Read on a thread of its own to the end of the pipe, where the same thread closes it (PipeReader).
    errReader = PipeReader(err.fileHandleForReading, name: "ServeProcess stderr")
  }

  /// GET `path`: status, headers and body. Times out after 10 s.
  func get(_ path: String, headers: [String: String] = [:]) async throws
    -> (status: Int, headers: [String: String], body: Data)
  {
    var request = URLRequest(url: URL(string: base + path)!)
    request.timeoutInterval = 10
    for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as! HTTPURLResponse
    var fields: [String: String] = [:]
    for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
    return (http.statusCode, fields, data)
  }

  /// Polls until `/readyz` answers 200 or `seconds` pass.
  func waitReady(seconds: Double = 300) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline, process.isRunning {
      if let r = try? await get("/readyz"), r.status == 200 { return true }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return false
  }

  /// Sends `signal` to the server.
  func send(_ signal: Int32) { _ = Foundation.kill(process.processIdentifier, signal) }

  /// Sends SIGTERM and waits up to `seconds` for the exit; returns the exit status, or nil on a timeout
  /// (the process is then killed).
  func stop(seconds: Double = 30) async -> Int32? {
    send(SIGTERM)
    return await waitExit(seconds: seconds)
  }

  /// Waits up to `seconds` for the server to exit (after a signal sent with `send`); returns the exit
  /// status, or nil on a timeout (the process is then killed).
  func waitExit(seconds: Double = 60) async -> Int32? {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    if process.isRunning {
      kill()
      return nil
    }
    return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
  }

  /// Kills the server at once (SIGKILL) if it still runs: for `defer`, where nothing can be awaited.
  func kill() { if process.isRunning { send(SIGKILL) } }

  deinit { kill() }
}

struct ServeError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
