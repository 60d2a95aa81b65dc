import LabModel

/// No two machines, VIPs or gateways claim the same address.
///
/// Two split gateways that share an address are left to gateway-split, which says more.
public struct AddressUniqueRule: Rule {
  public let name = "address-unique"
  public let summary = "no address is claimed twice (machines, VIPs, service addresses)"
  public init() {}

  private struct Claim {
    var owner: String
    var service: String?
    var path: String
  }

  public func check(_ lab: Lab) -> [Diagnostic] {
    var claims: [(IPv4, Claim)] = []
    for m in lab.machines {
      if let ip = m.address {
        claims.append((ip, Claim(owner: "machine '\(m.name)'", path: "machines.\(m.name).address")))
      }
    }
    for s in lab.services {
      if let ip = s.ha?.vip {
        claims.append((ip, Claim(owner: "the VIP of '\(s.name)'", path: "services.\(s.name).ha.vip")))
      }
      if let ip = s.address {
        claims.append((ip, Claim(owner: "service '\(s.name)'", service: s.name, path: "services.\(s.name).address")))
      }
    }
    var out: [Diagnostic] = []
    var seen: [IPv4: Claim] = [:]
    for (ip, claim) in claims {
      guard let first = seen[ip] else {
        seen[ip] = claim
        continue
      }
      if let a = first.service, let b = claim.service, splitPartners(a, b, lab) { continue }
      out.append(
        .error(
          name, "address \(ip) of \(claim.owner) is already taken by \(first.owner)",
          at: lab.sourceMap.value(claim.path), item: ip.description,
          notes: ["first claimed at \(lab.sourceMap.value(first.path)?.description ?? first.path)"]))
    }
    return out
  }

  private func splitPartners(_ a: String, _ b: String, _ lab: Lab) -> Bool {
    guard let sa = lab.service(named: a), let sb = lab.service(named: b) else { return false }
    return (sa.haKind == .split && sa.ha?.with == b) || (sb.haKind == .split && sb.ha?.with == a)
  }
}
