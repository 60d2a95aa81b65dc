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
/// setpriv is there, so it dies with the test process even if the test crashes; `stop()` ends it otherwise.
///
/// The kernel sends the parent-death signal when the *thread* that started the child ends, not the process,
/// and the threads of Swift's cooperative pool come and go on a busy machine: so the daemon is started from a
/// thread of its own that lives until `stop()`, or a peer could be killed in the middle of its test.
public final class Daemon: @unchecked Sendable {
  let process = Process()
  public let log: String
  private let release = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var released = false

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
    let started = DispatchSemaphore(value: 0)
    let failure = LockedBox<(any Error)?>(nil)
    let thread = Thread { [process, release] in
      do { try process.run() } catch { failure.value = error }
      started.signal()
      release.wait()
    }
    thread.name = "Daemon \(URL(fileURLWithPath: executable).lastPathComponent)"
    thread.start()
    started.wait()
    if let error = failure.value {
      releaseThread()
      throw error
    }
  }

  private func releaseThread() {
    lock.withLock {
      guard !released else { return }
      released = true
      release.signal()
    }
  }

  deinit { releaseThread() }

  /// What the daemon logged so far.
  public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

  public func stop() {
    guard process.isRunning else { return releaseThread() }
    process.terminate()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    releaseThread()
  }
}

/// A value shared between threads under a lock.
final class LockedBox<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T
  init(_ value: T) { stored = value }
  var value: T {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

/// Polls a condition until it holds or the deadline passes (a wait on a condition, never a fixed sleep).
public func waitUntil(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
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
