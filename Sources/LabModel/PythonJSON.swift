/// JSON written as Python's `json.dumps(value, sort_keys=True, indent=4)` writes it,
/// so labctl's output can be compared with Ansible's byte for byte.
public enum PythonJSON {
  /// The text of a value, indented by four spaces per level, keys sorted by code point.
  public static func encode(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: 0, into: &out)
    return out
  }

  static func write(_ value: JSONValue, indent: Int, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += floatRepr(d)
    case .string(let s): quote(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[\n"
      for (n, item) in items.enumerated() {
        out += String(repeating: " ", count: indent + 4)
        write(item, indent: indent + 4, into: &out)
        out += n == items.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: " ", count: indent) + "]"
    case .object(let object):
      if object.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      let keys = object.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
      for (n, key) in keys.enumerated() {
        out += String(repeating: " ", count: indent + 4)
        quote(key, into: &out)
        out += ": "
        write(object[key]!, indent: indent + 4, into: &out)
        out += n == keys.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  /// A string literal with Python's `ensure_ascii` escapes.
  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.utf16 {
      switch u {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(UInt8(u)))
      default:
        let hex = String(u, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    out += "\""
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
