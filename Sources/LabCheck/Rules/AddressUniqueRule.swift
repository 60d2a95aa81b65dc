import LabModel

/// No two machines, VIPs or gateways claim the same address.
public struct AddressUniqueRule: Rule {
  public let name = "address-unique"
  public let summary = "no address is claimed twice (machines, VIPs, gateways)"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var claims: [(owner: String, ip: IPv4, path: String)] = []
    for m in lab.machines {
      if let ip = m.address.flatMap(IPv4.init) { claims.append(("machine '\(m.name)'", ip, "machines.\(m.name).address")) }
    }
    for s in lab.services {
      if let ip = s.ha?.vip.flatMap(IPv4.init) { claims.append(("the VIP of '\(s.name)'", ip, "services.\(s.name).ha.vip")) }
      if let ip = s.address.flatMap(IPv4.init) { claims.append(("service '\(s.name)'", ip, "services.\(s.name).address")) }
    }
    var out: [Diagnostic] = []
    var seen: [IPv4: String] = [:]
    for c in claims {
      if let first = seen[c.ip] {
        out.append(.error(name, "address \(c.ip) of \(c.owner) is already taken by \(first)", at: lab.sourceMap.value(c.path)))
      } else {
        seen[c.ip] = c.owner
      }
    }
    return out
  }
}
