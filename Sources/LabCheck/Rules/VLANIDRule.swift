import LabModel

/// VLAN tags are 1–4094 and each names one VLAN.
public struct VLANIDRule: Rule {
  public let name = "vlan-id"
  public let summary = "VLAN ids are within 1–4094 and unique"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var seen: [Int: String] = [:]
    for v in lab.vlans {
      let at = lab.sourceMap.value("vlans.\(v.name).id")
      if !(1...4094).contains(v.id) {
        out.append(
          .error(
            name, "VLAN '\(v.name)' has id \(v.id); 802.1Q ids run from 1 to 4094", at: at, item: v.name,
            notes: ["pick an id from 1 to 4094"]))
      } else if let other = seen[v.id] {
        out.append(
          .error(
            name, "VLAN '\(v.name)' reuses id \(v.id) of VLAN '\(other)'", at: at, item: v.name,
            notes: ["each VLAN needs its own tag; pick an unused id"]))
      } else {
        seen[v.id] = v.name
      }
    }
    return out
  }
}
