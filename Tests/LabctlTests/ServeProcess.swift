import Foundation
import LabTestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A running `labctl serve`, started from the built binary on a free port of 127.0.0.1.
final class ServeProcess: @unchecked Sendable {
  let process = Process()
  private let lock = NSLock()
  private var errText = ""
  private(set) var port = 0

  /// The base URL, `http://127.0.0.1:PORT`.
  var base: String { "http://127.0.0.1:\(port)" }

  /// Everything the server has written to stderr so far.
  var stderr: String { lock.withLock { errText } }

  /// Starts `labctl serve ARGS --port 0` and waits until it says where it listens.
  init(_ arguments: [String], timeout: Double = 60) throws {
    process.executableURL = URL(fileURLWithPath: Labctl.binary)
    process.arguments = ["serve"] + arguments + ["--port", "0"]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    err.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.withLock { self.errText += String(decoding: data, as: UTF8.self) }
    }
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline, process.isRunning {
      if let range = stderr.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
        port = Int(stderr[range].split(separator: ":").last ?? "") ?? 0
        if port > 0 { return }
      }
      usleep(20_000)
    }
    process.terminate()
    throw ServeError(message: "labctl serve did not start listening:\n\(stderr)")
  }

  /// GET `path`: status, headers and body. Times out after 10 s.
  func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: Data) {
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
  func waitReady(seconds: Double = 30) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if let r = try? await get("/readyz"), r.status == 200 { return true }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return false
  }

  /// Sends `signal` to the server.
  func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

  /// Sends SIGTERM and waits up to `seconds` for the exit; returns the exit status, or nil on a timeout
  /// (the process is then killed).
  func stop(seconds: Double = 15) -> Int32? {
    send(SIGTERM)
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      send(SIGKILL)
      process.waitUntilExit()
      return nil
    }
    process.waitUntilExit()
    return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
  }

  deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct ServeError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
