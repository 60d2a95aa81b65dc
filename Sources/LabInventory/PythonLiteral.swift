import Foundation
import LabIO
import LabModel

/// Python's `ast.literal_eval` as Ansible's INI reader applies it to `key=value` values:
/// `2222` is an int, `True` a bool, `[1, 2]` a list, `'a b'` a string; anything that is
/// not a Python literal stays the text it was. Tuples and sets become lists, complex
/// numbers and `...` become text, as Ansible coerces them.
enum PythonLiteral {
  /// The typed value of `text`, or the text itself when it is not a literal.
  static func value(_ text: String) -> JSONValue {
    if let quick = quickValue(text) { return quick }
    var p = Parser(chars: Array(text.unicodeScalars))
    p.skipLeading()
    if let v = p.parseTop() { return v }
    return .string(text)
  }

  /// The common cases without the parser: a decimal int, or text that starts with a name
  /// other than `True`/`False`/`None` (never a literal) and holds no quote or comment.
  static func quickValue(_ text: String) -> JSONValue? {
    let u = text.utf8
    guard let first = u.first else { return nil }
    if first >= 0x31 && first <= 0x39, u.count < 19, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      return Int(text).map(JSONValue.int)
    }
    let isLetter = (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A || first == 0x5F
    guard isLetter, !u.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0x23 || $0 >= 0x80 }) else { return nil }
    let name = u.prefix { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
    let word = String(decoding: name, as: UTF8.self)
    if word == "True" || word == "False" || word == "None" { return nil }
    return .string(text)
  }

  struct Parser {
    let chars: [Unicode.Scalar]
    var i = 0
    var depth = 0

    mutating func skipLeading() {
      while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
    }

    mutating func space() {
      while i < chars.count {
        let c = chars[i]
        if c == " " || c == "\t" || c == "\u{0C}" || (depth > 0 && (c == "\n" || c == "\r")) {
          i += 1
        } else if c == "\\", i + 1 < chars.count, chars[i + 1] == "\n" {
          i += 2
        } else if c == "#" {
          while i < chars.count, chars[i] != "\n" { i += 1 }
        } else {
          break
        }
      }
    }

    mutating func parseTop() -> JSONValue? {
      guard let v = expr() else { return nil }
      space()
      while i < chars.count, chars[i] == "\n" || chars[i] == "\r" {
        i += 1
        space()
      }
      return i == chars.count ? v.json : nil
    }

    /// A literal value before Ansible's coercion.
    enum Lit {
      case value(JSONValue)
      case complex(Double, Double)
      case ellipsis
      var json: JSONValue {
        switch self {
        case .value(let v): return v
        case .ellipsis: return .string("...")
        case .complex(let re, let im): return .string(PythonLiteral.complexText(re, im))
        }
      }
    }

    mutating func expr() -> Lit? {
      space()
      guard var left = unary() else { return nil }
      space()
      // complex: real +/- imaginary
      while i < chars.count, chars[i] == "+" || chars[i] == "-" {
        let minus = chars[i] == "-"
        i += 1
        space()
        guard case .complex(0, let im)? = unary() else { return nil }
        switch left {
        case .value(.int(let r)): left = .complex(Double(r), minus ? -im : im)
        case .value(.double(let r)): left = .complex(r, minus ? -im : im)
        default: return nil
        }
        space()
      }
      return left
    }

    mutating func unary() -> Lit? {
      space()
      guard i < chars.count else { return nil }
      if chars[i] == "-" || chars[i] == "+" {
        let minus = chars[i] == "-"
        i += 1
        space()
        // One sign only, on a number: `--1` is not a literal for `ast.literal_eval` either.
        guard i < chars.count, let v = atom() else { return nil }
        switch v {
        case .value(.int(let n)): return .value(.int(minus ? -n : n))
        case .value(.double(let d)): return .value(.double(minus ? -d : d))
        case .complex(let r, let im): return .complex(minus ? -r : r, minus ? -im : im)
        default: return nil
        }
      }
      return atom()
    }

    mutating func atom() -> Lit? {
      let c = chars[i]
      if c == "[" || c == "(" || c == "{" { return collection(c) }
      if c == "." && i + 2 < chars.count && chars[i + 1] == "." && chars[i + 2] == "." {
        i += 3
        return .ellipsis
      }
      if c.properties.numericType != nil && c.isASCII || c == "." { return number() }
      if c == "'" || c == "\"" || c.properties.isAlphabetic || c == "_" { return nameOrString() }
      return nil
    }

    mutating func collection(_ open: Unicode.Scalar) -> Lit? {
      let close: Unicode.Scalar = open == "[" ? "]" : open == "(" ? ")" : "}"
      i += 1
      depth += 1
      defer { depth -= 1 }
      // Python's tokenizer refuses more than 200 nested brackets ("too many nested parentheses"), and
      // Ansible then keeps the value as text: so does labctl, before its recursion gets deep.
      guard depth <= InventoryLimits.depth else { return nil }
      var items: [JSONValue] = []
      var object: [String: JSONValue] = [:]
      var isDict = false
      var sawComma = false
      while true {
        space()
        guard i < chars.count else { return nil }
        if chars[i] == close {
          i += 1
          break
        }
        guard let v = expr() else { return nil }
        space()
        if open == "{", items.isEmpty, object.isEmpty || isDict, i < chars.count, chars[i] == ":" {
          isDict = true
          i += 1
          guard let value = expr() else { return nil }
          object[PythonJSON.keyText(v.json)] = value.json
          space()
        } else if isDict {
          return nil
        } else {
          items.append(v.json)
        }
        guard i < chars.count else { return nil }
        if chars[i] == "," {
          i += 1
          sawComma = true
        } else if chars[i] != close {
          return nil
        }
      }
      if open == "(" && items.count == 1 && !sawComma { return .value(items[0]) }
      if open == "{" && (isDict || items.isEmpty) { return .value(.object(object)) }
      return .value(.array(items))
    }

    mutating func number() -> Lit? {
      let start = i
      func digits(_ ok: (Unicode.Scalar) -> Bool) -> Bool {
        let s = i
        while i < chars.count, ok(chars[i]) || (chars[i] == "_" && i > s && i + 1 < chars.count && ok(chars[i + 1])) {
          i += 1
        }
        return i > s
      }
      let dec: (Unicode.Scalar) -> Bool = { $0 >= "0" && $0 <= "9" }
      if chars[i] == "0", i + 1 < chars.count, "xXoObB".unicodeScalars.contains(chars[i + 1]) {
        let kind = chars[i + 1]
        i += 2
        if i < chars.count, chars[i] == "_" { i += 1 }
        let radix = kind == "x" || kind == "X" ? 16 : kind == "o" || kind == "O" ? 8 : 2
        let ds = i
        guard digits({ Int(String($0), radix: radix) != nil }) else { return nil }
        let text = String(String.UnicodeScalarView(chars[ds..<i])).replacingOccurrences(of: "_", with: "")
        guard !identChar(), let v = Int(text, radix: radix) else { return nil }
        return .value(.int(v))
      }
      let intStart = i
      let hasInt = digits(dec)
      var isFloat = false
      if i < chars.count, chars[i] == "." {
        i += 1
        isFloat = true
        let hasFrac = digits(dec)
        if !hasInt && !hasFrac { return nil }
      } else if !hasInt {
        return nil
      }
      if i < chars.count, chars[i] == "e" || chars[i] == "E" {
        let save = i
        i += 1
        if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
        if digits(dec) { isFloat = true } else { i = save }
      }
      let text = String(String.UnicodeScalarView(chars[start..<i])).replacingOccurrences(of: "_", with: "")
      if i < chars.count, chars[i] == "j" || chars[i] == "J" {
        i += 1
        guard !identChar(), let d = Double(text.hasPrefix(".") ? "0" + text : text) else { return nil }
        return .complex(0, d)
      }
      guard !identChar() else { return nil }
      if !isFloat {
        let intText = String(String.UnicodeScalarView(chars[intStart..<i]))
        // Python forbids leading zeros in non-zero decimal ints.
        if intText.count > 1, intText.hasPrefix("0"), intText.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
        if let v = Int(text) { return .value(.int(v)) }
        return Double(text).map { .value(.double($0)) }
      }
      var t = text
      if t.hasPrefix(".") { t = "0" + t }
      t = t.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
      if t.hasSuffix(".") { t += "0" }
      return Double(t).map { .value(.double($0)) }
    }

    func identChar() -> Bool {
      i < chars.count && (chars[i].properties.isAlphabetic || chars[i] == "_" || (chars[i] >= "0" && chars[i] <= "9"))
    }

    mutating func nameOrString() -> Lit? {
      let start = i
      while i < chars.count, chars[i].properties.isAlphabetic || chars[i] == "_" || (chars[i] >= "0" && chars[i] <= "9")
      {
        i += 1
      }
      let name = String(String.UnicodeScalarView(chars[start..<i]))
      if i < chars.count, chars[i] == "'" || chars[i] == "\"" {
        let prefix = name.lowercased()
        guard ["", "r", "u", "b", "br", "rb"].contains(prefix) else { return nil }
        var out = ""
        // Adjacent literals concatenate.
        var first = true
        while true {
          if !first {
            let save = i
            space()
            var p = ""
            while i < chars.count, chars[i].properties.isAlphabetic {
              p.unicodeScalars.append(chars[i])
              i += 1
            }
            guard i < chars.count, chars[i] == "'" || chars[i] == "\"",
              ["", "r", "u", "b", "br", "rb"].contains(p.lowercased())
            else {
              i = save
              break
            }
            guard let s = string(raw: p.lowercased().contains("r"), bytes: p.lowercased().contains("b")) else {
              return nil
            }
            out += s
          } else {
            guard let s = string(raw: prefix.contains("r"), bytes: prefix.contains("b")) else { return nil }
            out += s
            first = false
          }
        }
        return .value(.string(out))
      }
      switch name {
      case "True": return .value(.bool(true))
      case "False": return .value(.bool(false))
      case "None": return .value(.null)
      default: return nil
      }
    }

    mutating func string(raw: Bool, bytes: Bool) -> String? {
      let q = chars[i]
      let triple = i + 2 < chars.count && chars[i + 1] == q && chars[i + 2] == q
      i += triple ? 3 : 1
      var out = String.UnicodeScalarView()
      while i < chars.count {
        let c = chars[i]
        if c == q {
          if !triple {
            i += 1
            return String(out)
          }
          if i + 2 < chars.count, chars[i + 1] == q, chars[i + 2] == q {
            i += 3
            return String(out)
          }
        }
        if !triple && c == "\n" { return nil }
        if bytes && !c.isASCII { return nil }
        if c == "\\", i + 1 < chars.count {
          let n = chars[i + 1]
          if raw {
            out.append(c)
            out.append(n)
            i += 2
            continue
          }
          i += 2
          switch n {
          case "\n": break
          case "\\": out.append("\\")
          case "'": out.append("'")
          case "\"": out.append("\"")
          case "a": out.append("\u{07}")
          case "b": out.append("\u{08}")
          case "f": out.append("\u{0C}")
          case "n": out.append("\n")
          case "r": out.append("\r")
          case "t": out.append("\t")
          case "v": out.append("\u{0B}")
          case "0"..."7":
            var v = Int(n.value - 48)
            var k = 0
            while k < 2, i < chars.count, chars[i] >= "0", chars[i] <= "7" {
              v = v * 8 + Int(chars[i].value - 48)
              i += 1
              k += 1
            }
            guard let s = Unicode.Scalar(v) else { return nil }
            out.append(s)
          case "x", "u", "U":
            if bytes && n != "x" {
              out.append("\\")
              out.append(n)
              continue
            }
            let count = n == "x" ? 2 : n == "u" ? 4 : 8
            guard i + count <= chars.count,
              let v = UInt32(String(String.UnicodeScalarView(chars[i..<(i + count)])), radix: 16),
              let s = Unicode.Scalar(v)
            else { return nil }
            out.append(s)
            i += count
          default:
            out.append("\\")
            out.append(n)
          }
          continue
        }
        out.append(c)
        i += 1
      }
      return nil
    }
  }

  /// Python's `str(complex)`: `1j`, `(1+2j)`, `(-0-1j)`.
  static func complexText(_ re: Double, _ im: Double) -> String {
    func part(_ d: Double) -> String {
      if d.rounded() == d && abs(d) < 1e16 { return String(Int(d)) }
      return PythonJSON.floatRepr(d)
    }
    if re == 0 && re.sign == .plus { return part(im) + "j" }
    let sign = im < 0 || (im == 0 && im.sign == .minus) ? "-" : "+"
    return "(" + part(re) + sign + part(abs(im)) + "j)"
  }
}
