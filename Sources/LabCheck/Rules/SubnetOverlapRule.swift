import LabModel

/// Each VLAN's subnet is valid CIDR and shares no address with another's.
public struct SubnetOverlapRule: Rule {
  public let name = "subnet-overlap"
  public let summary = "VLAN subnets are valid CIDR and do not overlap"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var parsed: [(String, CIDR)] = []
    for v in lab.vlans {
      guard let text = v.subnet else { continue }
      let at = lab.sourceMap.value("vlans.\(v.name).subnet")
      guard let cidr = CIDR(text) else {
        out.append(
          .error(
            name, "VLAN '\(v.name)' has subnet '\(text)', which is not IPv4 CIDR with zero host bits", at: at,
            notes: ["write it as 10.30.0.0/24"]))
        continue
      }
      if let (other, otherCIDR) = parsed.first(where: { $0.1.overlaps(cidr) }) {
        out.append(
          .error(
            name, "subnet \(cidr) of VLAN '\(v.name)' overlaps \(otherCIDR) of VLAN '\(other)'", at: at,
            notes: ["give each VLAN its own range; an address must belong to one segment"]))
      }
      parsed.append((v.name, cidr))
    }
    return out
  }
}
