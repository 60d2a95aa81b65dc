import NIOCore
import NIOHTTP1

/// RFC 9112 §3.2: an HTTP/1.1 request must carry exactly one `Host` header; a server answers any other
/// with 400. Checked in the pipeline (`PageFastPathHandler`), before the fast path or the router sees it.
enum MissingHost {
  /// Whether `head` breaks the rule: HTTP/1.1 (or later 1.x) with no `Host` header or more than one.
  static func violated(by head: HTTPRequestHead) -> Bool {
    guard head.version.major == 1, head.version.minor >= 1 else { return false }
    return head.headers["host"].count != 1
  }

  static let text = "400 bad request: an HTTP/1.1 request needs exactly one Host header (RFC 9112, section 3.2)\n"

  /// The 400 answer; the connection is closed after it.
  static func response(date: String) -> (HTTPResponseHead, ByteBuffer) {
    let body = ByteBuffer(string: text)
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
    headers.add(name: "Content-Length", value: String(body.readableBytes))
    headers.add(name: "Cache-Control", value: "no-store")
    headers.add(name: "X-Content-Type-Options", value: "nosniff")
    headers.add(name: "Connection", value: "close")
    headers.add(name: "Date", value: date)
    return (HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers), body)
  }
}
