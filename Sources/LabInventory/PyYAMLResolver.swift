import Foundation
import LabIO
import LabModel

/// Types a plain YAML scalar the way PyYAML's YAML 1.1 resolver does (which Ansible uses):
/// `yes`/`on` are booleans, `010` is octal, `1:30` is sexagesimal, `2001-12-14` is a date.
enum PyYAMLResolver {
  static func resolve(_ s: String) -> JSONValue {
    guard let first = s.utf8.first else { return .null }
    switch first {
    case UInt8(ascii: "~"): return s == "~" ? .null : .string(s)
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      if s == "null" || s == "Null" || s == "NULL" { return .null }
      if s == "no" || s == "No" || s == "NO" { return .bool(false) }
      return .string(s)
    case UInt8(ascii: "y"), UInt8(ascii: "Y"):
      return s == "yes" || s == "Yes" || s == "YES" ? .bool(true) : .string(s)
    case UInt8(ascii: "t"), UInt8(ascii: "T"):
      return s == "true" || s == "True" || s == "TRUE" ? .bool(true) : .string(s)
    case UInt8(ascii: "f"), UInt8(ascii: "F"):
      return s == "false" || s == "False" || s == "FALSE" ? .bool(false) : .string(s)
    case UInt8(ascii: "o"), UInt8(ascii: "O"):
      switch s {
      case "on", "On", "ON": return .bool(true)
      case "off", "Off", "OFF": return .bool(false)
      default: return .string(s)
      }
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      if let v = number(s) { return v }
      if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), let t = timestamp(s) { return .string(t) }
      return .string(s)
    default:
      return .string(s)
    }
  }

  /// An int or float per PyYAML's regular expressions, or nil.
  static func number(_ s: String) -> JSONValue? {
    let b = Array(s.utf8)
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") {
      negative = b[0] == UInt8(ascii: "-")
      i = 1
    }
    let body = Array(b[i...])
    let text = String(decoding: body, as: UTF8.self)
    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    func all(_ bytes: ArraySlice<UInt8>, _ ok: (UInt8) -> Bool) -> Bool { !bytes.isEmpty && bytes.allSatisfy(ok) }
    let sign = negative ? -1 : 1
    // .inf / .nan
    if ["inf", "Inf", "INF"].map({ "." + $0 }).contains(text) { return .double(negative ? -.infinity : .infinity) }
    if i == 0, [".nan", ".NaN", ".NAN"].contains(text) { return .double(.nan) }
    guard !body.isEmpty else { return nil }
    let clean = body.filter { $0 != UInt8(ascii: "_") }
    // ints
    if body.count > 2, body[0] == 48, body[1] == UInt8(ascii: "b"),
      all(body[2...], { $0 == 48 || $0 == 49 || $0 == 95 })
    {
      return int(clean.dropFirst(2), radix: 2, sign)
    }
    if body.count > 2, body[0] == 48, body[1] == UInt8(ascii: "x"),
      all(body[2...], { isDigit($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) || $0 == 95 })
    {
      return int(clean.dropFirst(2), radix: 16, sign)
    }
    if body.count > 1, body[0] == 48, all(body[1...], { ($0 >= 48 && $0 <= 55) || $0 == 95 }) {
      return int(clean.dropFirst(1), radix: 8, sign)
    }
    if body == [48] { return .int(0) }
    if isDigit(body[0]), body[0] != 48, body.allSatisfy({ isDigit($0) || $0 == 95 }) {
      return int(clean[...], radix: 10, sign)
    }
    // sexagesimal int: [1-9][0-9_]*(:[0-5]?[0-9])+
    if isDigit(body[0]), body[0] != 48, let parts = sexagesimal(body, allowFraction: false) {
      var v = 0
      for p in parts { v = v * 60 + (Int(p) ?? 0) }
      return .int(sign * v)
    }
    // floats
    if let f = float(body, clean: clean) { return .double(negative ? -f : f) }
    return nil
  }

  private static func int(_ digits: ArraySlice<UInt8>, radix: Int, _ sign: Int) -> JSONValue? {
    if digits.isEmpty { return .int(0) }
    guard let v = Int(String(decoding: digits, as: UTF8.self), radix: radix) else {
      return Double(String(decoding: digits, as: UTF8.self)).map { .double(Double(sign) * $0) }
    }
    return .int(sign * v)
  }

  /// Parts of `a:b:c` where every part after the first is `[0-5]?[0-9]`.
  private static func sexagesimal(_ body: [UInt8], allowFraction: Bool) -> [String]? {
    let parts = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
    guard parts.count > 1, parts[0].allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 95 }) else { return nil }
    for (n, p) in parts.dropFirst().enumerated() {
      var digits = p
      if allowFraction, n == parts.count - 2, let dot = p.firstIndex(of: UInt8(ascii: ".")) {
        guard p[(dot + 1)...].allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 95 }) else { return nil }
        digits = p[..<dot]
      } else if allowFraction, n == parts.count - 2 {
        return nil
      }
      guard (1...2).contains(digits.count), digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
      if digits.count == 2, digits.first! > UInt8(ascii: "5") { return nil }
    }
    return parts.map { String(decoding: $0.filter { $0 != 95 }, as: UTF8.self) }
  }

  private static func float(_ body: [UInt8], clean: [UInt8]) -> Double? {
    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    var i = 0
    if body[0] == UInt8(ascii: ".") {
      // \.[0-9][0-9_]*([eE][-+][0-9]+)?
      guard body.count > 1, isDigit(body[1]) else { return nil }
      i = 2
      while i < body.count, isDigit(body[i]) || body[i] == 95 { i += 1 }
    } else {
      guard isDigit(body[0]) else { return nil }
      while i < body.count, isDigit(body[i]) || body[i] == 95 { i += 1 }
      if i < body.count, body[i] == UInt8(ascii: ":") {
        guard let parts = sexagesimal(body, allowFraction: true) else { return nil }
        var v = 0.0
        for p in parts { v = v * 60 + (Double(p) ?? 0) }
        return v
      }
      guard i < body.count, body[i] == UInt8(ascii: ".") else { return nil }
      i += 1
      while i < body.count, isDigit(body[i]) || body[i] == 95 { i += 1 }
    }
    if i < body.count {
      guard body[i] == UInt8(ascii: "e") || body[i] == UInt8(ascii: "E"), i + 2 < body.count,
        body[i + 1] == UInt8(ascii: "+") || body[i + 1] == UInt8(ascii: "-"),
        body[(i + 2)...].allSatisfy(isDigit)
      else { return nil }
    }
    var text = String(decoding: clean, as: UTF8.self)
    if text.hasSuffix(".") { text += "0" }
    text = text.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
    if text.hasPrefix(".") { text = "0" + text }
    return Double(text)
  }

  /// A YAML 1.1 timestamp rendered as Python's `isoformat()` would, or nil.
  static func timestamp(_ s: String) -> String? {
    let b = Array(s.utf8)
    func digits(_ from: Int, _ count: ClosedRange<Int>) -> (Int, Int)? {
      var j = from
      while j < b.count, b[j] >= 48, b[j] <= 57, j - from < count.upperBound { j += 1 }
      guard count.contains(j - from) else { return nil }
      return (Int(String(decoding: b[from..<j], as: UTF8.self))!, j)
    }
    func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
    guard let (year, a) = digits(0, 4...4), a < b.count, b[a] == 45, let (month, c) = digits(a + 1, 1...2),
      c < b.count, b[c] == 45, let (day, d) = digits(c + 1, 1...2)
    else { return nil }
    let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    if d == b.count { return (a == 4 && c == 7 && d == 10) ? date : nil }
    var j = d
    if b[j] == UInt8(ascii: "T") || b[j] == UInt8(ascii: "t") {
      j += 1
    } else {
      guard b[j] == 32 || b[j] == 9 else { return nil }
      while j < b.count, b[j] == 32 || b[j] == 9 { j += 1 }
    }
    guard let (hour, e) = digits(j, 1...2), e < b.count, b[e] == 58, let (minute, f) = digits(e + 1, 2...2),
      f < b.count, b[f] == 58, let (second, g) = digits(f + 1, 2...2)
    else { return nil }
    j = g
    var micro = 0
    if j < b.count, b[j] == 46 {
      var k = j + 1
      var frac = ""
      while k < b.count, b[k] >= 48, b[k] <= 57 {
        frac.append(Character(UnicodeScalar(b[k])))
        k += 1
      }
      frac = String((frac + "000000").prefix(6))
      micro = Int(frac) ?? 0
      j = k
    }
    var tz = ""
    while j < b.count, b[j] == 32 || b[j] == 9 { j += 1 }
    if j < b.count {
      if b[j] == UInt8(ascii: "Z"), j + 1 == b.count {
        tz = "+00:00"
      } else if b[j] == 43 || b[j] == 45, let (th, k) = digits(j + 1, 1...2) {
        var tm = 0
        var end = k
        if k < b.count, b[k] == 58, let (m, k2) = digits(k + 1, 2...2) {
          tm = m
          end = k2
        }
        guard end == b.count else { return nil }
        tz = (b[j] == 43 ? "+" : "-") + pad(th, 2) + ":" + pad(tm, 2)
        if th == 0 && tm == 0 { tz = "+00:00" }
      } else {
        return nil
      }
    }
    let time = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))" + (micro != 0 ? "." + pad(micro, 6) : "")
    return "\(date)T\(time)\(tz)"
  }
}
