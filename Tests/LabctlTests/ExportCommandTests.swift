import Foundation
import LabTestSupport
import Testing

/// `labctl export`: all kinds into one tree, deterministic, `--check` against a stale tree, refused
/// when the lab fails check, `--force`.
@Suite struct ExportCommandTests {
  /// A scratch directory holding a copy of the example, removed by the caller.
  func copyOfExample() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: TestLab.example, toPath: dir.path + "/lab")
    return dir.path
  }

  @Test func exportAllThenCheckPassesAndFailsWithADiffAfterAChange() async throws {
    let tmp = try copyOfExample()
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let lab = tmp + "/lab"
    let out = tmp + "/out"
    let written = try await Labctl.run(["export", "all", lab, "-o", out])
    #expect(written.status == 0, "\(written.stderr)")
    for path in [
      "ansible/hosts.yml", "zones/lab.internal.zone", "keepalived/rpi-n1/keepalived.conf", "nftables/edge.nft",
      "clusters/prod/gateway-eg-public.yaml",
    ] {
      #expect(FileManager.default.fileExists(atPath: "\(out)/\(path)"), "missing \(path)")
    }
    let fresh = try await Labctl.run(["export", "all", lab, "-o", out, "--check"])
    #expect(fresh.status == 0, "a fresh export is not up to date: \(fresh.stdout)\(fresh.stderr)")

    let spec = lab + "/lab.yaml"
    let text = try String(contentsOfFile: spec, encoding: .utf8)
    try text.replacingOccurrences(
      of: "vlan: trusted, address: 10.30.0.42 }", with: "vlan: trusted, address: 10.30.0.43 }"
    )
    .write(toFile: spec, atomically: true, encoding: .utf8)
    let stale = try await Labctl.run(["export", "all", lab, "-o", out, "--check"])
    #expect(stale.status == 1)
    #expect(
      stale.stdout.contains("-dns-n3 3600 IN A 10.30.0.42") && stale.stdout.contains("+dns-n3 3600 IN A 10.30.0.43"),
      "\(stale.stdout)")
    #expect(stale.stdout.contains("( 1 3600") && stale.stdout.contains("( 2 3600"), "the serial grows by one")

    let again = try await Labctl.run(["export", "zone", lab, "-o", out])
    #expect(again.status == 0)
    let zone = try String(contentsOfFile: "\(out)/zones/lab.internal.zone", encoding: .utf8)
    #expect(zone.contains("( 2 3600"))
    #expect(FileManager.default.fileExists(atPath: "\(out)/nftables/edge.nft"), "one kind keeps the others' files")
  }

  @Test func exportIsByteDeterministic() async throws {
    let tmp = try copyOfExample()
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    _ = try await Labctl.run(["export", "all", tmp + "/lab", "-o", tmp + "/a"])
    _ = try await Labctl.run(["export", "all", tmp + "/lab", "-o", tmp + "/b"])
    let diff: Peers.Output = try await Peers.run("/usr/bin/diff", ["-r", tmp + "/a", tmp + "/b"])
    #expect(diff.status == 0, "\(diff.stdout)")
  }

  @Test func refusesALabThatFailsCheckUnlessForced() async throws {
    let tmp = try copyOfExample()
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let spec = tmp + "/lab/lab.yaml"
    let text = try String(contentsOfFile: spec, encoding: .utf8)
    try text.replacingOccurrences(of: "  dmz:     { id: 40,", with: "  dmz:     { id: 30,")
      .write(toFile: spec, atomically: true, encoding: .utf8)
    let refused = try await Labctl.run(["export", "all", tmp + "/lab", "-o", tmp + "/out"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("nothing written"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: tmp + "/out"))
    let forced = try await Labctl.run(["export", "all", tmp + "/lab", "-o", tmp + "/out", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stderr.contains("exporting anyway (--force)"))
    #expect(FileManager.default.fileExists(atPath: tmp + "/out/zones/lab.internal.zone"))
  }
}
