import Foundation

/// A TCP listener on 127.0.0.1 that stands in for a lab host in probe tests: it accepts and holds, answers
/// HTTP, accepts and never answers, or drips a byte at a time. Its threads end with `close()` (or the test
/// process); nothing it does leaves loopback.
public final class StandIn: @unchecked Sendable {
  public enum Behaviour: Sendable {
    /// Accepts and holds the connection open until the peer closes it (then closes its end: a stand-in probed
    /// every second for minutes must not pile up half-closed sockets).
    case accept
    /// Accepts, reads nothing, answers nothing.
    case hang
    /// Accepts and sends one byte of an HTTP status line every 100 ms, forever.
    case drip
    /// Answers every request with this status and body, then closes.
    case http(status: Int, body: String)
    /// Answers the requests with these statuses in turn (the last one from then on), and keeps each request.
    case recordHTTP(statuses: [Int])
  }

  /// The requests a `.recordHTTP` stand-in received (head and body), in order.
  public var received: [String] { lock.withLock { requests } }
  private var requests: [String] = []

  public let port: Int
  /// The loopback address it listens on: 127.0.0.1, or one of its own (`uniqueLoopback()`).
  public let host: String
  public let behaviour: Behaviour
  private let listener: Int32
  private let lock = NSLock()
  private var connections: [Int32] = []
  private var served: Set<Int32> = []
  private var listenerOpen = true
  private var closed = false
  /// With `takeDown()`: keep the port, bound and not listening, so a connection is refused and no other
  /// listener of the test process picks the same number meanwhile.
  private var holdPort = false
  private var placeholder: Int32 = -1

  /// Listens on `host` (an address in 127.0.0.0/8) at `port` (0: a free one).
  public init(_ behaviour: Behaviour, port: Int = 0, host: String = "127.0.0.1") throws {
    self.behaviour = behaviour
    self.host = host
    let fd = Self.boundSocket(host: host, port: port)
    guard fd >= 0, listen(fd, 512) == 0 else {
      let reason = String(cString: strerror(errno))
      if fd >= 0 { Foundation.close(fd) }
      throw DaemonError(message: "cannot listen on \(host):\(port): \(reason)")
    }
    var addr = sockaddr_in()
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    self.port = Int(UInt16(bigEndian: addr.sin_port))
    listener = fd
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "StandIn \(self.port)"
    thread.start()
  }

  /// The listener's address, `HOST:PORT`.
  public var endpoint: String { "\(host):\(port)" }

  private static let loopbackLock = NSLock()
  nonisolated(unsafe) private static var loopbackCount = 0
  private static let loopbackOctet = Int.random(in: 100..<200)

  /// An address in 127.0.0.0/8 no other stand-in of this process has had, and that no other listener of the
  /// tests uses (they bind 127.0.0.1): a host taken down with `takeDown()` cannot come back as some other
  /// test's listener that happened to get its port number.
  public static func uniqueLoopback() -> String {
    let n = loopbackLock.withLock {
      loopbackCount += 1
      return loopbackCount
    }
    return "127.\(loopbackOctet).\(n / 250 % 250).\(n % 250 + 2)"
  }

  /// A port on 127.0.0.1 with nothing listening just now.
  public static func closedPort() throws -> Int { try FreePort.pick() }

  /// Stops listening and drops every connection: the host is gone. Descriptors are only shut down here; each is
  /// closed by whoever last uses it, under the lock, so no thread ever touches a number the kernel reused.
  public func close() {
    lock.withLock {
      guard !closed else { return }
      closed = true
      if listenerOpen { shutdown(listener, Int32(SHUT_RDWR)) }
      for fd in connections {
        shutdown(fd, Int32(SHUT_RDWR))
        Foundation.close(fd)
      }
      connections = []
      for fd in served { shutdown(fd, Int32(SHUT_RDWR)) }
    }
  }

  /// The host goes away but its address stays taken: like `close()`, and the port is kept bound (not
  /// listening) until this stand-in is released, so probes of it are refused rather than answered by a
  /// listener another test opened on the freed number.
  public func takeDown() {
    lock.withLock { holdPort = true }
    close()
  }

  deinit {
    close()
    if placeholder >= 0 { Foundation.close(placeholder) }
  }

  /// A socket bound to the port, never listening.
  private func bindPlaceholder() -> Int32 { Self.boundSocket(host: host, port: port) }

  /// A TCP socket bound to `host`:`port` (0: a free one) with SO_REUSEADDR, or -1 (errno says why).
  private static func boundSocket(host: String, port: Int) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr(host)
    let bound = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if bound != 0 {
      Foundation.close(fd)
      return -1
    }
    return fd
  }

  private func acceptLoop() {
    defer {
      lock.withLock {
        listenerOpen = false
        Foundation.close(listener)
        if holdPort { placeholder = bindPlaceholder() }
      }
    }
    while true {
      let fd = accept(listener, nil, nil)
      if fd < 0 {
        if errno == EINTR { continue }
        return
      }
      let threaded: Bool
      switch behaviour {
      case .hang: threaded = false
      case .accept, .drip, .http, .recordHTTP: threaded = true
      }
      let keep: Bool = lock.withLock {
        if closed {
          Foundation.close(fd)
          return false
        }
        if threaded { served.insert(fd) } else { connections.append(fd) }
        return true
      }
      guard keep else { return }
      if threaded {
        let thread = Thread { [self] in
          serve(fd)
          lock.withLock {
            served.remove(fd)
            Foundation.close(fd)
          }
        }
        thread.start()
      }
    }
  }

  private var isClosed: Bool { lock.withLock { closed } }

  private func serve(_ fd: Int32) {
    switch behaviour {
    case .drip:
      let line = Array("HTTP/1.1 200 OK\r\nX-Drip: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100_000)
      for byte in line {
        if isClosed { return }
        var b = byte
        if send(fd, &b, 1, Int32(MSG_NOSIGNAL)) != 1 { return }
        usleep(100_000)
      }
    case .http(let status, let body):
      guard readRequest(fd) != nil else { return }
      reply(fd, status: status, body: body)
    case .recordHTTP(let statuses):
      guard let request = readRequest(fd) else { return }
      let index = lock.withLock {
        requests.append(request)
        return requests.count - 1
      }
      reply(fd, status: statuses.isEmpty ? 200 : statuses[min(index, statuses.count - 1)], body: "")
    case .accept:
      // Hold until the peer closes (or `close()` shuts the socket down); whatever it sends is read and dropped.
      var buffer = [UInt8](repeating: 0, count: 512)
      while recv(fd, &buffer, buffer.count, 0) > 0 {}
    case .hang:
      return
    }
  }

  /// One request: its head, and as many body bytes as `Content-Length` says; nil when the peer goes away.
  private func readRequest(_ fd: Int32) -> String? {
    var request: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.contains(subsequence: [13, 10, 13, 10]) {
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { return nil }
      request += buffer[0..<n]
      if request.count > 65536 { return nil }
    }
    let text = String(decoding: request, as: UTF8.self)
    let length =
      text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
      .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
    let headEnd = (text.range(of: "\r\n\r\n").map { text.utf8.distance(from: text.startIndex, to: $0.upperBound) }) ?? 0
    while request.count - headEnd < min(length, 1 << 20) {
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { return nil }
      request += buffer[0..<n]
    }
    return String(decoding: request, as: UTF8.self)
  }

  private func reply(_ fd: Int32, status: Int, body: String) {
    let bytes = Array(body.utf8)
    let head = "HTTP/1.1 \(status) Stand-in\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
    let reply = Array(head.utf8) + bytes
    _ = reply.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }
}

extension Array where Element == UInt8 {
  fileprivate func contains(subsequence: [UInt8]) -> Bool {
    guard count >= subsequence.count else { return false }
    for i in 0...(count - subsequence.count) where self[i..<(i + subsequence.count)].elementsEqual(subsequence) {
      return true
    }
    return false
  }
}
