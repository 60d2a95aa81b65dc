import Foundation

/// A raw HTTP/1.1 client on 127.0.0.1 that sends one request and keeps reading what comes back, for a
/// response that does not end (Server-Sent Events). A thread of its own reads; `close()` ends it.
public final class StreamClient: @unchecked Sendable {
  private let fd: Int32
  private let lock = NSLock()
  private var buffer = ""
  private var ended = false

  /// Connects to 127.0.0.1:`port` and sends `GET path`.
  public init(port: Int, path: String) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      Foundation.close(fd)
      throw DaemonError(message: "cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
    }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    let thread = Thread { [self] in read() }
    thread.name = "StreamClient \(port)"
    thread.start()
  }

  /// Everything received so far (head and body).
  public var text: String { lock.withLock { buffer } }
  /// True once the server closed the stream.
  public var hasEnded: Bool { lock.withLock { ended } }

  private func read() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = recv(fd, &chunk, chunk.count, 0)
      if n <= 0 { break }
      let text = String(decoding: chunk[0..<n], as: UTF8.self)
      lock.withLock { if buffer.utf8.count < 4 << 20 { buffer += text } }
    }
    lock.withLock { ended = true }
  }

  /// Shuts the connection; the reading thread ends.
  public func close() { shutdown(fd, Int32(SHUT_RDWR)) }

  deinit {
    shutdown(fd, Int32(SHUT_RDWR))
    Foundation.close(fd)
  }
}
