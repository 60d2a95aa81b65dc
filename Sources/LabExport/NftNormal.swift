/// The normal form of libnftables JSON that drift compares: what nft does to a rule when it loads it, done to
/// the model's side too, and what only the running kernel knows taken out of the router's side.
///
/// - a counter's `packets` and `bytes` are dropped (`{"counter": null}`): a counter is compared, its count
///   is not; a named counter object keeps its name and drops its count; a quota (statement or named
///   object) and a `last` statement drop their `used`;
/// - an anonymous set's elements are sorted and each kept once, as nft lists them; a one-element anonymous
///   set on the right of a match is the element itself (nft loads `tcp dport { 8123 }` as `tcp dport 8123`),
///   and so is a one-item flag list (`ct state { invalid }`);
/// - a flag list on the right of a match (`ct state established,related`) is sorted;
/// - a set element's `{"elem": {"val": …}}` wrapper is its value (its timeout, expiry and counter dropped);
/// - a host prefix (`/32`, `/128`) is the address (nft loads `10.0.0.1/32` as `10.0.0.1`).
///
/// Everything else, any kind labctl does not know included, is kept as it is and compared as JSON.
public enum NftNormal {
  /// One statement of a rule's `expr` list.
  public static func statement(_ statement: NftJSON) -> NftJSON {
    guard let (key, value) = statement.single else { return expression(statement) }
    switch key {
    case "counter":
      if case .object = value { return .single("counter", .null) }
      return statement
    case "quota", "last":
      guard case .object(var members) = value else { return statement }
      members["used"] = nil
      return .single(key, expression(.object(members)))
    case "match":
      guard case .object(var members) = value else { return statement }
      if let left = members["left"] { members["left"] = expression(left) }
      if let right = members["right"] { members["right"] = matchRight(right) }
      return .single("match", .object(members))
    default:
      return .single(key, expression(value))
    }
  }

  /// A named set's or map's elements: each normalized, sorted, once.
  public static func elements(_ elements: [NftJSON]) -> [NftJSON] {
    Array(Set(elements.map(element))).sorted()
  }

  /// The right side of a match: a one-element anonymous set or flag list is its element.
  static func matchRight(_ right: NftJSON) -> NftJSON {
    let normal = expression(right)
    if case .array(let flags) = normal {
      let sorted = Array(Set(flags)).sorted()
      return sorted.count == 1 ? sorted[0] : .array(sorted)
    }
    if let (key, value) = normal.single, key == "set", case .array(let items) = value, items.count == 1 {
      return items[0]
    }
    return normal
  }

  /// Any expression, recursively.
  static func expression(_ value: NftJSON) -> NftJSON {
    switch value {
    case .array(let items): return .array(items.map(expression))
    case .object(let members):
      guard members.count == 1, let (key, inner) = members.first else { return .object(members.mapValues(expression)) }
      switch key {
      case "set":
        guard case .array(let items) = inner else { return .single(key, expression(inner)) }
        return .single("set", .array(elements(items)))
      case "prefix":
        if let address = inner["addr"]?.string, let length = inner["len"]?.int,
          length == (address.contains(":") ? 128 : 32)
        {
          return .string(address)
        }
        return .single(key, expression(inner))
      case "elem":
        return element(value)
      default:
        return .single(key, expression(inner))
      }
    default: return value
    }
  }

  /// A set element: its value without the `elem` wrapper's timeout, expiry and counter.
  static func element(_ value: NftJSON) -> NftJSON {
    if let (key, inner) = value.single, key == "elem", let wrapped = inner["val"] { return expression(wrapped) }
    return expression(value)
  }

  /// A named object's JSON without what changes as it runs (a counter's count, a quota's use).
  static func object(kind: String, _ members: [String: NftJSON]) -> [String: NftJSON] {
    var kept = members
    switch kind {
    case "counter":
      kept["packets"] = nil
      kept["bytes"] = nil
    case "quota": kept["used"] = nil
    default: break
    }
    return kept.mapValues(expression)
  }
}
