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

  /// The ruleset as drift compares it: what `nft -j list ruleset` lists after loading `ruleset()`
  /// (`NftablesLiveDriftTests` loads it with nft in a network namespace and checks that the two are equal).
  public func model() -> NftRuleset {
    let table = NftTable(
      family: "inet", name: "labctl", sets: [labNets],
      chains: chains().map { NftChain(name: $0.name, attributes: $0.attributes, rules: $0.lines.compactMap(\.rule)) })
    return NftRuleset(tables: [table])
  }

  /// The set of every VLAN subnet.
  var labNets: NftSet {
    NftSet(
      name: "lab_nets", attributes: ["type": .string("ipv4_addr"), "flags": .array([.string("interval")])],
      elements: segments.map { Nft.prefix($0.subnet) })
  }

  /// A line of a chain as written: a rule (with a comment after it), or a comment line of its own.
  enum Line {
    case note(String)
    case rule(NftRule, note: String? = nil)

    var rule: NftRule? {
      if case .rule(let rule, _) = self { return rule }
      return nil
    }

    var text: String {
      switch self {
      case .note(let note): "# \(note)"
      case .rule(let rule, let note): rule.description + (note.map { "  # \($0)" } ?? "")
      }
    }
  }

  /// The table's chains, in the order written.
  func chains() -> [(name: String, attributes: [String: NftJSON], lines: [Line])] {
    [
      ("input", NftChain.base(type: "filter", hook: "input", priority: 0, policy: "drop"), input()),
      ("forward", NftChain.base(type: "filter", hook: "forward", priority: 0, policy: "drop"), forward()),
      ("prerouting", NftChain.base(type: "nat", hook: "prerouting", priority: -100, policy: "accept"), prerouting()),
      (
        "postrouting", NftChain.base(type: "nat", hook: "postrouting", priority: 100, policy: "accept"),
        [.rule(NftRule([Self.fromLab, Self.toInternet, Nft.masquerade]))]
      ),
    ]
  }

  static let labNets = Nft.setReference("lab_nets")
  static let fromLab = Nft.match(Nft.payload("ip", "saddr"), labNets)
  static let toInternet = Nft.match(Nft.payload("ip", "daddr"), labNets, op: "!=")
  static let established = NftRule([
    Nft.match(Nft.ct("state"), .array([.string("established"), .string("related")]), op: "in"), Nft.accept,
  ])
  static let invalid = NftRule([Nft.match(Nft.ct("state"), .string("invalid"), op: "in"), Nft.drop])

  func input() -> [Line] {
    var lines: [Line] = [
      .rule(Self.established), .rule(Self.invalid),
      .rule(NftRule([Nft.match(Nft.meta("iif"), .string("lo")), Nft.accept])),
      .rule(NftRule([Self.fromLab, Nft.match(Nft.payload("icmp", "type"), .string("echo-request")), Nft.accept])),
      .rule(
        NftRule([
          Self.fromLab, Nft.match(Nft.payload("udp", "dport"), Nft.anonymousSet([.int(53), .int(67)])), Nft.accept,
        ])
      ),
    ]
    // The isolated (management) VLANs may reach the router itself over SSH.
    for (_, net) in segments.filter({ $0.vlan.trust == .isolated }) {
      lines.append(
        .rule(
          NftRule([
            Nft.match(Nft.payload("ip", "saddr"), Nft.prefix(net)), Nft.match(Nft.payload("tcp", "dport"), .int(22)),
            Nft.accept,
          ])))
    }
    return lines
  }

  func forward() -> [Line] {
    func between(_ from: NftJSON, _ to: NftJSON) -> [NftJSON] {
      [Nft.match(Nft.payload("ip", "saddr"), from), Nft.match(Nft.payload("ip", "daddr"), to)]
    }
    var lines: [Line] = [.rule(Self.established), .rule(Self.invalid)]
    for (vlan, net) in segments where vlan.trust == .guest {
      lines.append(.note("\(vlan.name): guest, internet only"))
      lines.append(.rule(NftRule(between(Nft.prefix(net), Self.labNets) + [Nft.drop])))
    }
    for rule in lab.firewall.allow {
      guard let from = subnet(rule.from), let to = subnet(rule.to) else { continue }
      let ports = rule.ports.map(PortSpec.init)
      lines.append(.note("\(rule.from) → \(rule.to)" + (rule.note.map { ": \($0)" } ?? "")))
      if ports.isEmpty {
        lines.append(.rule(NftRule(between(Nft.prefix(from), Nft.prefix(to)) + [Nft.accept])))
      } else {
        for (proto, list) in Self.byProto(ports) {
          let dport = Nft.match(Nft.payload(proto, "dport"), Nft.anonymousSet(list.map(Nft.port)))
          lines.append(.rule(NftRule(between(Nft.prefix(from), Nft.prefix(to)) + [dport, Nft.accept])))
        }
      }
    }
    if lab.firewall.defaultPolicy == .allow {
      lines.append(.note("default: allow between VLANs"))
      lines.append(.rule(NftRule(between(Self.labNets, Self.labNets) + [Nft.accept])))
    }
    lines += portForwards().map { .rule($0.forward, note: $0.note) }
    lines.append(.note("out to the internet: every VLAN reaches what is not a lab subnet"))
    lines.append(.rule(NftRule([Self.fromLab, Self.toInternet, Nft.accept])))
    return lines
  }

  func prerouting() -> [Line] { portForwards().map { .rule($0.dnat) } }

  public func ruleset() -> String {
    let nets = segments.map(\.subnet.description).joined(separator: ", ")
    let deny = lab.firewall.defaultPolicy == .allow ? "allow" : "deny"
    let chains = chains().map { chain in
      (["  chain \(chain.name) {", "    \(NftText.chain(chain.attributes))"] + chain.lines.map { "    " + $0.text } + [
        "  }"
      ])
      .joined(separator: "\n")
    }
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

      \(chains.joined(separator: "\n\n"))
      }

      """
  }

  /// Each port-forward: a forward rule for the DNAT'd flow (with the comment naming its machines) and its
  /// DNAT in prerouting, for traffic from the internet (not a lab subnet) to the router's own address.
  func portForwards() -> [(forward: NftRule, note: String, dnat: NftRule)] {
    var out: [(NftRule, String, NftRule)] = []
    for ingress in lab.firewall.ingress where ingress.kind == .portForward {
      let targets = ingress.to.compactMap { name in
        lab.machine(named: name).flatMap(ExportAddress.machine)
      }
      guard !targets.isEmpty else { continue }
      for port in ingress.ports.map(PortSpec.init).sorted() {
        let to = targets.count == 1 ? Nft.address(targets[0]) : Nft.roundRobin(targets)
        let daddr = targets.count == 1 ? Nft.address(targets[0]) : Nft.anonymousSet(targets.map(Nft.address))
        let dport = Nft.match(Nft.payload(port.proto, "dport"), Nft.port(port))
        out.append(
          (
            NftRule(
              [
                Nft.match(Nft.ct("status"), .string("dnat"), op: "in"), Nft.match(Nft.payload("ip", "daddr"), daddr),
                dport, Nft.accept,
              ]),
            "port-forward " + ingress.to.joined(separator: ", "),
            NftRule([
              Nft.match(Nft.payload("ip", "saddr"), Self.labNets, op: "!="),
              Nft.match(Nft.fib(["daddr"], "type"), .string("local")), dport, Nft.dnat(to),
            ])
          ))
      }
    }
    return out
  }

  /// Ports grouped by protocol, each list sorted: `[("tcp", [22, 443])]`.
  static func byProto(_ ports: [PortSpec]) -> [(String, [PortSpec])] {
    let grouped = Dictionary(grouping: Set(ports).sorted(), by: \.proto)
    return grouped.keys.sorted().map { proto in (proto, grouped[proto]!) }
  }
}
