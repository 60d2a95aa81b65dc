import LabModel

/// Internal and public traffic land on separate gateways with their own addresses.
public struct GatewaySplitRule: Rule {
  public let name = "gateway-split"
  public let summary = "a split edge names its other half, and the two have distinct addresses"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where s.haKind == .split {
      let at = lab.sourceMap.value("services.\(s.name).ha")
      guard let other = s.ha?.with else {
        out.append(.error(name, "service '\(s.name)' is a split edge but does not name its other half ('ha.with')", at: at))
        continue
      }
      guard let partner = lab.services[named: other] else { continue }
      if partner.name == s.name {
        out.append(.error(name, "service '\(s.name)' cannot be split with itself", at: lab.sourceMap.value("services.\(s.name).ha.with")))
      } else if let a = s.address, a == partner.address {
        out.append(.error(name, "split gateways '\(s.name)' and '\(other)' share the address \(a); internal and public traffic must land on separate IPs", at: lab.sourceMap.value("services.\(s.name).address")))
      } else if s.address == nil || partner.address == nil {
        out.append(.warning(name, "split gateways '\(s.name)' and '\(other)' should each declare the 'address' it answers on", at: at))
      }
    }
    return out
  }
}
