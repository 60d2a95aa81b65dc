import Foundation
import LabExport
import LabIO
import LabModel
import LabTestSupport
import Testing

/// The zones: named-checkzone accepts each; a live knotd loads them and answers every name as the model
/// says; a second knotd takes the zone from it by AXFR.
@Suite(.serialized) struct ZoneTests {
  @Test func serialKeepsForTheSameContentAndGrowsOnChange() throws {
    var lab = try TestLab.loadExample()
    let first = ZoneExporter(lab).export()
    #expect(first.files.allSatisfy { String(decoding: $0.contents, as: UTF8.self).contains("( 1 3600") })
    #expect(ZoneExporter(lab, previous: first).export() == first)
    lab.machines[0].address = IPv4("10.30.0.99")
    let second = ZoneExporter(lab, previous: first).export()
    let forward = try #require(second["zones/lab.internal.zone"])
    #expect(String(decoding: forward.contents, as: UTF8.self).contains("( 2 3600"))
    #expect(ZoneExporter(lab, previous: second).export() == second)
  }

  @Test func forwardZoneHoldsTheModelsNames() throws {
    let lab = try TestLab.loadExample()
    let zone = try #require(ZoneExporter(lab).zones().first)
    let records = Set(zone.records.map(\.description))
    #expect(records.contains("ed-n1.lab.internal. 3600 IN A 10.30.0.11"))
    #expect(records.contains("technitium.lab.internal. 3600 IN A 10.30.0.53"))
    #expect(records.contains("lab.internal. 3600 IN NS rpi-n1.lab.internal."))
    #expect(records.contains("lgtm.lab.internal. 3600 IN CNAME lgtm-vm.lab.internal."))
    #expect(!records.contains { $0.hasPrefix("ed-n4.") }, "a planned machine has no record")
  }

  @Test(
    .enabled(
      if: Peers.find("named-checkzone") != nil || Peers.required,
      "named-checkzone not installed (apt-get install bind9-utils)"))
  func namedCheckzoneAcceptsEveryZone() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let tool = try #require(Peers.find("named-checkzone"), "named-checkzone not installed")
    let zones = try ZoneExporter(example.lab).zones()
    #expect(zones.count == 1 + example.lab.vlans.count)
    for zone in zones {
      // The reverse zones' name servers live in the forward zone: `-i local` keeps named-checkzone from
      // resolving them through this host's resolver (the test sends no query off 127.0.0.0/8).
      let reverse = zone.origin.hasSuffix(".in-addr.arpa.")
      let mode = reverse ? ["-i", "local", "-n", "ignore"] : ["-i", "full", "-n", "fail"]
      let out: Peers.Output = try await Peers.run(
        tool, mode + ["-k", "fail", String(zone.origin.dropLast()), example.path(zone.path)])
      #expect(out.status == 0, "\(zone.path): \(out.stdout)\(out.stderr)")
      print("named-checkzone \(zone.origin): \(out.stdout.split(separator: "\n").joined(separator: " / "))")
    }
  }

  @Test(
    .enabled(
      if: (Peers.find("knotd") != nil && Peers.find("kdig") != nil) || Peers.required,
      "knotd/kdig not installed (apt-get install knot knot-dnsutils)"))
  func liveKnotAnswersEveryNameAndServesAXFRToASecondary() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let zones = try ZoneExporter(example.lab).zones()
    let servers = try KnotPair(origins: zones.map(\.origin), zoneDir: example.path("zones"))
    defer { servers.stop() }
    try await servers.waitForPrimary()
    for zone in zones {
      for (key, records) in Dictionary(grouping: zone.records, by: \.key).sorted(by: { $0.key < $1.key }) {
        let first = records[0]
        let answer = try await servers.query(first.owner, first.type)
        #expect(
          Set(answer) == Set(records.map(\.data)),
          "\(key): knotd answered \(answer), the model says \(records.map(\.data))")
      }
    }
    try await servers.waitForSecondary()
    for zone in zones {
      let primary = DNSRecord.parse(presentation: try await servers.axfr(zone.origin, port: servers.primaryPort))
      let secondary = DNSRecord.parse(presentation: try await servers.axfr(zone.origin, port: servers.secondaryPort))
      #expect(
        !primary.isEmpty && primary == secondary, "\(zone.origin): the secondary's copy differs from the primary's")
      #expect(Set(zone.records).isSubset(of: Set(secondary)), "\(zone.origin): records missing on the secondary")
    }
    print(
      "knotd: primary on 127.0.0.1:\(servers.primaryPort), secondary on :\(servers.secondaryPort), \(zones.count) zones transferred"
    )
  }
}
