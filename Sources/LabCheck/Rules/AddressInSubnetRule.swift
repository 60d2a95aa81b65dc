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
      // Malformed addresses, subnets and pools were refused at load (under this rule's name).
      guard let ip = m.address else { continue }
      guard let vlanName = m.vlan, let subnet = lab.vlan(named: vlanName)?.subnet else { continue }
      if !subnet.contains(ip) {
        out.append(
          .error(
            name, "address \(ip) of machine '\(m.name)' is outside \(subnet), the subnet of its VLAN '\(vlanName)'",
            at: lab.sourceMap.value("machines.\(m.name).address"), item: m.name,
            notes: ["pick an address in \(subnet.first)–\(subnet.last), or put the machine on another VLAN"]))
      }
    }
    for s in lab.services {
      for (path, address) in [("ha.vip", s.ha?.vip), ("address", s.address)] {
        guard let ip = address else { continue }
        if !subnets.isEmpty, !subnets.contains(ip) {
          out.append(
            .error(
              name, "\(path) \(ip) of service '\(s.name)' is inside no VLAN's subnet",
              at: lab.sourceMap.value("services.\(s.name).\(path)"), item: s.name,
              notes: ["a VIP or gateway address must be reachable on one of the lab's VLANs"]))
        }
      }
    }
    for c in lab.clusters {
      guard let range = c.loadBalancer?.pool else { continue }
      let pool = range.description
      if !subnets.isEmpty, !subnets.containsWhole(range) {
        out.append(
          .error(
            name, "load-balancer pool '\(pool)' of cluster '\(c.name)' lies inside no single VLAN's subnet",
            at: lab.sourceMap.value("clusters.\(c.name).loadbalancer.pool"), item: c.name,
            notes: ["MetalLB in L2 mode answers ARP on one segment; keep the pool inside one subnet"]))
      }
    }
    return out
  }
}
