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
