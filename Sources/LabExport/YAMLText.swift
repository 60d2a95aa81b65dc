/// Scalars for the YAML the exporters write: strings always double-quoted (no YAML 1.1 surprises such as
/// `no` → false), keys plain when they are plain names.
enum YAMLText {
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A mapping key: plain when it is a simple name, else quoted.
  static func key(_ text: String) -> String {
    // Byte by byte: an ASCII letter first, then ASCII letters, digits, `-`, `_` and `.`.
    func letter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    func allowed(_ c: UInt8) -> Bool {
      letter(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-")
        || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }
    let plain =
      text.utf8.first.map(letter) == true && text.utf8.allSatisfy(allowed)
      && (text.utf8.count > 5
        || !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased()))
    return plain ? text : quoted(text)
  }

  /// A flow sequence of quoted strings: `["a", "b"]`.
  static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
}
