import Foundation
import LabTestSupport

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

  /// Reads one whole HTTP/1.1 response (head, then `Content-Length` bytes of body), waiting at most
  /// `seconds` for it — a generous bound, never a guess at how fast the server is: it returns as soon
  /// as the response is complete. `complete` is false when the bound passed or the server closed first.
  /// `status` is the response's status code, once its head is in.
  func readResponse(seconds: Double = 60) async -> (complete: Bool, closed: Bool, status: Int?) {
    await offPool(name: "RawConnection") { self.blockingReadResponse(seconds: seconds) }
  }

  /// Reads up to `count` whole responses sent back to back (pipelined), waiting at most `seconds` in all and
  /// returning as soon as they are in or the server closes; gives each one's status code, in order.
  func readResponses(_ count: Int, seconds: Double = 60) async -> [Int] {
    await offPool(name: "RawConnection") { self.blockingReadResponses(count, seconds: seconds) }
  }

  /// Reads one whole response and gives its body as text (empty when none came within `seconds`).
  func readBody(seconds: Double = 60) async -> String {
    await offPool(name: "RawConnection") {
      var body = ""
      _ = self.blockingReadResponses(1, seconds: seconds) { body = $0 }
      return body
    }
  }

  private func blockingReadResponses(_ count: Int, seconds: Double, body: (String) -> Void = { _ in }) -> [Int] {
    var received: [UInt8] = []
    var statuses: [Int] = []
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while statuses.count < count, Date() < deadline {
      if let needed = Self.responseLength(received), received.count >= needed {
        let line = String(decoding: received.prefix(16), as: UTF8.self)
        statuses.append(Int(line.dropFirst(9).prefix(3)) ?? 0)
        if let split = String(decoding: received[0..<needed], as: UTF8.self).range(of: "\r\n\r\n") {
          body(String(String(decoding: received[0..<needed], as: UTF8.self)[split.upperBound...]))
        }
        received.removeFirst(needed)
        continue
      }
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
      if ready <= 0 { continue }
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { break }
      received += buffer[0..<n]
    }
    return statuses
  }

  /// Waits at most `seconds` for the server to close the connection, returning as soon as it does.
  func waitClosed(seconds: Double = 60) async -> Bool {
    await offPool(name: "RawConnection") { self.blockingRead(seconds: seconds, untilClosed: true).closed }
  }

  private func blockingReadResponse(seconds: Double) -> (complete: Bool, closed: Bool, status: Int?) {
    var received: [UInt8] = []
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    func status() -> Int? {
      let line = String(decoding: received.prefix(16), as: UTF8.self)
      return line.hasPrefix("HTTP/1.") ? Int(line.dropFirst(9).prefix(3)) : nil
    }
    while Date() < deadline {
      if let needed = Self.responseLength(received), received.count >= needed {
        return (true, false, status())
      }
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
      if ready <= 0 { continue }
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { return (false, true, status()) }
      received += buffer[0..<n]
    }
    return (false, false, status())
  }

  /// The full length of the response at the start of `bytes` (head + Content-Length), once the head is in.
  static func responseLength(_ bytes: [UInt8]) -> Int? {
    let end: [UInt8] = [13, 10, 13, 10]
    guard bytes.count >= 4 else { return nil }
    for i in 0...(bytes.count - 4) where Array(bytes[i..<i + 4]) == end {
      let head = String(decoding: bytes[0..<i], as: UTF8.self).lowercased()
      let length =
        head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
      return i + 4 + length
    }
    return nil
  }

  private func blockingRead(seconds: Double, untilClosed: Bool = false) -> (bytes: Int, closed: Bool) {
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

/// `send` without SIGPIPE: a write to a connection the server closed fails with EPIPE instead of
/// killing the whole test process.
private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
    send(fd, pointer, count, Int32(MSG_NOSIGNAL))
  #else
    send(fd, pointer, count, 0)
  #endif
}
