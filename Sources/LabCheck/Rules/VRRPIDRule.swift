import LabModel

/// Two keepalived VIPs on one VLAN must not share a VRRP virtual router id: their routers would fight
/// over one virtual MAC. The id is `ha.vrid`, or the VIP's last octet.
public struct VRRPIDRule: Rule {
  public let name = "vrrp-id"
  public let summary = "VRRP virtual router ids are within 1–255 and unique per VLAN"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var seen: [String: String] = [:]
    for s in lab.services where s.haKind == .vip {
      guard let ha = s.ha, let id = ha.virtualRouterID else { continue }
      let at =
        lab.sourceMap.value("services.\(s.name).ha.vrid") ?? lab.sourceMap.value("services.\(s.name).ha.vip")
        ?? lab.sourceMap.key("services.\(s.name)")
      guard (1...255).contains(id) else {
        out.append(
          .error(
            name, "service '\(s.name)' has VRRP id \(id); virtual_router_id runs from 1 to 255", at: at,
            item: s.name,
            notes: ["set 'ha.vrid' to an id from 1 to 255"]))
        continue
      }
      let vip = ha.vip
      let vlan = vip.flatMap { ip in lab.vlans.first { $0.subnet?.contains(ip) == true } }
      let key = "\(vlan?.name ?? "")#\(id)"
      if let other = seen[key] {
        out.append(
          .error(
            name,
            "service '\(s.name)' reuses VRRP id \(id) of service '\(other)'"
              + (vlan.map { " on VLAN '\($0.name)'" } ?? ""),
            at: at, item: s.name, notes: ["set 'ha.vrid' to an id no other VIP on the VLAN uses"]))
      } else {
        seen[key] = s.name
      }
    }
    return out
  }
}
