import Foundation
import LabTestSupport
import Testing

/// `labctl drift dns` against a live knotd serving the example's exported zones: in step, then drifted
/// after records are changed on the server behind labctl's back (knotc).
@Suite struct DriftCommandTests {
  @Test(
    .enabled(
      if: (Peers.find("knotd") != nil && Peers.find("kdig") != nil && Peers.find("knotc") != nil) || Peers.required,
      "knotd/knotc/kdig not installed (apt-get install knot knot-dnsutils)"))
  func reportsARecordChangedOnTheLiveServer() async throws {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-drift-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let exported = try await Labctl.run(["export", "zone", TestLab.example, "-o", tmp])
    #expect(exported.status == 0, "\(exported.stderr)")
    let origins = try FileManager.default.contentsOfDirectory(atPath: tmp + "/zones").filter { $0.hasSuffix(".zone") }
      .map { String($0.dropLast(5)) + "." }.sorted()
    let servers = try KnotPair(origins: origins, zoneDir: tmp + "/zones")
    defer { servers.stop() }
    try await servers.waitForPrimary()
    let server = "127.0.0.1:\(servers.primaryPort)"

    let clean = try await Labctl.run(["drift", "dns", TestLab.example, "--server", server])
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    #expect(clean.stdout.contains("lab.internal. in step"))

    for step in [
      ["zone-begin", "lab.internal"], ["zone-unset", "lab.internal", "ed-n1", "A"],
      ["zone-set", "lab.internal", "ed-n1", "3600", "A", "10.30.0.99"],
      ["zone-set", "lab.internal", "rogue", "3600", "A", "10.30.0.250"],
      ["zone-unset", "lab.internal", "lgtm", "CNAME"], ["zone-commit", "lab.internal"],
    ] {
      let out = try await servers.control(step)
      try #require(out.status == 0, "knotc \(step.joined(separator: " ")): \(out.stdout)\(out.stderr)")
    }
    let drifted = try await Labctl.run(["drift", "dns", TestLab.example, "--server", server])
    #expect(drifted.status == 1)
    #expect(
      drifted.stdout.contains("~ ed-n1.lab.internal. A: server has 3600 10.30.0.99; the model says 3600 10.30.0.11"),
      "\(drifted.stdout)")
    #expect(drifted.stdout.contains("- rogue.lab.internal. 3600 IN A 10.30.0.250"))
    #expect(drifted.stdout.contains("+ lgtm.lab.internal. 3600 IN CNAME lgtm-vm.lab.internal."))
    print(drifted.stdout)
  }
}

/// `labctl drift nftables` as a user runs it: the live ruleset from standard input or a file, and input that
/// is not nft's JSON refused with exit 2 and a located message. The live JSON is nft 1.0.6's own listing of
/// the exported example (`Tests/LabExportTests/Fixtures/nftables/edge.json`); `NftablesLiveDriftTests` runs
/// the same against a ruleset loaded in a network namespace.
@Suite struct DriftNftablesCommandTests {
  static let listed = TestLab.repoRoot + "/Tests/LabExportTests/Fixtures/nftables/edge.json"

  static func temporary(_ name: String, _ contents: some DataProtocol) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-drift-nft-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(contents).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func remove(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
  }

  @Test func standardInputInStepThenDrifted() async throws {
    let clean = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "-"], input: Self.listed)
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    #expect(clean.stdout == "table inet labctl in step\n")

    let json = try String(contentsOfFile: Self.listed, encoding: .utf8)
    let changed = try Self.temporary(
      "live.json",
      Data(
        json.replacingOccurrences(of: "\"right\": 8123", with: "\"right\": {\"set\": [8123, 8443]}")
          .replacingOccurrences(of: "\"policy\": \"drop\"", with: "\"policy\": \"accept\"").utf8))
    defer { Self.remove(changed) }
    let drifted = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "-"], input: changed)
    #expect(drifted.status == 1, "\(drifted.stderr)")
    #expect(
      drifted.stdout == """
        table inet labctl drifted: 4 differences
        ~ inet labctl chain input: the router has policy accept; the model says policy drop
        ~ inet labctl chain forward: the router has policy accept; the model says policy drop
        + inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport 8123 accept
        - inet labctl forward: ip saddr 10.60.0.0/24 ip daddr 10.30.0.0/24 tcp dport { 8123, 8443 } accept

        """, "\(drifted.stdout)")
    // The same file named on the command line reads the same.
    let named = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", changed])
    #expect(named.status == 1 && named.stdout == drifted.stdout)
  }

  @Test(arguments: [
    (
      "{\n  \"nftables\": [\n    {\"rule\": {\"family\": 1}}\n  ]\n}",
      #"bad.json:3:5: error: nftables[0]: a rule's "family" is not a string"#
    ),
    (
      "{\n  \"nftables\": [\n    {\"table\": }\n  ]\n}",
      "bad.json:3:15: error: not JSON (expected the output of nft -j list ruleset)"
    ),
    ("", "bad.json: error: empty input (expected the output of nft -j list ruleset)"),
    (String(repeating: "[", count: 100_000), "bad.json:1:65: error: nested deeper than 64 levels"),
  ])
  func aBadRulesetIsExitTwoWithWhere(_ contents: String, message: String) async throws {
    let path = try Self.temporary("bad.json", Data(contents.utf8))
    defer { Self.remove(path) }
    let run = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", path])
    #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix(path.replacingOccurrences(of: "bad.json", with: "") + message), "\(run.stderr)")
  }

  @Test func missingDirectoryAndHugeInputsAreExitTwo() async throws {
    let missing = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "/nonexistent/ruleset.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "/nonexistent/ruleset.json: error: cannot be opened (no such file, or not readable)\n")
    let directory = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", TestLab.example])
    #expect(directory.status == 2)
    #expect(directory.stderr.contains("error: is a directory"), "\(directory.stderr)")
    let huge = try Self.temporary("huge.json", [UInt8](repeating: 0x20, count: (32 << 20) + 4096))
    defer { Self.remove(huge) }
    let big = try await Labctl.run(["drift", "nftables", TestLab.example, "--ruleset", "-"], input: huge)
    #expect(big.status == 2)
    #expect(
      big.stderr == "<stdin>: error: the input is larger than 32 MiB (nft -j list ruleset of a large router is a few)\n"
    )
    let absent = try await Labctl.run(["drift", "nftables", TestLab.example])
    #expect(absent.status == 2, "--ruleset is required: \(absent.stderr)")
  }
}
