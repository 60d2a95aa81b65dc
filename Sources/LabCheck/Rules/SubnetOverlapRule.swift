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
      // A malformed subnet was refused at load (under this rule's name) and reads as absent.
      guard let cidr = v.subnet else { continue }
      let at = lab.sourceMap.value("vlans.\(v.name).subnet")
      if let (other, otherCIDR) = parsed.first(where: { $0.1.overlaps(cidr) }) {
        out.append(
          .error(
            name, "subnet \(cidr) of VLAN '\(v.name)' overlaps \(otherCIDR) of VLAN '\(other)'", at: at, item: v.name,
            notes: ["give each VLAN its own range; an address must belong to one segment"]))
      }
      parsed.append((v.name, cidr))
    }
    return out
  }
}
