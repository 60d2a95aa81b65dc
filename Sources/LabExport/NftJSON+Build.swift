import LabModel

/// libnftables JSON for what the exporter writes, spelled as `nft -j list ruleset` lists it.
enum Nft {
  static func payload(_ proto: String, _ field: String) -> NftJSON {
    .single("payload", .object(["protocol": .string(proto), "field": .string(field)]))
  }

  static func ct(_ key: String) -> NftJSON { .single("ct", .object(["key": .string(key)])) }
  static func meta(_ key: String) -> NftJSON { .single("meta", .object(["key": .string(key)])) }

  static func fib(_ flags: [String], _ result: String) -> NftJSON {
    .single("fib", .object(["result": .string(result), "flags": .array(flags.map(NftJSON.string))]))
  }

  /// `LEFT RIGHT` (`==`), `LEFT != RIGHT`; `in` is how nft lists a flag match (`ct state established`).
  static func match(_ left: NftJSON, _ right: NftJSON, op: String = "==") -> NftJSON {
    .single("match", .object(["op": .string(op), "left": left, "right": right]))
  }

  static func prefix(_ subnet: CIDR) -> NftJSON {
    .single("prefix", .object(["addr": .string(subnet.network.description), "len": .int(subnet.prefix)]))
  }

  static func address(_ address: IPv4) -> NftJSON { .string(address.description) }
  static func setReference(_ name: String) -> NftJSON { .string("@" + name) }
  static func anonymousSet(_ items: [NftJSON]) -> NftJSON { .single("set", .array(items)) }

  /// A port or range: `22`, `{"range": [8000, 8100]}`.
  static func port(_ port: PortSpec) -> NftJSON {
    port.first == port.last ? .int(port.first) : .single("range", .array([.int(port.first), .int(port.last)]))
  }

  static func verdict(_ name: String) -> NftJSON { .single(name, .null) }
  static let accept = verdict("accept")
  static let drop = verdict("drop")
  static let masquerade = verdict("masquerade")

  /// `dnat ip to ADDRESS`.
  static func dnat(_ address: NftJSON) -> NftJSON {
    .single("dnat", .object(["family": .string("ip"), "addr": address]))
  }

  /// `numgen inc mod N map { 0 : A, 1 : B, … }`: each target in turn.
  static func roundRobin(_ targets: [IPv4]) -> NftJSON {
    let numgen = NftJSON.single(
      "numgen", .object(["mode": .string("inc"), "mod": .int(targets.count), "offset": .int(0)]))
    let pairs = targets.enumerated().map { NftJSON.array([.int($0.offset), address($0.element)]) }
    return .single("map", .object(["key": numgen, "data": anonymousSet(pairs)]))
  }
}
