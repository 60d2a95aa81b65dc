/// libnftables JSON back in nft's own syntax, as `nft list ruleset` prints it: the exporter writes its rules
/// with it and drift shows rules with it. A statement or expression of a kind not known here is shown as its
/// canonical JSON, so nothing is hidden.
public enum NftText {
  /// A rule: its statements, then its comment.
  public static func rule(_ rule: NftRule) -> String {
    let comment = rule.comment.map { ["comment \(quoted($0))"] } ?? []
    let others = rule.attributes.keys.sorted().map { "\($0) \(rule.attributes[$0]!)" }
    return (rule.statements.map(statement) + comment + others).joined(separator: " ")
  }

  /// Meta keys nft prints without `meta` (`iif "lo"`), and whose values are interface names, quoted.
  static let unqualifiedMeta: Set<String> = ["iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup"]
  static let verdicts: Set<String> = ["accept", "drop", "continue", "return", "queue"]
  static let binaryOperators: Set<String> = ["&", "|", "^", "<<", ">>"]

  /// One statement.
  public static func statement(_ json: NftJSON) -> String {
    guard let (key, value) = json.single else { return json.description }
    switch (key, value) {
    case ("match", _):
      guard let members = only(value, ["op", "left", "right"]), let left = members["left"],
        let right = members["right"], let op = members["op"]?.string
      else { break }
      let quote = isInterface(left)
      let masked = left.single.map { binaryOperators.contains($0.key) } ?? false
      let shownOp = (op == "==" && !masked) || op == "in" ? "" : op + " "
      let value = isMark(left) && right.int != nil ? hex(right.int!) : expression(right, quote: quote)
      return "\(expression(left)) \(shownOp)\(value)"
    case (_, .null) where verdicts.contains(key) || ["masquerade", "redirect", "notrack", "reject"].contains(key):
      return key
    case ("jump", _), ("goto", _):
      if let target = only(value, ["target"])?["target"]?.string { return "\(key) \(target)" }
    case ("counter", .null): return "counter"
    case ("counter", .string(let name)): return "counter name \(quoted(name))"
    case ("dnat", _), ("snat", _), ("masquerade", _), ("redirect", _):
      if let text = nat(key, value) { return text }
    case ("log", .object(let members)):
      var words = ["log"]
      for field in ["prefix", "level", "group", "snaplen", "queue-threshold"] {
        guard let item = members[field] else { continue }
        words.append(
          field == "prefix" ? "prefix \(quoted(item.string ?? item.description))" : "\(field) \(expression(item))")
      }
      if words.count - 1 == members.count { return words.joined(separator: " ") }
    case ("reject", _):
      if let members = only(value, ["type", "expr"]), let type = members["type"]?.string {
        return "reject with \(type)" + (members["expr"].map { " \(expression($0))" } ?? "")
      }
    case ("mangle", _):
      if let members = only(value, ["key", "value"]), let target = members["key"], let new = members["value"] {
        return "\(expression(target)) set \(isMark(target) && new.int != nil ? hex(new.int!) : expression(new))"
      }
    case ("vmap", _):
      if let members = only(value, ["key", "data"]), let target = members["key"], let data = members["data"] {
        return "\(expression(target)) vmap \(expression(data))"
      }
    case ("limit", _):
      if let members = only(value, ["rate", "per", "burst", "rate_unit", "burst_unit", "inv"]),
        let rate = members["rate"]?.int, let per = members["per"]?.string
      {
        let over = members["inv"] == .bool(true) ? "over " : ""
        let unit = members["rate_unit"]?.string.map { " \($0)" } ?? ""
        let burstUnit = members["burst_unit"]?.string ?? "packets"
        let burst =
          members["burst"]?.int.flatMap {
            $0 == 5 && burstUnit == "packets" || $0 == 0 ? nil : " burst \($0) \(burstUnit)"
          }
          ?? ""
        return "limit rate \(over)\(rate)\(unit)/\(per)\(burst)"
      }
    default: break
    }
    return json.description
  }

  /// `dnat ip to 10.40.0.11:8080`, `masquerade random`, `redirect to :8081`.
  static func nat(_ key: String, _ value: NftJSON) -> String? {
    guard case .object(let members) = value else { return nil }
    var words = [key]
    if let family = members["family"]?.string { words.append(family) }
    let port = members["port"].map { expression($0) }
    if let address = members["addr"] {
      var target = expression(address)
      if let port { target = (target.contains(":") ? "[\(target)]" : target) + ":\(port)" }
      words.append("to \(target)")
    } else if let port {
      words.append("to :\(port)")
    }
    if let flags = members["flags"] {
      words.append(flags.array.map { $0.map { expression($0) }.joined(separator: ",") } ?? expression(flags))
    }
    let known: Set<String> = ["family", "addr", "port", "flags"]
    return members.keys.allSatisfy(known.contains) ? words.joined(separator: " ") : nil
  }

  /// Whether an expression is a packet or connection mark, whose values nft shows in hex.
  static func isMark(_ left: NftJSON) -> Bool {
    left["meta"]?["key"]?.string == "mark" || left["ct"]?["key"]?.string == "mark"
  }

  /// `0x00000010`.
  static func hex(_ value: Int) -> String {
    let digits = String(UInt32(truncatingIfNeeded: value), radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// Whether an expression is an interface, whose names nft shows quoted.
  static func isInterface(_ left: NftJSON) -> Bool {
    guard let key = left["meta"]?["key"]?.string else { return false }
    return unqualifiedMeta.contains(key)
  }

  /// One expression; `quote` puts its strings in quotes (interface names).
  public static func expression(_ json: NftJSON, quote: Bool = false) -> String {
    switch json {
    case .string(let text): return quote ? quoted(text) : text
    case .int(let value): return String(value)
    case .number(let text): return text
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let items): return items.map { expression($0, quote: quote) }.joined(separator: ",")
    case .object: break
    }
    guard let (key, value) = json.single else { return json.description }
    switch (key, value) {
    case ("payload", .object(let members)):
      if let proto = members["protocol"]?.string, let field = members["field"]?.string, members.count == 2 {
        return "\(proto) \(field)"
      }
    case ("meta", .object(let members)):
      if let name = members["key"]?.string, members.count == 1 {
        return unqualifiedMeta.contains(name) ? name : "meta \(name)"
      }
    case ("ct", .object(let members)):
      if let name = members["key"]?.string {
        let words = ["ct", members["family"]?.string, members["dir"]?.string, name].compactMap { $0 }
        if words.count == members.count + 1 { return words.joined(separator: " ") }
      }
    case ("fib", _):
      if let members = only(value, ["result", "flags"]), let result = members["result"]?.string,
        let items = members["flags"]?.array, case let flags = items.compactMap(\.string), flags.count == items.count
      {
        return "fib \(flags.joined(separator: " . ")) \(result)"
      }
    case ("numgen", _):
      if let members = only(value, ["mode", "mod", "offset"]), let mode = members["mode"]?.string,
        let mod = members["mod"]?.int
      {
        let offset = members["offset"]?.int ?? 0
        return "numgen \(mode) mod \(mod)" + (offset == 0 ? "" : " offset \(offset)")
      }
    case ("prefix", _):
      if let members = only(value, ["addr", "len"]), let address = members["addr"], let length = members["len"]?.int {
        return "\(expression(address))/\(length)"
      }
    case ("range", .array(let bounds)) where bounds.count == 2:
      return "\(expression(bounds[0], quote: quote))-\(expression(bounds[1], quote: quote))"
    case ("set", .array(let items)):
      return "{ " + items.map { element($0, quote: quote) }.joined(separator: ", ") + " }"
    case ("map", _):
      if let members = only(value, ["key", "data"]), let target = members["key"], let data = members["data"] {
        return "\(expression(target)) map \(expression(data))"
      }
    case ("concat", .array(let items)):
      return items.map { expression($0, quote: quote) }.joined(separator: " . ")
    case (_, .array(let operands)) where binaryOperators.contains(key) && operands.count == 2:
      let mask = operands[1].array.map { "(" + $0.map { expression($0) }.joined(separator: "|") + ")" }
      return "\(expression(operands[0])) \(key) \(mask ?? expression(operands[1]))"
    case (_, .null) where verdicts.contains(key):
      return key
    case ("jump", _), ("goto", _):
      if let target = only(value, ["target"])?["target"]?.string { return "\(key) \(target)" }
    default: break
    }
    return json.description
  }

  /// An object's members when it has no key but `keys`; else nil, and the caller shows it as JSON, so a
  /// field not known here is never hidden.
  static func only(_ value: NftJSON, _ keys: Set<String>) -> [String: NftJSON]? {
    guard case .object(let members) = value, members.keys.allSatisfy(keys.contains) else { return nil }
    return members
  }

  /// A set's or map's element: `10.10.0.0/24`, `1000-2000`, `0 : 10.40.0.11`.
  public static func element(_ json: NftJSON, quote: Bool = false) -> String {
    if case .array(let pair) = json, pair.count == 2 {
      return "\(expression(pair[0], quote: quote)) : \(expression(pair[1]))"
    }
    return expression(json, quote: quote)
  }

  /// An nft string literal.
  static func quoted(_ text: String) -> String {
    NftJSON.quoted(text)
  }
}
