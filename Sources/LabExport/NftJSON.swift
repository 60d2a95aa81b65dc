import LabModel

/// One JSON value of libnftables' JSON schema (`nft -j`), kept as JSON: expressions and statements are
/// compared as these values, so a kind labctl does not know is still compared, by its canonical text.
public indirect enum NftJSON: Sendable, Hashable, Comparable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int(Int)
  /// A number with a fraction or exponent, as its shortest decimal text (nft itself prints none).
  case number(String)
  case string(String)
  case array([NftJSON])
  /// An object; its keys are unique (the last of a repeated key wins, as in JSONSerialization).
  case object([String: NftJSON])

  /// `{"KEY": value}`: how libnftables spells every expression and statement.
  public static func single(_ key: String, _ value: NftJSON) -> NftJSON { .object([key: value]) }

  /// The one key and its value of a single-key object (`{"match": {…}}` → `("match", {…})`).
  public var single: (key: String, value: NftJSON)? {
    guard case .object(let members) = self, members.count == 1, let (key, value) = members.first else { return nil }
    return (key, value)
  }

  public subscript(_ key: String) -> NftJSON? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }

  public var string: String? {
    guard case .string(let text) = self else { return nil }
    return text
  }

  public var int: Int? {
    guard case .int(let value) = self else { return nil }
    return value
  }

  public var array: [NftJSON]? {
    guard case .array(let items) = self else { return nil }
    return items
  }

  /// Compact JSON with sorted keys: the same text for the same value, whatever the input's key order.
  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let value): value ? "true" : "false"
    case .int(let value): String(value)
    case .number(let text): text
    case .string(let text): Self.quoted(text)
    case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
    case .object(let members):
      "{" + members.keys.sorted().map { Self.quoted($0) + ":" + members[$0]!.description }.joined(separator: ",") + "}"
    }
  }

  /// Values order as nft lists a set's elements: numbers by value, IPv4 addresses, prefixes and ranges by
  /// their first address; anything else by its canonical text. Sorted sets are deterministic either way.
  public static func < (lhs: NftJSON, rhs: NftJSON) -> Bool {
    let (left, right) = (lhs.orderKey, rhs.orderKey)
    return left != right ? left < right : lhs.description < rhs.description
  }

  /// A text that sorts as the value should: fixed-width hex for numbers and IPv4 addresses.
  var orderKey: String {
    func width(_ value: UInt64) -> String {
      let digits = String(value, radix: 16)
      return String(repeating: "0", count: 16 - digits.count) + digits
    }
    switch self {
    case .int(let value): return "0" + width(UInt64(bitPattern: Int64(value)) ^ (1 << 63))
    case .string(let text):
      if let address = IPv4(text) { return "1" + width(UInt64(address.value)) }
      return "2" + text
    default: break
    }
    if let (key, value) = single {
      if key == "prefix", let address = value["addr"] { return address.orderKey + "/" + (value["len"]?.orderKey ?? "") }
      if key == "range", let bounds = value.array, bounds.count == 2 {
        return bounds[0].orderKey + "-" + bounds[1].orderKey
      }
    }
    return "3" + description
  }

  /// A JSON string literal.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
