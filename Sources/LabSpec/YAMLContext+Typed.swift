import LabInventory
import LabModel

/// Typed values read once, at load: addresses, subnets, ranges and ports. A value that does not parse is a
/// located error at the value (under the rule that owns the value's meaning) and reads as absent, so rules,
/// the page and the exporters never parse strings again.
extension YAMLContext {
  /// Text parsed by `parse`; an error at the value when it does not parse, about `item` (what has the value).
  func typed<T>(
    _ node: Node?, path: @autoclosure () -> String, rule: String, item: String, parse: (String) -> T?,
    message: (String) -> String,
    notes: [String]
  ) -> T? {
    guard let text = string(node, path: path()) else { return nil }
    guard let value = parse(text) else {
      diagnostics.append(.error(rule, message(text), at: location(node), item: item, notes: notes))
      return nil
    }
    return value
  }

  /// An IPv4 address; `owner` names what has it ("machine 'ed-n1'"), `item` its name, `field` the key
  /// ("address", "ha.vip").
  func ipv4(
    _ node: Node?, path: @autoclosure () -> String, owner: @autoclosure () -> String, item: String, field: String,
    example: String
  ) -> IPv4? {
    typed(
      node, path: path(), rule: "address-in-subnet", item: item, parse: { IPv4($0) },
      message: { "\(owner()) has \(field) '\($0)', which is not an IPv4 address" },
      notes: ["write it as four numbers 0–255, e.g. \(example)"])
  }

  /// A VLAN subnet in CIDR form with zero host bits.
  func cidr(_ node: Node?, path: @autoclosure () -> String, vlan: String) -> CIDR? {
    typed(
      node, path: path(), rule: "subnet-overlap", item: vlan, parse: { CIDR($0) },
      message: { "VLAN '\(vlan)' has subnet '\($0)', which is not IPv4 CIDR with zero host bits" },
      notes: ["write it as 10.30.0.0/24"])
  }

  /// A load-balancer pool: `first-last` or a CIDR.
  func range(_ node: Node?, path: @autoclosure () -> String, cluster: String) -> IPv4Range? {
    typed(
      node, path: path(), rule: "address-in-subnet", item: cluster, parse: { IPv4Range($0) },
      message: { "load-balancer pool '\($0)' of cluster '\(cluster)' is not a range or CIDR" },
      notes: ["write it as 10.30.0.200-10.30.0.220 or 10.30.0.192/27"])
  }

  /// A list of ports (`tcp/8123`, `udp/27015-27030`); a single text counts as a list of one.
  func ports(_ node: Node?, path: @autoclosure () -> String) -> [Port] {
    let texts = strings(node, path: path())
    var items: [Node] = []
    if let node, case .sequence(let seq) = node.kind { items = seq }
    return texts.enumerated().compactMap { i, text in
      if let port = Port(text) { return port }
      error(
        "'\(path())' entry '\(text)' is not a port; expected PROTOCOL/PORT or PROTOCOL/LOW-HIGH, e.g. tcp/8123",
        at: i < items.count ? items[i] : node, notes: ["protocol tcp or udp, ports 1–65535"])
      return nil
    }
  }
}
