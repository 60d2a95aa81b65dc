import CompressNIO
import NIOCore

/// Gzip for pre-rendered bodies, done once per reload, never per request.
enum Gzip {
  /// Content types worth compressing: text, JSON, SVG, CSS.
  static func isCompressible(_ contentType: String) -> Bool {
    contentType.hasPrefix("text/") || contentType.hasPrefix("application/json")
      || contentType.hasPrefix("image/svg+xml") || contentType.hasPrefix("application/xml")
  }

  /// The gzip encoding of `bytes` at the best level, or nil when it would not be smaller.
  static func compress(_ bytes: ByteBuffer) -> ByteBuffer? {
    var input = bytes
    let config = ZlibConfiguration(windowSize: 15, compressionLevel: 9, memoryLevel: 8, strategy: .default)
    guard let out = try? input.compress(with: .gzip(configuration: config)),
      out.readableBytes < bytes.readableBytes
    else { return nil }
    return out
  }

  /// Whether an `Accept-Encoding` value accepts gzip (`gzip`, `x-gzip` or `*`, with a non-zero q).
  static func accepts(_ acceptEncoding: String) -> Bool {
    for part in acceptEncoding.split(separator: ",") {
      let fields = part.split(separator: ";")
      guard let name = fields.first?.trimmingSpaces.lowercased(),
        name == "gzip" || name == "x-gzip" || name == "*"
      else { continue }
      let zero = fields.dropFirst().contains { param in
        let p = param.trimmingSpaces.lowercased()
        return p.hasPrefix("q=") && (Double(p.dropFirst(2)) ?? 1) == 0
      }
      if !zero { return true }
    }
    return false
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var s = self
    while s.first == " " || s.first == "\t" { s = s.dropFirst() }
    while s.last == " " || s.last == "\t" { s = s.dropLast() }
    return s
  }
}
