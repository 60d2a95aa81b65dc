import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing

/// The exported ruleset, loaded in a router namespace between one namespace per VLAN, lets through exactly
/// what the policy says: every VLAN pair on the declared ports and a few undeclared ones, the internet, and
/// the port-forward from outside. Needs root, `ip netns` and nft; skipped visibly otherwise (and failed
/// under LABCTL_REQUIRE_PEERS=1).
@Suite(.serialized) struct NamespaceFirewallTests {
  static var available: Bool {
    guard getuid() == 0, let ip = Peers.find("ip"), Peers.find("nft") != nil, python != nil else { return false }
    return ((try? Peers.run(ip, ["netns", "list"], timeout: 10) as Peers.Output)?.status ?? 1) == 0
  }
  static var python: String? {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : Peers.find("python3")
  }
  static let undeclared = [22, 443, 5432]

  /// What the policy allows from one VLAN to another on a TCP port, read from the model directly.
  static func allowed(_ lab: Lab, from: VLAN, to: VLAN, port: Int) -> Bool {
    if from.trust == .guest { return false }
    if lab.firewall.defaultPolicy == .allow { return true }
    return lab.firewall.allow.contains { rule in
      rule.from == from.name && rule.to == to.name
        && (rule.ports.isEmpty || rule.ports.contains { $0.proto == .tcp && $0.contains(UInt16(port)) })
    }
  }

  @Test(.enabled(if: available || Peers.required, "needs root, ip netns (iproute2), nft (nftables) and python3"))
  func vlanMatrixMatchesThePolicy() async throws {
    let lab = try TestLab.loadExample()
    let ip = try #require(Peers.find("ip"), "ip (iproute2) not installed")
    let python = try #require(Self.python, "python3 not installed")
    try #require(getuid() == 0, "the namespace test needs root")
    let declared = Set(lab.firewall.allow.flatMap(\.ports) + lab.firewall.ingress.flatMap(\.ports))
      .compactMap { $0.proto == .tcp ? Int($0.first) : nil }
    let ports = Set(declared + Self.undeclared).sorted()
    let net = try NamespaceLab(ip: ip, python: python)
    defer { net.remove() }
    try await net.build(lab, ruleset: NftablesExporter(lab).ruleset())
    for vlan in net.vlans { try await net.listen(vlan.ns, label: vlan.name, ports: ports) }
    try await net.listen(net.wan, label: "internet", ports: [443])

    var mismatches: [String] = []
    var cells: [String: [Int]] = [:]
    let vlans = net.vlans.compactMap { entry in lab.vlans.first { $0.name == entry.name }.map { (entry, $0) } }
    // Every VLAN probes at once (each probe waits out its closed ports), then the results are compared.
    let everyTarget = vlans.flatMap { target in ports.map { "\(target.0.addresses[0]):\($0)" } }
    let probed = try await withThrowingTaskGroup(of: (String, [String: String?]).self) { group in
      for (source, _) in vlans {
        let targets = everyTarget.filter { !source.addresses.contains(String($0.split(separator: ":")[0])) }
        group.addTask { (source.name, try await net.probe(from: source.ns, targets + ["\(NamespaceLab.wanHost):443"])) }
      }
      return try await group.reduce(into: [String: [String: String?]]()) { $0[$1.0] = $1.1 }
    }
    for (source, sourceVLAN) in vlans {
      let others = vlans.filter { $0.0.name != source.name }
      let results = probed[source.name] ?? [:]
      for (target, targetVLAN) in others {
        for port in ports {
          let answer = results["\(target.addresses[0]):\(port)"] ?? nil
          let expected = Self.allowed(lab, from: sourceVLAN, to: targetVLAN, port: port)
          if answer != nil { cells["\(source.name)>\(target.name)", default: []].append(port) }
          if (answer != nil) != expected {
            mismatches.append(
              "\(source.name) → \(target.name) tcp/\(port): \(answer != nil ? "open" : "closed"), policy says \(expected ? "allow" : "deny")"
            )
          } else if let answer, !answer.hasPrefix(target.name + " ") {
            mismatches.append("\(source.name) → \(target.name) tcp/\(port) reached '\(answer)'")
          }
        }
      }
      if (results["\(NamespaceLab.wanHost):443"] ?? nil) == nil {
        mismatches.append("\(source.name) → internet tcp/443: closed, every VLAN (guest too) reaches the internet")
      }
    }

    // From the internet: the port-forward reaches its machine through the router's address, nothing else gets in.
    var outside = ["\(NamespaceLab.wanRouter):22", "\(NamespaceLab.wanRouter):443"]
    outside += vlans.flatMap { entry in entry.0.addresses.flatMap { address in ports.map { "\(address):\($0)" } } }
    var forwards: [String: String] = [:]
    for ingress in lab.firewall.ingress where ingress.kind == .portForward {
      for port in ingress.ports.compactMap({ $0.proto == .tcp ? Int($0.first) : nil }) {
        let machine = try #require(lab.machines.first { $0.name == ingress.to.first }?.address)
        forwards["\(NamespaceLab.wanRouter):\(port)"] = machine.description
      }
    }
    let inbound = try await net.probe(from: net.wan, outside + forwards.keys.sorted())
    for (target, answer) in inbound.sorted(by: { $0.key < $1.key }) {
      if let machine = forwards[target] {
        if answer?.hasSuffix(" " + machine) != true {
          mismatches.append("internet → \(target): \(answer ?? "closed"), the port-forward should land on \(machine)")
        }
      } else if let answer {
        mismatches.append("internet → \(target): open ('\(answer)'), only the declared port-forwards get in")
      }
    }

    print(Self.matrix(lab, vlans.map(\.1), cells: cells, ports: ports, forwards: forwards, inbound: inbound))
    let report = mismatches.joined(separator: "\n")
    #expect(mismatches.isEmpty, "the ruleset does not behave as the policy says:\n\(report)")
  }

  /// The VLAN matrix as printed: rows from, columns to; `all`, the open ports, or `—`.
  static func matrix(
    _ lab: Lab, _ vlans: [VLAN], cells: [String: [Int]], ports: [Int], forwards: [String: String],
    inbound: [String: String?]
  ) -> String {
    let width = 20
    func pad(_ s: String) -> String {
      s.count >= width ? String(s.prefix(width - 1)) + " " : s + String(repeating: " ", count: width - s.count)
    }
    var out =
      "VLAN matrix (rows: from, columns: to; TCP ports tried: \(ports.map(String.init).joined(separator: ", ")))\n"
    out += pad("from \\ to") + vlans.map { pad($0.title ?? $0.name) }.joined() + "\n"
    for source in vlans {
      out += pad(source.title ?? source.name)
      for target in vlans {
        if source.name == target.name {
          out += pad("·")
          continue
        }
        let open = cells["\(source.name)>\(target.name)"] ?? []
        out += pad(
          open.isEmpty ? "—" : open.count == ports.count ? "all" : open.map { "tcp/\($0)" }.joined(separator: ","))
      }
      out += "\n"
    }
    for (target, machine) in forwards.sorted(by: { $0.key < $1.key }) {
      out += "internet → \(target) (port-forward): \((inbound[target] ?? nil) ?? "closed") [\(machine) expected]\n"
    }
    let leaks = inbound.filter { forwards[$0.key] == nil && $0.value != nil }.count
    out +=
      "internet → anything else: \(leaks == 0 ? "closed" : "\(leaks) open") (\(inbound.count - forwards.count) tried)\n"
    return out
  }
}
