import LabModel

/// The few parts of the DNS wire format (RFC 1035) a check needs: one question out, the answers back in
/// presentation form.
enum DNSMessage {
  /// A query for `name`/`type`, class IN, recursion desired.
  static func query(id: UInt16, name: String, type: DNSRecordType) -> [UInt8]? {
    var out: [UInt8] = [UInt8(id >> 8), UInt8(id & 255), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
    for label in name.split(separator: ".") {
      let bytes = Array(label.utf8)
      guard (1...63).contains(bytes.count) else { return nil }
      out.append(UInt8(bytes.count))
      out += bytes
    }
    out.append(0)
    guard out.count <= 12 + 255 + 1 else { return nil }
    out += [UInt8(type.code >> 8), UInt8(type.code & 255), 0, 1]
    return out
  }

  /// What came back: the response code and each answer of the asked type, in presentation form.
  struct Reply: Sendable, Hashable {
    var id: UInt16
    var rcode: Int
    var answers: [String]
  }

  static let rcodes = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]

  /// Parses a response; nil when it is malformed (every read is bounds-checked).
  static func parse(_ m: [UInt8], type: DNSRecordType) -> Reply? {
    guard m.count >= 12, m[2] & 0x80 != 0 else { return nil }
    var reader = Reader(bytes: m, at: 12)
    let qd = Int(m[4]) << 8 | Int(m[5])
    let an = Int(m[6]) << 8 | Int(m[7])
    for _ in 0..<qd {
      guard reader.name() != nil, reader.skip(4) else { return nil }
    }
    var answers: [String] = []
    for _ in 0..<an {
      guard reader.name() != nil, let rtype = reader.u16(), reader.skip(6), let length = reader.u16() else {
        return nil
      }
      let end = reader.at + Int(length)
      guard end <= m.count else { return nil }
      if rtype == type.code, let text = rdata(&reader, type: type, end: end) { answers.append(text) }
      reader.at = end
    }
    return Reply(id: UInt16(m[0]) << 8 | UInt16(m[1]), rcode: Int(m[3] & 0x0f), answers: answers.sorted())
  }

  private static func rdata(_ r: inout Reader, type: DNSRecordType, end: Int) -> String? {
    switch type {
    case .a:
      guard end - r.at == 4 else { return nil }
      return r.bytes[r.at..<end].map(String.init).joined(separator: ".")
    case .aaaa:
      guard end - r.at == 16 else { return nil }
      return stride(from: r.at, to: end, by: 2).map { String(Int(r.bytes[$0]) << 8 | Int(r.bytes[$0 + 1]), radix: 16) }
        .joined(separator: ":")
    case .cname, .ns:
      return r.name()
    case .mx:
      guard let preference = r.u16(), let host = r.name() else { return nil }
      return "\(preference) \(host)"
    case .txt:
      var parts: [String] = []
      while r.at < end {
        let n = Int(r.bytes[r.at])
        guard r.at + 1 + n <= end else { return nil }
        parts.append(String(decoding: r.bytes[(r.at + 1)..<(r.at + 1 + n)], as: UTF8.self))
        r.at += 1 + n
      }
      return parts.joined()
    case .soa:
      guard let mname = r.name(), let rname = r.name() else { return nil }
      var numbers: [String] = []
      for _ in 0..<5 {
        guard let hi = r.u16(), let lo = r.u16() else { return nil }
        numbers.append(String(UInt32(hi) << 16 | UInt32(lo)))
      }
      return ([mname, rname] + numbers).joined(separator: " ")
    }
  }

  /// A cursor over a message; names follow compression pointers, at most 64 of them.
  struct Reader {
    var bytes: [UInt8]
    var at: Int

    mutating func u16() -> UInt16? {
      guard at + 2 <= bytes.count else { return nil }
      defer { at += 2 }
      return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    mutating func skip(_ n: Int) -> Bool {
      guard at + n <= bytes.count else { return false }
      at += n
      return true
    }

    /// A domain name, lower-cased, without the trailing dot (`.` for the root).
    mutating func name() -> String? {
      var labels: [String] = []
      var position = at
      var jumped = false
      for _ in 0..<128 {
        guard position < bytes.count else { return nil }
        let length = Int(bytes[position])
        if length == 0 {
          if !jumped { at = position + 1 }
          return labels.isEmpty ? "." : labels.joined(separator: ".").lowercased()
        }
        if length & 0xc0 == 0xc0 {
          guard position + 1 < bytes.count else { return nil }
          if !jumped { at = position + 2 }
          jumped = true
          position = (length & 0x3f) << 8 | Int(bytes[position + 1])
          continue
        }
        guard length <= 63, position + 1 + length <= bytes.count else { return nil }
        labels.append(String(decoding: bytes[(position + 1)..<(position + 1 + length)], as: UTF8.self))
        position += 1 + length
      }
      return nil
    }
  }

  /// An expected answer as written, in the form `parse` gives: lower-case names, no trailing dot.
  static func normalise(_ text: String, type: DNSRecordType) -> String {
    switch type {
    case .txt: return text
    default:
      return text.split(separator: " ").map { word in
        var w = word.lowercased()
        if w.count > 1, w.hasSuffix(".") { w.removeLast() }
        return w
      }.joined(separator: " ")
    }
  }
}
