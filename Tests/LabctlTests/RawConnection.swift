import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One plain TCP connection to 127.0.0.1, for what an HTTP client library hides: whether the server
/// keeps or closes an idle keep-alive connection.
final class RawConnection: @unchecked Sendable {
  private let fd: Int32

  init?(port: Int) {
    #if canImport(Glibc)
      fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(fd)
      return nil
    }
  }

  deinit { close(fd) }

  func send(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress, $0.count) } == bytes.count
  }

  /// Reads what arrives within `seconds` on a thread of its own (the wait blocks; the caller only
  /// suspends): the byte count, and whether the server closed the connection.
  func read(seconds: Double) async -> (bytes: Int, closed: Bool) {
    await withCheckedContinuation { done in
      Thread { done.resume(returning: self.blockingRead(seconds: seconds)) }.start()
    }
  }

  private func blockingRead(seconds: Double) -> (bytes: Int, closed: Bool) {
    var total = 0
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
      if ready <= 0 { continue }
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { return (total, true) }
      total += n
    }
    return (total, false)
  }
}

private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
  send(fd, pointer, count, 0)
}
