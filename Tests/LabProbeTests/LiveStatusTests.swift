import Foundation
import LabCheck
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabProbe

/// Dependency-aware status on the example lab, from results made up for each case (no network).
@Suite struct LiveStatusTests {
  static let lab: Lab = {
    // The example is checked in and loads; a failure here is the fixture's, and stops the suite at once.
    guard let lab = try? LabLoader().load(TestLab.example).lab else { preconditionFailure("examples/03lab loads") }
    return lab
  }()

  static let checks = lab.plannedChecks().checks

  /// Every planned check up, except those of the owners named, which are down.
  static func results(down: Set<String>, degraded: Set<String> = []) -> [CheckResult] {
    checks.map { c in
      let state: ProbeState = down.contains(c.owner.name) ? .down : degraded.contains(c.owner.name) ? .degraded : .up
      return CheckResult(
        id: c.id, owner: c.owner, name: c.check.name, state: state, latency: 0.001,
        reason: state == .down ? "connect to \(c.asked[0].endpoint): connection refused" : nil, asked: [],
        disagreement: nil, attempts: 1, elapsed: 0.001)
    }
  }

  static let hx90Guests = lab.machines.filter { $0.runsOn == "hx90" }.map(\.name)

  @Test func theDefaultsCoverWhatRunsToday() throws {
    let byID = Dictionary(uniqueKeysWithValues: Self.checks.map { ($0.id, $0) })
    #expect(byID["hx90/ssh"]?.asked.map(\.endpoint.description) == ["10.10.0.21:22"])
    #expect(byID["ed-n1/talos-api"]?.asked.map(\.endpoint.description) == ["10.30.0.11:50000"])
    #expect(byID["ed-n4/talos-api"] == nil, "planned machines are not probed")
    let dns = try #require(byID["technitium/dns"])
    #expect(dns.asked.map(\.label) == ["rpi-n1", "dns-n2", "dns-n3", "VIP"])
    #expect(dns.asked.last?.endpoint.description == "10.30.0.53:53")
    #expect(dns.check.query == "lab.internal" && dns.check.recordType == .soa)
    #expect(Self.checks.allSatisfy { $0.check.isDefault })
  }

  @Test func aDeadHypervisorIsOneIncidentAndItsVMsAreImpactedByIt() throws {
    let status = LiveStatus(lab: Self.lab, results: Self.results(down: Set(["hx90"] + Self.hx90Guests)))
    #expect(status.incidents.map(\.root.name) == ["hx90"])
    #expect(status.incidents[0].impacted.map(\.name).sorted() == Self.hx90Guests.sorted())
    for guest in Self.hx90Guests {
      let entry = try #require(status.entries.first { $0.owner.name == guest })
      #expect(entry.state == .down)
      #expect(entry.impactedBy == ["hx90"], "\(guest): \(entry.impactedBy)")
    }
    #expect(status.somethingDown)
    #expect(status.findings.isEmpty, "\(status.findings)")
    let text = StatusText.render(lab: "03//lab", status)
    #expect(text.contains("incident: hx90 (machine) down"), "\(text)")
    #expect(text.contains("impacted by hx90"))
  }

  @Test func twoUnrelatedFailuresAreTwoIncidents() {
    let status = LiveStatus(lab: Self.lab, results: Self.results(down: ["rpi-n2", "cm-nas"]))
    #expect(status.incidents.map(\.root.name) == ["rpi-n2", "cm-nas"].sorted { $0 < $1 })
    #expect(status.incidents.allSatisfy { $0.impacted.isEmpty })
  }

  @Test func aServiceDownBecauseAllItsMachinesAreDownIsImpactedByThem() throws {
    // All three DNS instances down (rpi-n1 by itself, dns-n2 and dns-n3 with their hypervisors) take DNS down.
    let status = LiveStatus(
      lab: Self.lab, results: Self.results(down: ["rpi-n1", "bd-n1", "bd-n2", "dns-n2", "dns-n3", "technitium"]))
    let dns = try #require(status.entries.first { $0.owner.name == "technitium" })
    #expect(dns.impactedBy == ["bd-n1", "bd-n2", "rpi-n1"], "\(dns.impactedBy)")
    #expect(status.incidents.map(\.root.name).sorted() == ["bd-n1", "bd-n2", "rpi-n1"])
  }

  @Test func aLiveStateTheModelSaysIsImpossibleIsFlagged() throws {
    // hx90 refuses its SSH port, yet its VMs answer: the model says they cannot run without it.
    let status = LiveStatus(lab: Self.lab, results: Self.results(down: ["hx90"]))
    #expect(status.incidents.map(\.root.name) == ["hx90"])
    let vm = try #require(status.entries.first { $0.owner.name == Self.hx90Guests[0] })
    #expect(vm.state == .up)
    #expect(vm.impossible?.contains("cannot while hx90 is down") == true, "\(vm.impossible ?? "")")
    #expect(status.findings.count == Self.hx90Guests.count)
  }

  @Test func thePublicJSONCarriesNoReasonsOrAddresses() {
    let status = LiveStatus(lab: Self.lab, results: Self.results(down: Set(["hx90"] + Self.hx90Guests)))
    let full = StatusJSON(lab: "03//lab", status: status).text
    let redacted = StatusJSON(lab: "03//lab", status: status, redacted: true).text
    #expect(full.contains("10.10.0.21"))
    #expect(!redacted.contains("10."), "\(redacted)")
    #expect(redacted.contains("\"impacted_by\""))
  }
}

/// The stand-in lab shipped beside the example covers every endpoint its default checks ask, on loopback.
@Suite struct ExampleStandInTests {
  @Test func theShippedResolveFileMapsEveryTargetToLoopback() throws {
    var map = ResolveMap()
    let path = TestLab.example + "/probe/resolve.txt"
    try map.add(file: path, text: try String(contentsOfFile: path, encoding: .utf8))
    let checks = LiveStatusTests.checks
    Probe.expectLoopbackOnly(checks, resolve: map)
    let declared = Set(checks.flatMap { $0.asked.map(\.endpoint) })
    #expect(Set(map.endpoints.keys) == declared, "the file maps exactly what is asked")
    let policy = TargetPolicy(resolve: map)
    #expect(checks.allSatisfy { c in c.asked.allSatisfy { (try? policy.dial($0.endpoint).get()) != nil } })
  }
}
