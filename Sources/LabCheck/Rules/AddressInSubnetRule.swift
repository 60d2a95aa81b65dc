import LabModel

/// A machine's address must be inside the subnet of the VLAN it is on.
public struct AddressInSubnetRule: Rule {
  public let name = "address-in-subnet"
  public let summary = "every address is valid IPv4 and inside its VLAN's subnet (VIPs and pools inside some VLAN)"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let subnets = SubnetIndex(lab.vlans)
    for m in lab.machines {
      guard let text = m.address else { continue }
      let at = lab.sourceMap.value("machines.\(m.name).address")
      guard let ip = IPv4(text) else {
        out.append(
          .error(
            name, "machine '\(m.name)' has address '\(text)', which is not an IPv4 address", at: at,
            notes: ["write it as four numbers 0–255, e.g. 10.30.0.11"]))
        continue
      }
      guard let vlanName = m.vlan, let subnet = lab.vlan(named: vlanName)?.subnet.flatMap(CIDR.init) else { continue }
      if !subnet.contains(ip) {
        out.append(
          .error(
            name, "address \(ip) of machine '\(m.name)' is outside \(subnet), the subnet of its VLAN '\(vlanName)'",
            at: at, notes: ["pick an address in \(subnet.first)–\(subnet.last), or put the machine on another VLAN"]))
      }
    }
    for s in lab.services {
      for (path, text) in [("ha.vip", s.ha?.vip), ("address", s.address)] {
        guard let text else { continue }
        let at = lab.sourceMap.value("services.\(s.name).\(path)")
        guard let ip = IPv4(text) else {
          out.append(
            .error(
              name, "service '\(s.name)' has \(path) '\(text)', which is not an IPv4 address", at: at,
              notes: ["write it as four numbers 0–255, e.g. 10.30.0.53"]))
          continue
        }
        if !subnets.isEmpty, !subnets.contains(ip) {
          out.append(
            .error(
              name, "\(path) \(ip) of service '\(s.name)' is inside no VLAN's subnet", at: at,
              notes: ["a VIP or gateway address must be reachable on one of the lab's VLANs"]))
        }
      }
    }
    for c in lab.clusters {
      guard let pool = c.loadBalancer?.pool else { continue }
      let at = lab.sourceMap.value("clusters.\(c.name).loadbalancer.pool")
      guard let range = IPv4Range(pool) else {
        out.append(
          .error(
            name, "load-balancer pool '\(pool)' of cluster '\(c.name)' is not a range or CIDR", at: at,
            notes: ["write it as 10.30.0.200-10.30.0.220 or 10.30.0.192/27"]))
        continue
      }
      if !subnets.isEmpty, !subnets.containsWhole(range) {
        out.append(
          .error(
            name, "load-balancer pool '\(pool)' of cluster '\(c.name)' lies inside no single VLAN's subnet",
            at: at, notes: ["MetalLB in L2 mode answers ARP on one segment; keep the pool inside one subnet"]))
      }
    }
    return out
  }
}
