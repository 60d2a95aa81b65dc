import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing

/// `nft -j list ruleset` read into the compared form, shown in nft's syntax, and diffed against the model.
/// The fixtures are nft 1.0.6's own output: `edge.json` after `nft -f` of the example's export, `kinds.json`
/// after a ruleset using many other expression and statement kinds (`Fixtures/nftables/README.md`).
@Suite struct NftablesDriftTests {
  static let fixtures = TestLab.repoRoot + "/Tests/LabExportTests/Fixtures/nftables"

  static func text(_ name: String) throws -> String {
    try String(contentsOfFile: "\(fixtures)/\(name)", encoding: .utf8)
  }

  static func parse(_ json: String, source: String = "ruleset.json") throws -> NftRuleset {
    try NftRuleset.parse(json: Array(json.utf8), source: source)
  }

  static func model() throws -> NftRuleset { NftablesExporter(try TestLab.loadExample()).model() }

  static func lines(_ changes: [NftablesDrift.Change]) -> [String] { changes.map(\.description) }

  @Test func theExportAsNftListsItEqualsTheModel() throws {
    let live = try Self.parse(Self.text("edge.json"), source: "edge.json")
    let model = try Self.model()
    #expect(live == model)
    #expect(NftablesDrift.compare(model: model, live: live).isEmpty)
  }

  @Test func rulesReadAsTheExportWritesThem() throws {
    let live = try Self.parse(Self.text("edge.json"))
    let table = try #require(live.table("inet", "labctl"))
    let written = try String(
      contentsOfFile: TestLab.repoRoot + "/Tests/LabExportTests/Golden/nftables/edge.nft", encoding: .utf8)
    // Each rule line of the export (its trailing comment aside), chain by chain, is the rule nft listed.
    var expected: [String] = []
    var inChain = false
    for line in written.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      if line.hasPrefix("chain ") { inChain = true } else if line == "}" { inChain = false }
      guard inChain, !line.hasPrefix("chain "), !line.hasPrefix("type "), !line.hasPrefix("#") else { continue }
      expected.append(line.components(separatedBy: "  #")[0])
    }
    #expect(table.chains.flatMap(\.rules).map(\.description) == expected)
    #expect(table.chains.map(\.name) == ["input", "forward", "prerouting", "postrouting"])
    #expect(NftText.chain(table.chains[2].attributes) == "type nat hook prerouting priority dstnat; policy accept;")
  }

  @Test func everyKindReadsInNftSyntax() throws {
    let live = try Self.parse(Self.text("kinds.json"))
    let rules = live.tables.flatMap { table in
      table.chains.flatMap { chain in chain.rules.map { "\(chain.name): \($0)" } }
    }
    #expect(
      rules == [
        "other: counter comment \"hi there\"",
        "forward: ct status dnat ip daddr { 10.40.0.11, 10.40.0.12 } tcp dport 25565 accept comment \"port-forward a, b\"",
        "forward: tcp dport 1000-2000 counter jump other",
        "forward: ip saddr 10.0.0.0/8 tcp dport { 22, 443, 8000-8100 } log prefix \"x \" drop",
        "forward: meta l4proto tcp ip daddr vmap @m",
        "forward: iifname \"eth*\" oifname \"wan0\" reject with icmp host-unreachable",
        "forward: ip6 saddr fe80::/10 accept",
        "forward: meta mark 0x00000010 ct mark set 0x00000002 tcp flags & (syn|ack) == syn accept",
        "forward: ip saddr . tcp dport 10.0.0.1 . 22 accept",
        "forward: limit rate 10/second accept",
        "forward: goto other",
        "prerouting: fib daddr type local tcp dport 25565 dnat ip to numgen inc mod 2 map { 0 : 10.40.0.11, 1 : 10.40.0.12 }",
        "prerouting: tcp dport 80 dnat ip to 10.0.0.1:8080",
        "prerouting: tcp dport 81 redirect to :8081",
        "post: ip saddr 10.0.0.0/8 snat ip to 1.2.3.4",
        "post: masquerade random",
        "pre: notrack",
      ])
    let table = try #require(live.table("inet", "t2"))
    #expect(table.sets.map(\.name) == ["m", "r", "s4"])
    #expect(table.sets[1].elements.map { NftText.element($0) } == ["10.0.0.1-10.0.0.9", "10.1.1.1", "192.168.0.0/16"])
    #expect(table.sets[0].elements.map { NftText.element($0) } == ["1.2.3.4 : accept"])
    #expect(NftText.chain(table.chains[1].attributes) == "type filter hook forward priority 5; policy accept;")
  }

  @Test func aChangedPortIsOneRuleEachWay() throws {
    let json = try Self.text("edge.json")
    #expect(json.components(separatedBy: "8123").count == 2)
    let live = try Self.parse(json.replacingOccurrences(of: "8123", with: "8124"))
    let changes = NftablesDrift.compare(model: try Self.model(), live: live)
    #expect(
      Self.lines(changes) == [
        "+ inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8123 accept",
        "- inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8124 accept",
      ])
    #expect(changes.allSatisfy { $0.table == "inet labctl" })
  }

  @Test func policiesSetElementsTablesAndCopiesAreCompared() throws {
    let model = try Self.model()
    var live = model
    live.tables[0].chains[1].attributes["policy"] = .string("accept")
    live.tables[0].sets[0].elements.removeLast()
    live.tables[0].sets[0].elements.append(.single("prefix", .object(["addr": .string("10.99.0.0"), "len": .int(24)])))
    live.tables[0].chains[0].rules.append(live.tables[0].chains[0].rules[2])
    live.tables[0].sets[0].attributes["flags"] = .array([.string("constant"), .string("interval")])
    live.tables[0].chains[2].attributes["prio"] = .int(-99)
    live.tables[0].chains[3].attributes["policy"] = nil
    live.tables.append(
      NftTable(
        family: "ip", name: "raw",
        chains: [NftChain(name: "pre", rules: [NftRule([.single("notrack", .null)])])]))
    #expect(
      Self.lines(NftablesDrift.compare(model: model, live: live)) == [
        "~ inet labctl set lab_nets: the router has flags constant,interval; the model says flags interval",
        "+ inet labctl set lab_nets: 10.60.0.0/24",
        "- inet labctl set lab_nets: 10.99.0.0/24",
        "- inet labctl input: iif \"lo\" accept",
        "~ inet labctl chain forward: the router has policy accept; the model says policy drop",
        "~ inet labctl chain prerouting: the router has priority -99; the model says priority dstnat",
        "~ inet labctl chain postrouting: the router has no policy; the model says policy accept",
        "- table ip raw",
        "- ip raw chain pre",
        "- ip raw pre: notrack",
      ])
  }

  @Test func aRuleOutOfPlaceIsMovedNotAddedAndRemoved() throws {
    let model = try Self.model()
    var live = model
    // The guest drop moved below the allow rules: the same rules, but an allow could now open the guest VLAN.
    let guest = live.tables[0].chains[1].rules.remove(at: 2)
    live.tables[0].chains[1].rules.insert(guest, at: 4)
    #expect(
      Self.lines(NftablesDrift.compare(model: model, live: live)) == [
        "~ inet labctl forward: moved: ip saddr 10.50.0.0/24 ip daddr @lab_nets drop (the router has it at rule 5, the model at rule 3)"
      ])
  }

  @Test func countsExpiryAndSpellingAreNotDrift() throws {
    let live = try Self.parse(
      """
      {"nftables": [{"table": {"family": "inet", "name": "t", "handle": 7}},
        {"set": {"family": "inet", "table": "t", "name": "s", "type": "inet_service", "handle": 3,
          "elem": [{"elem": {"val": 443, "expires": 1000, "counter": {"packets": 1, "bytes": 60}}}, 22, 22]}},
        {"chain": {"family": "inet", "table": "t", "name": "c", "handle": 1}},
        {"rule": {"family": "inet", "table": "t", "chain": "c", "handle": 9, "expr": [
          {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": {"set": [67, 53]}}},
          {"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["related", "established"]}},
          {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.1", "len": 32}}}},
          {"counter": {"packets": 5, "bytes": 900}}, {"accept": null}]}}]}
      """)
    let udp = NftJSON.single(
      "payload", .object(["protocol": .string("udp"), "field": .string("dport")]))
    let model = NftRuleset(tables: [
      NftTable(
        family: "inet", name: "t",
        sets: [NftSet(name: "s", attributes: ["type": .string("inet_service")], elements: [.int(443), .int(22)])],
        chains: [
          NftChain(
            name: "c",
            rules: [
              NftRule([
                .single(
                  "match",
                  .object(["op": .string("=="), "left": udp, "right": .single("set", .array([.int(53), .int(67)]))])),
                .single(
                  "match",
                  .object([
                    "op": .string("in"), "left": .single("ct", .object(["key": .string("state")])),
                    "right": .array([.string("established"), .string("related")]),
                  ])),
                .single(
                  "match",
                  .object([
                    "op": .string("=="),
                    "left": .single("payload", .object(["protocol": .string("ip"), "field": .string("saddr")])),
                    "right": .string("10.0.0.1"),
                  ])),
                .single("counter", .object(["packets": .int(0), "bytes": .int(0)])), .single("accept", .null),
              ])
            ])
        ])
    ])
    #expect(live == model)
    #expect(NftablesDrift.compare(model: model, live: live).isEmpty)
    #expect(
      model.tables[0].chains[0].rules[0].description
        == "udp dport { 53, 67 } ct state established,related ip saddr 10.0.0.1 counter accept")
  }

  @Test func unknownKindsAreComparedAsTheirJSON() throws {
    let base = """
      {"nftables": [{"table": {"family": "inet", "name": "labctl"}},
        {"chain": {"family": "inet", "table": "labctl", "name": "c"}},
        {"rule": {"family": "inet", "table": "labctl", "chain": "c", "comment": "new",
          "expr": [{"frobnicate": {"level": 3, "mode": ["a", "b"]}}, {"drop": null}]}},
        {"synproxy": {"family": "inet", "table": "labctl", "name": "sp", "mss": 1460, "handle": 4}},
        {"counter": {"family": "inet", "table": "labctl", "name": "hits", "packets": 8, "bytes": 512, "handle": 5}}]}
      """
    let live = try Self.parse(base)
    var model = live
    model.tables[0].chains[0].rules = []
    model.tables[0].objects = []
    #expect(
      Self.lines(NftablesDrift.compare(model: model, live: live)) == [
        "- inet labctl counter hits {}",
        "- inet labctl synproxy sp {\"mss\":1460}",
        "- inet labctl c: {\"frobnicate\":{\"level\":3,\"mode\":[\"a\",\"b\"]}} drop comment \"new\"",
      ])
    // A counter's count is not drift; its name is.
    let counted = try Self.parse(base.replacingOccurrences(of: "\"packets\": 8", with: "\"packets\": 9"))
    #expect(NftablesDrift.compare(model: live, live: counted).isEmpty)
    let renamed = try Self.parse(base.replacingOccurrences(of: "\"comment\": \"new\"", with: "\"comment\": \"old\""))
    #expect(NftablesDrift.compare(model: live, live: renamed).count == 2)
  }

  @Test func rulesThatReadTheSameButDifferShowTheirJSON() throws {
    let json = try Self.text("edge.json")
    let live = try Self.parse(json.replacingOccurrences(of: "\"right\": 8123", with: "\"right\": \"8123\""))
    let lines = Self.lines(NftablesDrift.compare(model: try Self.model(), live: live))
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0.contains("tcp dport 8123 accept [") }, "\(lines)")
    #expect(lines[0].hasPrefix("+ ") && lines[0].contains(#""right":8123}"#))
    #expect(lines[1].hasPrefix("- ") && lines[1].contains(#""right":"8123"}"#))
    // A field nft's syntax is not known to have shows the whole statement as JSON.
    let extra = try Self.parse(json.replacingOccurrences(of: "\"right\": 8123", with: "\"right\": 8123, \"x\": 1"))
    let changed = Self.lines(NftablesDrift.compare(model: try Self.model(), live: extra))
    #expect(
      changed.last?.contains(
        #"{"match":{"left":{"payload":{"field":"dport","protocol":"tcp"}},"op":"==","right":8123,"x":1}}"#) == true,
      "\(changed)")
  }

  @Test func theCanonicalTextIsTheSameForTheSameValue() throws {
    let one = try Self.parse(
      #"{"nftables": [{"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"x": {"b": 1, "a": [true, null, "q\"\n"]}}]}}]}"#
    )
    let other = try Self.parse(
      #"{"nftables": [{"rule": {"expr": [{"x": {"a": [true, null, "q\"\n"], "b": 1}}], "chain": "c", "table": "t", "family": "ip"}}]}"#
    )
    #expect(one == other)
    #expect(one.tables[0].chains[0].rules[0].description == #"{"x":{"a":[true,null,"q\"\n"],"b":1}}"#)
  }
}
