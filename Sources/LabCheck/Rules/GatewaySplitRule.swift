import LabModel

/// Internal and public traffic land on separate gateways with their own addresses.
public struct GatewaySplitRule: Rule {
  public let name = "gateway-split"
  public let summary = "a split edge names its other half, and the two answer on distinct addresses"
  public let waivable = true
  public let simulatedItem: ItemKind? = .service
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var pairs = Set<[String]>()
    for s in lab.services where s.haKind == .split {
      let p = "services.\(s.name)"
      guard let other = s.ha?.with else {
        out.append(
          .error(
            name, "service '\(s.name)' is a split edge but does not name its other half",
            at: lab.sourceMap.value("\(p).ha"), item: s.name, notes: ["add 'with: <the other gateway>' under 'ha'"]))
        continue
      }
      guard let partner = lab.service(named: other) else { continue }  // unknown-reference reports it
      if partner.name == s.name {
        out.append(
          .error(
            name, "service '\(s.name)' cannot be split with itself", at: lab.sourceMap.value("\(p).ha.with"),
            item: s.name,
            notes: ["name the other gateway, e.g. the internal one for a public one"]))
        continue
      }
      guard pairs.insert([s.name, other].sorted()).inserted else { continue }
      if let a = s.address, a == partner.address {
        let here = lab.sourceMap.value("\(p).address")
        let there = lab.sourceMap.value("services.\(other).address")
        let partnerFirst = there.flatMap { t in here.map { t < $0 } } ?? false
        let (first, second) = partnerFirst ? (other, s.name) : (s.name, other)
        out.append(
          .error(
            name,
            "split gateways '\(first)' and '\(second)' share the address \(a); internal and public traffic "
              + "must land on separate IPs",
            at: lab.sourceMap.value("services.\(second).address"), item: second,
            notes: ["give '\(second)' its own address from the cluster's load-balancer pool"]))
      } else {
        for missing in [s, partner] where missing.address == nil {
          out.append(
            .warning(
              name, "split gateway '\(missing.name)' does not declare the 'address' it answers on",
              at: lab.sourceMap.key("services.\(missing.name)"), item: missing.name,
              notes: ["add 'address: <IP>' so the split can be checked"]))
        }
      }
    }
    return out
  }
}
