import LabModel

/// JSON written as Python's `json.dumps(value, sort_keys=True, indent=4)` writes it,
/// so labctl's output can be compared with Ansible's byte for byte.
public enum PythonJSON {
  /// The text of a value, indented by four spaces per level, keys sorted by code point.
  public static func encode(_ value: JSONValue) -> String {
    String(decoding: encodeBytes(value), as: UTF8.self)
  }

  /// The same text as UTF-8 bytes, for writing large documents fast.
  public static func encodeBytes(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    write(value, indent: 0, into: &out)
    return out
  }

  static func newline(_ indent: Int, into out: inout [UInt8]) {
    out.append(10)
    out.append(contentsOf: repeatElement(32, count: indent))
  }

  static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .null: out += "null".utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .int(let i): out += String(i).utf8
    case .double(let d): out += floatRepr(d).utf8
    case .string(let s): quote(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]".utf8
        return
      }
      out.append(UInt8(ascii: "["))
      for (n, item) in items.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 4, into: &out)
        write(item, indent: indent + 4, into: &out)
      }
      newline(indent, into: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      if object.isEmpty {
        out += "{}".utf8
        return
      }
      out.append(UInt8(ascii: "{"))
      // UTF-8 byte order is code point order, which is how Python sorts keys.
      let pairs = object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      for (n, pair) in pairs.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 4, into: &out)
        quote(pair.key, into: &out)
        out += ": ".utf8
        write(pair.value, indent: indent + 4, into: &out)
      }
      newline(indent, into: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  static func quote(_ s: String, into out: inout String) {
    var bytes: [UInt8] = []
    quote(s, into: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// A string literal as Ansible's encoder writes it (`ensure_ascii=False`): quotes,
  /// backslashes and control characters escaped, everything else as UTF-8.
  static func quote(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
      switch byte {
      case 0x22: out += "\\\"".utf8
      case 0x5C: out += "\\\\".utf8
      case 0x0A: out += "\\n".utf8
      case 0x0D: out += "\\r".utf8
      case 0x09: out += "\\t".utf8
      case 0x08: out += "\\b".utf8
      case 0x0C: out += "\\f".utf8
      case 0..<0x20:
        let hex = String(byte, radix: 16)
        out += "\\u00".utf8
        out += (hex.count == 1 ? "0" + hex : hex).utf8
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Python's `repr(float)`: shortest digits, exponent below 1e-4 and from 1e16 up.
  public static func floatRepr(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    // Shortest round-trip digits and decimal exponent, from Swift's own shortest form.
    let text = "\(abs(d))"
    var mantissa = text
    var exp = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = String(text[..<e])
      exp = Int(text[text.index(after: e)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = intPart + fracPart
    var point = intPart.count + exp  // decimal point position within digits
    while digits.hasPrefix("0"), digits.count > 1 {
      digits.removeFirst()
      point -= 1
    }
    while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
    let decExp = point - 1
    let sign = d < 0 ? "-" : ""
    if decExp < -4 || decExp >= 16 {
      let first = digits.prefix(1)
      let rest = digits.dropFirst()
      let e = decExp < 0 ? "-" + pad2(-decExp) : "+" + pad2(decExp)
      return sign + first + (rest.isEmpty ? "" : "." + rest) + "e" + e
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) + ".0" }
    let i = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<i] + "." + digits[i...]
  }

  private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// A mapping key as `json.dumps` turns it into text: `True` → `true`, `None` → `null`.
  public static func keyText(_ key: JSONValue) -> String {
    switch key {
    case .string(let s): return s
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return floatRepr(d)
    case .array, .object: return encode(key)
    }
  }
}
