/// Strong entity tags: a stable hash of the exact bytes served.
enum ETag {
  /// `"<fnv1a-64 hex>-<length hex>"`, with a `-gz` suffix for the gzip representation.
  static func strong(_ bytes: some Sequence<UInt8>, count: Int, suffix: String = "") -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "-" + String(count, radix: 16) + suffix + "\""
  }

  /// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for GET).
  static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
    if ifNoneMatch.utf8.count == 1 && ifNoneMatch == "*" { return true }
    for part in ifNoneMatch.split(separator: ",") {
      var tag = part.trimmingSpaces
      if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
      if tag == etag { return true }
    }
    return false
  }
}
