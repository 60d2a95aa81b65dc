import LabModel

/// The edge firewall as one nftables ruleset, from the VLAN policy: default deny between VLANs, each allow
/// rule with its ports, established/related, guest VLANs internet-only, the declared port-forwards as DNAT
/// (and nothing else inbound), masquerade out. Rules match on the VLANs' subnets, not interface names, so
/// the ruleset holds on any router whose interfaces carry the VLANs' gateway addresses.
public struct NftablesExporter: Sendable {
  public static let path = "nftables/edge.nft"
  let lab: Lab

  public init(_ lab: Lab) { self.lab = lab }

  public func export() -> ArtifactSet {
    ArtifactSet([Artifact(path: Self.path, text: ruleset(), contentType: "text/plain")])
  }

  /// Each VLAN with a subnet, in declaration order.
  var segments: [(vlan: VLAN, subnet: CIDR)] {
    lab.vlans.compactMap { vlan in ExportAddress.subnet(vlan).map { (vlan, $0) } }
  }

  func subnet(_ name: String) -> CIDR? { segments.first { $0.vlan.name == name }?.subnet }

  public func ruleset() -> String {
    let nets = segments.map(\.subnet.description).joined(separator: ", ")
    var forward: [String] = [
      "ct state established,related accept",
      "ct state invalid drop",
    ]
    for (vlan, net) in segments where vlan.trust == .guest {
      forward.append("# \(vlan.name): guest, internet only")
      forward.append("ip saddr \(net) ip daddr @lab_nets drop")
    }
    for rule in lab.firewall.allow {
      guard let from = subnet(rule.from), let to = subnet(rule.to) else { continue }
      let ports = rule.ports.map(PortSpec.init)
      forward.append("# \(rule.from) → \(rule.to)" + (rule.note.map { ": \($0)" } ?? ""))
      if ports.isEmpty {
        forward.append("ip saddr \(from) ip daddr \(to) accept")
      } else {
        for (proto, list) in Self.byProto(ports) {
          forward.append("ip saddr \(from) ip daddr \(to) \(proto) dport { \(list) } accept")
        }
      }
    }
    if lab.firewall.defaultPolicy == .allow {
      forward.append("# default: allow between VLANs")
      forward.append("ip saddr @lab_nets ip daddr @lab_nets accept")
    }
    var prerouting: [String] = []
    for (forwardRule, dnat) in portForwards() {
      forward.append(forwardRule)
      prerouting.append(dnat)
    }
    forward.append("# out to the internet: every VLAN reaches what is not a lab subnet")
    forward.append("ip saddr @lab_nets ip daddr != @lab_nets accept")
    let deny = lab.firewall.defaultPolicy == .allow ? "allow" : "deny"
    return """
      #!/usr/sbin/nft -f
      # Edge firewall for \(lab.meta.name) — exported by labctl from lab.yaml; edit lab.yaml, not this file.
      # Between VLANs: \(deny) by default; inbound from the internet: the declared port-forwards only.
      # The router's interfaces carry each VLAN's gateway:
      \(segments.map { "#   \($0.vlan.name) (VLAN \($0.vlan.id)): \($0.subnet) via \(ExportAddress.gateway($0.vlan).map(\.description) ?? "-")" }.joined(separator: "\n"))
      flush ruleset

      table inet labctl {
        set lab_nets {
          type ipv4_addr
          flags interval
          elements = { \(nets) }
        }

        chain input {
          type filter hook input priority filter; policy drop;
          ct state established,related accept
          ct state invalid drop
          iif "lo" accept
          ip saddr @lab_nets icmp type echo-request accept
          ip saddr @lab_nets udp dport { 53, 67 } accept
      \(management().map { "    " + $0 }.joined(separator: "\n"))
        }

        chain forward {
          type filter hook forward priority filter; policy drop;
      \(forward.map { "    " + $0 }.joined(separator: "\n"))
        }

        chain prerouting {
          type nat hook prerouting priority dstnat; policy accept;
      \(prerouting.map { "    " + $0 }.joined(separator: "\n"))
        }

        chain postrouting {
          type nat hook postrouting priority srcnat; policy accept;
          ip saddr @lab_nets ip daddr != @lab_nets masquerade
        }
      }

      """
  }

  /// The isolated (management) VLANs may reach the router itself over SSH.
  func management() -> [String] {
    segments.filter { $0.vlan.trust == .isolated }.map { "ip saddr \($0.subnet) tcp dport 22 accept" }
  }

  /// Each port-forward: a forward rule for the DNAT'd flow and its DNAT in prerouting, for traffic from the
  /// internet (not a lab subnet) to the router's own address.
  func portForwards() -> [(String, String)] {
    var out: [(String, String)] = []
    for ingress in lab.firewall.ingress where ingress.kind == .portForward {
      let targets = ingress.to.compactMap { name in
        lab.machine(named: name).flatMap(ExportAddress.machine)
      }
      guard !targets.isEmpty else { continue }
      for port in ingress.ports.map(PortSpec.init).sorted() {
        let to =
          targets.count == 1
          ? "\(targets[0])"
          : "numgen inc mod \(targets.count) map { "
            + targets.enumerated().map { "\($0.offset) : \($0.element)" }.joined(separator: ", ") + " }"
        let daddr =
          targets.count == 1
          ? "ip daddr \(targets[0])" : "ip daddr { \(targets.map(\.description).joined(separator: ", ")) }"
        out.append(
          (
            "ct status dnat \(daddr) \(port.proto) dport \(port.port) accept  # port-forward "
              + ingress.to.joined(separator: ", "),
            "ip saddr != @lab_nets fib daddr type local \(port.proto) dport \(port.port) dnat ip to \(to)"
          ))
      }
    }
    return out
  }

  /// Ports grouped by protocol, each list sorted: `[("tcp", "22, 443")]`.
  static func byProto(_ ports: [PortSpec]) -> [(String, String)] {
    let grouped = Dictionary(grouping: Set(ports).sorted(), by: \.proto)
    return grouped.keys.sorted().map { proto in (proto, grouped[proto]!.map(\.port).joined(separator: ", "))
    }
  }
}
