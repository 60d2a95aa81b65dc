import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing

/// The edge ruleset: nft accepts it, and it holds the policy's shape.
@Suite struct NftablesTests {
  static var canCheck: Bool { (Peers.find("nft") != nil && getuid() == 0) || Peers.required }

  @Test func rulesetStatesThePolicy() throws {
    let lab = try TestLab.loadExample()
    let text = NftablesExporter(lab).ruleset()
    #expect(text.contains("chain forward {\n    type filter hook forward priority filter; policy drop;"))
    #expect(text.contains("ct state established,related accept"))
    #expect(text.contains("ip saddr 10.20.0.0/24 ip daddr 10.30.0.0/24 accept"))
    #expect(text.contains("ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8123 accept"))
    #expect(text.contains("ip saddr 10.50.0.0/24 ip daddr @lab_nets drop"))
    #expect(text.contains("fib daddr type local tcp dport 25565 dnat ip to 10.40.0.11"))
    #expect(text.components(separatedBy: "dnat ip to").count == 2, "one DNAT: the one declared port-forward")
  }

  @Test(.enabled(if: canCheck, "nft not installed or not root (apt-get install nftables; nft -c needs CAP_NET_ADMIN)"))
  func nftAcceptsTheRuleset() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let tool = try #require(Peers.find("nft"), "nft not installed")
    let out: Peers.Output = try await Peers.run(tool, ["-c", "-f", example.path(NftablesExporter.path)], timeout: 30)
    #expect(out.status == 0, "nft -c -f: \(out.stdout)\(out.stderr)")
    print("nft -c -f \(NftablesExporter.path): exit \(out.status)\(out.stderr.isEmpty ? "" : "\n" + out.stderr)")
  }
}
