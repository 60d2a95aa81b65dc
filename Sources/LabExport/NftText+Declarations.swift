extension NftText {
  /// A chain's attributes: `type filter hook input priority filter; policy drop;` (others as `key value;`).
  public static func chain(_ attributes: [String: NftJSON]) -> String {
    var parts: [String] = []
    var rest = attributes
    if let type = attributes["type"]?.string, let hook = attributes["hook"]?.string {
      var head = "type \(type) hook \(hook)"
      if let device = rest.removeValue(forKey: "dev") { head += " device \(expression(device, quote: true))" }
      if let priority = rest.removeValue(forKey: "prio") { head += " priority \(Self.priority(priority))" }
      rest["type"] = nil
      rest["hook"] = nil
      parts.append(head + ";")
    }
    if let policy = rest.removeValue(forKey: "policy") { parts.append("policy \(expression(policy));") }
    for key in rest.keys.sorted() { parts.append("\(key) \(rest[key]!.description);") }
    return parts.joined(separator: " ")
  }

  /// A set's declaration: `type ipv4_addr; flags interval;` (others as `key value;`).
  public static func declaration(_ attributes: [String: NftJSON]) -> String {
    var parts: [String] = []
    for key in ["type", "map", "flags"] + attributes.keys.sorted().filter({ !["type", "map", "flags"].contains($0) }) {
      guard let value = attributes[key] else { continue }
      let shown =
        key == "type" || key == "map"
        ? (value.array.map { $0.map { expression($0) }.joined(separator: " . ") } ?? expression(value))
        : key == "flags" ? expression(value) : value.description
      parts.append("\(key) \(shown);")
    }
    return parts.joined(separator: " ")
  }

  /// Only the attributes in which two declarations differ, each as nft names it (`policy accept`,
  /// `priority filter`, `flags interval`), `no KEY` for one a side lacks: the two halves of a `~` line.
  public static func difference(_ router: [String: NftJSON], _ model: [String: NftJSON]) -> (String, String) {
    let order = ["type", "hook", "dev", "prio", "policy", "map", "flags"]
    let keys = Set(router.keys).union(model.keys).filter { router[$0] != model[$0] }
    let sorted = order.filter(keys.contains) + keys.subtracting(order).sorted()
    func side(_ attributes: [String: NftJSON]) -> String {
      sorted.map { key in
        let name = ["prio": "priority", "dev": "device"][key] ?? key
        guard let value = attributes[key] else { return "no \(name)" }
        switch key {
        case "prio": return "priority \(priority(value))"
        case "type", "map":
          return "\(key) "
            + (value.array.map { $0.map { expression($0) }.joined(separator: " . ") } ?? expression(value))
        case "hook", "policy", "flags": return "\(key) \(expression(value))"
        case "dev": return "device \(expression(value, quote: true))"
        default: return "\(key) \(value)"
        }
      }.joined(separator: " ")
    }
    return (side(router), side(model))
  }

  /// The standard priorities by name, as nft prints them for the ip, ip6 and inet families.
  static func priority(_ value: NftJSON) -> String {
    let names = [-300: "raw", -150: "mangle", -100: "dstnat", 0: "filter", 50: "security", 100: "srcnat"]
    guard let number = value.int else { return expression(value) }
    return names[number] ?? String(number)
  }
}
