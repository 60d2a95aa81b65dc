import LabModel

/// A VLAN's posture, computed from the firewall: what it may reach, not its addresses.
struct VLANPosture: Sendable, Hashable, Encodable {
  enum Kind: String, Sendable, Encodable {
    case focal, isolated, allow, except, deny, open
  }

  var vlan: String
  var kind: Kind
  /// The badge text: `ALLOW → SERVERS`, `DENY + EXCEPT`, `ISOLATED`, `FOCAL`.
  var label: String
  /// Exceptions and inbound paths: `tcp/8123 → Servers`, `inbound tcp/25565 → wings-n1`.
  var details: [String]
}

extension Lab {
  /// The label a VLAN goes by in posture badges: `SERVERS` for "Servers (Trusted)".
  func badgeName(_ vlan: String) -> String {
    guard let v = self.vlan(named: vlan) else { return vlan.uppercased() }
    if let s = v.short { return s.uppercased() }
    if let t = v.title, let first = t.split(separator: " ").first { return first.uppercased() }
    return v.name.uppercased()
  }

  /// Every VLAN's posture, in declaration order, with port numbers.
  var postures: [VLANPosture] { postures(ports: true) }

  /// Every VLAN's posture, in declaration order; without `ports` an exception or a port-forward is named by its
  /// note or name, never by its port numbers (the public page, unless `page.show_ports`).
  func postures(ports: Bool) -> [VLANPosture] {
    let focal = vlans.first(where: \.focal)
    let denyDefault = firewall.defaultPolicy != .allow
    return vlans.map { v in
      let rules = firewall.allow.filter { $0.from == v.name }
      let open = rules.filter { $0.ports.isEmpty }
      let except = rules.filter { !$0.ports.isEmpty }
      var details = except.map {
        (ports ? "allow \($0.ports.map(\.description).joined(separator: ", "))" : "exception")
          + " → \(vlan(named: $0.to)?.title ?? $0.to)"
      }
      for ingress in firewall.ingress where ingress.kind == .portForward {
        let here = ingress.to.filter { machine(named: $0)?.vlan == v.name }
        if !here.isEmpty {
          let what = ports ? ingress.ports.map(\.description).joined(separator: ", ") : "port-forward"
          details.append("inbound \(what) → \(here.joined(separator: ", "))")
        }
      }
      let kind: VLANPosture.Kind
      let label: String
      if v.focal {
        (kind, label) = (.focal, "FOCAL")
      } else if v.trust == .isolated {
        (kind, label) = (.isolated, "ISOLATED")
      } else if !open.isEmpty {
        (kind, label) = (.allow, "ALLOW → " + open.map { badgeName($0.to) }.joined(separator: ", "))
      } else if !except.isEmpty {
        (kind, label) = (.except, "DENY + EXCEPT")
      } else if !denyDefault {
        (kind, label) = (.open, "OPEN")
      } else if v.trust == .guest {
        (kind, label) = (.deny, "DENY → LAN")
      } else {
        (kind, label) = (.deny, "DENY → " + (focal.map { badgeName($0.name) } ?? "LAN"))
      }
      return VLANPosture(vlan: v.name, kind: kind, label: label, details: details)
    }
  }

  /// Posture badge by VLAN name.
  var vlanPosture: [String: String] {
    Dictionary(postures.map { ($0.vlan, $0.label) }, uniquingKeysWith: { a, _ in a })
  }
}
