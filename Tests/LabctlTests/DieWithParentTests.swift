import Foundation
import LabIO
import LabTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `LABCTL_DIE_WITH_PARENT=1`: a labctl the tests start ends when the test process ends, and only then.
@Suite("labctl dies with its parent process, not with the thread that spawned it")
struct DieWithParentTests {
  /// Polls `file` until it says where the server listens; nil when `seconds` pass first.
  static func listeningPort(in file: String, seconds: Double = 300) async -> Int? {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
      let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
      if let range = text.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression),
        let port = Int(text[range].split(separator: ":").last ?? ""), port > 0
      {
        return port
      }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return nil
  }

  /// Suspends until `semaphore` is signalled, without holding a thread of the cooperative pool.
  static func wait(for semaphore: DispatchSemaphore) async {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        semaphore.wait()
        continuation.resume()
      }
    }
  }

  /// Whether `pid` is gone (or a zombie nobody has reaped yet).
  static func gone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return true }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    return stat.range(of: ") Z ") != nil
  }

  @Test("a server spawned from a thread that then exits keeps serving")
  func outlivesSpawningThread() async throws {
    let dir = NSTemporaryDirectory() + "labctl-parent-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let errFile = dir + "/serve.err"
    _ = FileManager.default.createFile(atPath: errFile, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Labctl.binary)
    process.arguments = ["serve", TestLab.example, "--poll", "3600", "--port", "0"]
    process.environment = ProcessInfo.processInfo.environment.merging(["LABCTL_DIE_WITH_PARENT": "1"]) { _, new in
      new
    }
    process.standardError = FileHandle(forWritingAtPath: errFile)
    process.standardOutput = FileHandle.nullDevice
    defer {
      if process.isRunning { process.terminate() }
      process.waitUntilExit()
    }
    // Spawn from a thread of its own, keep it until the server is up (so the server has armed its watch
    // while that thread is its parent), then let it end: PR_SET_PDEATHSIG would fire there.
    let spawned = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var failure: (any Error)?
    nonisolated(unsafe) var tid = ""
    let thread = Thread {
      // "PID/task/TID"
      tid = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
      do { try ProcessLaunch.run(process) } catch { failure = error }
      spawned.signal()
      release.wait()
    }
    thread.start()
    await Self.wait(for: spawned)
    if let failure { throw failure }
    let port = try #require(await Self.listeningPort(in: errFile), "no listening line in \(errFile)")
    release.signal()
    let threadGone = await waitUntil(seconds: 120) { !FileManager.default.fileExists(atPath: "/proc/\(tid)") }
    #expect(threadGone, "the spawning thread \(tid) did not end")
    // Ready, or ended (then the expectation below says so).
    let ready = await waitUntil(seconds: 300) {
      guard process.isRunning else { return true }
      var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/readyz")!)
      request.timeoutInterval = 10
      guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
      return (response as? HTTPURLResponse)?.statusCode == 200
    }
    let log = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
    #expect(ready, "the server never became ready:\n\(log)")
    _ = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/")!)
    #expect(process.isRunning, "the server ended after its spawning thread did:\n\(log)")
  }

  @Test("a server whose parent process is killed ends")
  func endsWithParentProcess() async throws {
    let dir = NSTemporaryDirectory() + "labctl-parent-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let errFile = dir + "/serve.err"
    let pidFile = dir + "/serve.pid"
    // sh starts labctl in the background and then becomes a placeholder parent (exec), which we kill.
    let parent = Process()
    parent.executableURL = URL(fileURLWithPath: "/bin/sh")
    parent.arguments = [
      "-c",
      #"LABCTL_DIE_WITH_PARENT=1 "$0" serve "$1" --poll 3600 --port 0 2>"$2" & echo $! >"$3"; exec sleep 3600"#,
      Labctl.binary, TestLab.example, errFile, pidFile,
    ]
    parent.standardOutput = FileHandle.nullDevice
    try Spawner.run(parent)
    defer {
      if parent.isRunning { kill(parent.processIdentifier, SIGKILL) }
      parent.waitUntilExit()
    }
    let port = await Self.listeningPort(in: errFile)
    let pidText = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
    let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)), "no pid in \(pidFile)")
    defer { if !Self.gone(pid) { kill(pid, SIGKILL) } }
    #expect(port != nil, "the server did not start")
    kill(parent.processIdentifier, SIGKILL)
    parent.waitUntilExit()
    let ended = await waitUntil(seconds: 120) { Self.gone(pid) }
    #expect(ended, "labctl \(pid) kept running after its parent was killed")
  }
}
