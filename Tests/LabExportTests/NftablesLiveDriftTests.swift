import Foundation
import LabExport
import LabModel
import LabSpec
import LabTestSupport
import Testing

/// The exported ruleset loaded by the real nft into a network namespace this test creates (nothing is linked
/// to it, so no packet is sent anywhere): what `nft -j list ruleset` prints there equals the model's
/// normalized form, and after rules are changed behind labctl's back, `labctl drift nftables` reports exactly
/// those changes and exits 1. The namespace is deleted however the test ends.
@Suite(.serialized) struct NftablesLiveDriftTests {
  /// A namespace of its own, the export loaded in it.
  final class Router: @unchecked Sendable {
    let ip: String
    let nft: String
    let name = "ld" + String(UUID().uuidString.prefix(8)).lowercased()
    let dir = NSTemporaryDirectory() + "labctl-nft-drift-\(UUID().uuidString)"
    var created = false

    init(ip: String, nft: String) throws {
      self.ip = ip
      self.nft = nft
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func run(_ arguments: [String]) async throws -> Peers.Output {
      try await Peers.run(ip, arguments, timeout: 30)
    }

    /// `nft ARGS` inside the namespace; fails the test on a non-zero exit.
    @discardableResult
    func nft(_ arguments: [String]) async throws -> String {
      let (tool, inside) = NetNS.command(name, ip: ip, [nft] + arguments)
      let out: Peers.Output = try await Peers.run(tool, inside, timeout: 30)
      try #require(out.status == 0, "nft \(arguments.joined(separator: " ")): \(out.stderr)")
      return out.stdout
    }

    func create(loading ruleset: String) async throws {
      let added = try await run(["netns", "add", name])
      try #require(added.status == 0, "ip netns add: \(added.stderr)")
      created = true
      try ruleset.write(toFile: "\(dir)/edge.nft", atomically: true, encoding: .utf8)
      try await nft(["-f", "\(dir)/edge.nft"])
    }

    /// The handle of the one rule of `chain` whose JSON contains `text`.
    func handle(chain: String, containing text: String) async throws -> Int {
      let json = try await nft(["-j", "list", "chain", "inet", "labctl", chain])
      let list = try #require(
        (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["nftables"] as? [[String: Any]])
      let rules = list.compactMap { $0["rule"] as? [String: Any] }.filter { rule in
        let data = (try? JSONSerialization.data(withJSONObject: rule["expr"] ?? [], options: .sortedKeys)) ?? Data()
        return String(decoding: data, as: UTF8.self).contains(text)
      }
      try #require(rules.count == 1, "rules of \(chain) holding \(text): \(rules)")
      return try #require(rules[0]["handle"] as? Int)
    }

    /// Deletes the namespace (and the ruleset with it) and the files; synchronous, for a `defer`.
    func remove() {
      if created { _ = try? Peers.run(ip, ["netns", "del", name], timeout: 30) as Peers.Output }
      try? FileManager.default.removeItem(atPath: dir)
    }
  }

  @Test(
    Peers.needs("nft", install: "apt-get install nftables"), Peers.needs("ip", install: "apt-get install iproute2"),
    .enabled(if: getuid() == 0 || Peers.required, "needs root to create a network namespace"))
  func aRuleChangedOnTheRouterIsExactlyTheDrift() async throws {
    let lab = try TestLab.loadExample()
    let model = NftablesExporter(lab).model()
    try #require(getuid() == 0, "creating a network namespace needs root")
    let router = try Router(
      ip: try #require(Peers.find("ip"), "ip (iproute2) not installed"),
      nft: try #require(Peers.find("nft"), "nft (nftables) not installed"))
    defer { router.remove() }
    try await router.create(loading: NftablesExporter(lab).ruleset())

    // In step: nft's own listing is the model's normalized form, and the command says so.
    let listed = try await router.nft(["-j", "list", "ruleset"])
    let live = try NftRuleset.parse(json: Array(listed.utf8), source: "nft -j list ruleset")
    #expect(live == model, "nft lists:\n\(live.tables.flatMap { $0.chains.flatMap(\.rules) }.map(\.description))")
    try listed.write(toFile: "\(router.dir)/clean.json", atomically: true, encoding: .utf8)
    let clean = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "\(router.dir)/clean.json"])
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    #expect(clean.stdout == "table inet labctl in step\n")

    // Behind labctl's back: the IoT exception's port changed in place.
    let iot = try await router.handle(chain: "forward", containing: "8123")
    try await router.nft([
      "replace", "rule", "inet", "labctl", "forward", "handle", String(iot),
      "ip", "saddr", "10.60.0.0/24", "ip", "daddr", "10.30.0.0/24", "tcp", "dport", "8124", "accept",
    ])
    // The router's listing, piped into labctl as on the router itself.
    let listing = NetNS.command(router.name, ip: router.ip, [router.nft, "-j", "list", "ruleset"])
    let pipeline =
      ([listing.tool] + listing.arguments).map { "'\($0)'" }.joined(separator: " ")
      + " | '\(Labctl.binary)' drift nftables '\(TestLab.example)' --ruleset -"
    let drifted = try await Peers.run("/bin/sh", ["-c", pipeline], timeout: 60)
    #expect(drifted.status == 1, "\(drifted.stderr)")
    #expect(
      drifted.stdout == """
        table inet labctl drifted: 2 differences
        + inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8123 accept
        - inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8124 accept

        """, "\(drifted.stdout)")
    print(drifted.stdout)

    // More behind its back: the management SSH rule deleted, a subnet added to the set, a rule inserted at
    // the top of forward, and the input policy opened.
    let ssh = try await router.handle(chain: "input", containing: "\"right\":22}")
    try await router.nft(["delete", "rule", "inet", "labctl", "input", "handle", String(ssh)])
    try await router.nft(["add", "element", "inet", "labctl", "lab_nets", "{ 10.99.0.0/24 }"])
    try await router.nft(["insert", "rule", "inet", "labctl", "forward", "tcp", "dport", "22", "counter", "accept"])
    try await router.nft(["chain", "inet", "labctl", "input", "{ policy accept; }"])
    let changed = "\(router.dir)/changed.json"
    try (try await router.nft(["-j", "list", "ruleset"])).write(toFile: changed, atomically: true, encoding: .utf8)
    let more = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "-"], input: changed)
    #expect(more.status == 1, "\(more.stderr)")
    #expect(
      more.stdout.split(separator: "\n").map(String.init) == [
        "table inet labctl drifted: 6 differences",
        "- inet labctl set lab_nets: 10.99.0.0/24",
        "~ inet labctl chain input: the router has policy accept; the model says policy drop",
        "+ inet labctl input: ip saddr 10.10.0.0/24 tcp dport 22 accept",
        "+ inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8123 accept",
        "- inet labctl forward: tcp dport 22 counter accept",
        "- inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8124 accept",
      ], "\(more.stdout)")
    print(more.stdout)
  }

  /// Every shape of rule the exporter writes that the example does not: default allow, a port range, two
  /// protocols, a port-forward to two machines (`numgen` map, a daddr set) and over a range.
  static let shapes = """
    lab: { name: shapes, domain: shapes.internal }
    vlans:
      mgmt: { id: 10, subnet: 10.10.0.0/24, trust: isolated }
      ops: { id: 11, subnet: 10.11.0.0/24, trust: isolated }
      lan: { id: 20, subnet: 10.20.0.0/24, trust: trusted }
      dmz: { id: 40, subnet: 10.40.0.0/24, trust: untrusted }
      guest: { id: 50, subnet: 10.50.0.0/24, trust: guest }
    machines:
      a: { vlan: dmz, address: 10.40.0.11 }
      b: { vlan: dmz, address: 10.40.0.12 }
    firewall:
      default: allow
      allow:
        - { from: lan, to: dmz, ports: [tcp/443, tcp/8000-8100, udp/53, tcp/22] }
        - { from: mgmt, to: lan }
      ingress:
        - { kind: port-forward, to: [a, b], ports: [tcp/25565, udp/27015-27020] }
    """

  @Test(
    Peers.needs("nft", install: "apt-get install nftables"), Peers.needs("ip", install: "apt-get install iproute2"),
    .enabled(if: getuid() == 0 || Peers.required, "needs root to create a network namespace"))
  func everyShapeOfRuleListsAsTheModelSays() async throws {
    let lab = try #require(TestLab.load(Self.shapes).lab)
    try #require(getuid() == 0, "creating a network namespace needs root")
    let router = try Router(
      ip: try #require(Peers.find("ip"), "ip (iproute2) not installed"),
      nft: try #require(Peers.find("nft"), "nft (nftables) not installed"))
    defer { router.remove() }
    let exporter = NftablesExporter(lab)
    try await router.create(loading: exporter.ruleset())
    let listed = try await router.nft(["-j", "list", "ruleset"])
    let live = try NftRuleset.parse(json: Array(listed.utf8), source: "nft -j list ruleset")
    #expect(NftablesDrift.compare(model: exporter.model(), live: live).map(\.description) == [])
    #expect(live == exporter.model())
    let rules = live.tables.flatMap { $0.chains.flatMap(\.rules) }.map(\.description)
    #expect(rules.contains("ip saddr 10.20.0.0/24 ip daddr 10.40.0.0/24 tcp dport { 22, 443, 8000-8100 } accept"))
    #expect(rules.contains { $0.contains("dnat ip to numgen inc mod 2 map { 0 : 10.40.0.11, 1 : 10.40.0.12 }") })
    #expect(rules.contains("ct status dnat ip daddr { 10.40.0.11, 10.40.0.12 } udp dport 27015-27020 accept"))
  }
}
