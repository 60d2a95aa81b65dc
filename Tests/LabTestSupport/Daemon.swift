import Foundation

/// A free TCP+UDP port on 127.0.0.1: the kernel picks one for a bound socket, which is then closed.
public enum FreePort {
  /// A port number free for both TCP and UDP on 127.0.0.1 just now.
  public static func pick() throws -> Int {
    for _ in 0..<20 {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var addr = sockaddr_in()
      addr.sin_family = sa_family_t(AF_INET)
      addr.sin_port = 0
      addr.sin_addr.s_addr = inet_addr("127.0.0.1")
      let bound = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      guard bound == 0 else { continue }
      var len = socklen_t(MemoryLayout<sockaddr_in>.size)
      _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
      }
      let port = Int(UInt16(bigEndian: addr.sin_port))
      // The same number must be free for UDP too (DNS listens on both).
      let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
      defer { close(udp) }
      let udpBound = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      if udpBound == 0, port > 1024 { return port }
    }
    throw DaemonError(message: "no free port on 127.0.0.1")
  }
}

public struct DaemonError: Error, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}

/// A long-running peer (knotd) the test starts and stops. It runs under `setpriv --pdeathsig KILL` when
/// setpriv is there, spawned from the one long-lived `Spawner` thread, so it dies with the test process
/// even if the test crashes (and not when a pool thread exits); `stop()` ends it otherwise.
public final class Daemon: @unchecked Sendable {
  let process = Process()
  public let log: String

  public init(_ executable: String, _ arguments: [String], log: String) throws {
    self.log = log
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    if let setpriv = Peers.find("setpriv") {
      process.executableURL = URL(fileURLWithPath: setpriv)
      process.arguments = ["--pdeathsig", "KILL", executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    let handle = FileHandle(forWritingAtPath: log)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try Spawner.run(process)
  }

  /// What the daemon logged so far.
  public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

  public func stop() {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }
}

/// Polls a condition until it holds or the deadline passes (a wait on a condition, never a fixed sleep).
/// It holds its thread: never from async code, where it would take one of the cooperative pool's few threads
/// (two on two cores) and stall every other test's async work for as long as it waits.
/// (Named apart from `waitUntil` on purpose: with both overloads, a closure with no `await` in it picked this one
/// even in async code, and such waits held pool threads for minutes in the full suite.)
@available(*, noasync, message: "use waitUntil: this one blocks a thread of the cooperative pool")
public func waitUntilBlocking(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  repeat {
    if try condition() { return true }
    usleep(50_000)
  } while Date() < deadline
  return try condition()
}

/// The same, suspending between polls instead of holding a thread of the cooperative pool.
public func waitUntil(seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  repeat {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(50))
  } while Date() < deadline
  return try await condition()
}

/// Runs blocking set-up (a fixture that runs git or waits for its daemon with `waitUntilBlocking`) on a thread of
/// its own and awaits it: called directly from an async test it held one of the cooperative pool's threads (two
/// on two cores) for as long as it waited, and two at once stalled every other test's async work.
/// `name` names the thread (in a debugger's or a crash report's thread list). It throws what `work` throws, so
/// blocking work that cannot fail (a read with a deadline) is awaited without `try`.
public func offPool<T: Sendable, E: Error>(
  name: String = "offPool", _ work: @escaping @Sendable () throws(E) -> T
) async throws(E) -> T {
  let result: Result<T, E> = await withCheckedContinuation { done in
    let thread = Thread { done.resume(returning: Result { () throws(E) -> T in try work() }) }
    thread.name = name
    thread.start()
  }
  return try result.get()
}
