import LabModel

/// A machine's address must be inside the subnet of the VLAN it is on.
public struct AddressInSubnetRule: Rule {
  public let name = "address-in-subnet"
  public let summary = "every address is valid and inside its VLAN's subnet"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for m in lab.machines {
      guard let text = m.address else { continue }
      let at = lab.sourceMap.value("machines.\(m.name).address")
      guard let ip = IPv4(text) else {
        out.append(.error(name, "machine '\(m.name)' has address '\(text)', which is not an IPv4 address", at: at))
        continue
      }
      guard let vlanName = m.vlan, let vlan = lab.vlans[named: vlanName], let subnet = vlan.subnet.flatMap(CIDR.init)
      else { continue }
      if !subnet.contains(ip) {
        out.append(.error(name, "address \(ip) of machine '\(m.name)' is outside \(subnet), the subnet of its VLAN '\(vlanName)'", at: at))
      }
    }
    for s in lab.services {
      for (path, text) in [("ha.vip", s.ha?.vip), ("address", s.address)] {
        guard let text else { continue }
        let at = lab.sourceMap.value("services.\(s.name).\(path)")
        guard let ip = IPv4(text) else {
          out.append(.error(name, "service '\(s.name)' has \(path) '\(text)', which is not an IPv4 address", at: at))
          continue
        }
        let inAny = lab.vlans.contains { $0.subnet.flatMap(CIDR.init)?.contains(ip) ?? false }
        if !inAny, lab.vlans.contains(where: { $0.subnet != nil }) {
          out.append(.error(name, "\(path) \(ip) of service '\(s.name)' is inside no VLAN's subnet", at: at))
        }
      }
    }
    for c in lab.clusters {
      guard let pool = c.loadBalancer?.pool else { continue }
      if IPv4Range(pool) == nil {
        out.append(.error(name, "load-balancer pool '\(pool)' of cluster '\(c.name)' is not a range (a.b.c.d-e.f.g.h) or CIDR", at: lab.sourceMap.value("clusters.\(c.name).loadbalancer.pool")))
      }
    }
    return out
  }
}
