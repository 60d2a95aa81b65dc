import Foundation
import LabModel
import LabTestSupport
import Logging
import Testing

@testable import LabProbe

/// The root-cause webhook: one event per root cause going down and coming back (not one per impacted VM),
/// retried with backoff against a recording HTTP stand-in on loopback.
@Suite struct NotifierTests {
  static func notifier(_ standIn: StandIn, attempts: Int = 6) -> RootCauseNotifier {
    RootCauseNotifier(
      url: ProbeURL("http://\(standIn.endpoint)/hooks/lab")!, policy: TargetPolicy(resolve: ResolveMap()),
      logger: Logger(label: "test"), attempts: attempts, firstPause: 0.05, deadline: 30, group: Probe.group)
  }

  static func bodies(_ standIn: StandIn) throws -> [[String: Any]] {
    try standIn.received.map { request in
      let body = request.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
      return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }
  }

  @Test func aDeadHypervisorIsOneEventDownAndOneUpRetriedPastFailures() async throws {
    // The first two deliveries fail (500), the third and later succeed.
    let receiver = try StandIn(.recordHTTP(statuses: [500, 500, 204]))
    defer { receiver.close() }
    let notifier = Self.notifier(receiver)
    let runner = Task { await notifier.run() }
    defer { runner.cancel() }
    let lab = LiveStatusTests.lab
    let down = Set(["hx90"] + LiveStatusTests.hx90Guests)
    await notifier.observe(LiveStatus(lab: lab, results: LiveStatusTests.results(down: [])), lab: "03//lab", at: Date())
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: down)), lab: "03//lab", at: Date())
    // The same state again changes nothing.
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: down)), lab: "03//lab", at: Date())
    #expect(await waitUntil(seconds: 120) { await notifier.delivered == 1 })
    await notifier.observe(LiveStatus(lab: lab, results: LiveStatusTests.results(down: [])), lab: "03//lab", at: Date())
    #expect(await waitUntil(seconds: 120) { await notifier.delivered == 2 })
    let bodies = try Self.bodies(receiver)
    #expect(bodies.count == 4, "two refused attempts, then the down event, then the up event: \(bodies)")
    let down1 = try #require(bodies.first)
    #expect(down1["event"] as? String == "down")
    #expect(down1["root"] as? String == "hx90")
    #expect(down1["kind"] as? String == "machine")
    #expect((down1["impacted"] as? [String])?.sorted() == LiveStatusTests.hx90Guests.sorted())
    #expect(down1["sequence"] as? Int == 1)
    #expect(bodies[2]["sequence"] as? Int == 1, "a retry sends the same event")
    #expect(bodies[3]["event"] as? String == "up")
    #expect(bodies[3]["sequence"] as? Int == 2)
    #expect(receiver.received.first?.hasPrefix("POST /hooks/lab HTTP/1.1\r\n") == true)
    #expect(receiver.received.first?.lowercased().contains("content-type: application/json") == true)
    #expect(await notifier.failed == 0)
    #expect(bodies[0]["impacted_by"] == nil)
  }

  @Test func aRootCauseIsPostedOnceItHoldsWithEverythingItTakesDown() async throws {
    let receiver = try StandIn(.recordHTTP(statuses: [204]))
    defer { receiver.close() }
    let notifier = RootCauseNotifier(
      url: ProbeURL("http://\(receiver.endpoint)/")!, policy: TargetPolicy(resolve: ResolveMap()),
      logger: Logger(label: "test"), hold: 1, attempts: 3, firstPause: 0.05, deadline: 30, group: Probe.group)
    let lab = LiveStatusTests.lab
    let guests = LiveStatusTests.hx90Guests
    let t0 = Date()
    // A VM's check fails first: for a moment it looks like a root cause of its own.
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: [guests[0]])), lab: "03//lab", at: t0)
    // Then hx90's own check, before the other VMs' fail.
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: ["hx90", guests[0]])), lab: "03//lab",
      at: t0.addingTimeInterval(0.2))
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: Set(["hx90"] + guests))), lab: "03//lab",
      at: t0.addingTimeInterval(0.5))
    let runner = Task { await notifier.run() }
    defer { runner.cancel() }
    #expect(await waitUntil(seconds: 120) { await notifier.delivered == 1 })
    let bodies = try Self.bodies(receiver)
    #expect(bodies.count == 1, "the VM's moment as a root cause is never posted: \(bodies)")
    #expect(bodies.first?["root"] as? String == "hx90")
    #expect((bodies.first?["impacted"] as? [String])?.sorted() == guests.sorted(), "the settled list, all four VMs")
  }

  @Test func anUnreachableReceiverIsGivenUpOnAndNeverBlocksObserving() async throws {
    let port = try StandIn.closedPort()
    let notifier = RootCauseNotifier(
      url: ProbeURL("http://127.0.0.1:\(port)/")!, policy: TargetPolicy(resolve: ResolveMap()),
      logger: Logger(label: "test"), attempts: 3, firstPause: 0.01, deadline: 30, group: Probe.group)
    let runner = Task { await notifier.run() }
    defer { runner.cancel() }
    let lab = LiveStatusTests.lab
    await notifier.observe(
      LiveStatus(lab: lab, results: LiveStatusTests.results(down: ["hx90"])), lab: "03//lab", at: Date())
    #expect(await waitUntil(seconds: 120) { await notifier.failed == 1 })
    #expect(await notifier.delivered == 0)
  }

  @Test func aReceiverOutsideLoopbackIsRefusedBeforeAnythingIsSent() async throws {
    let notifier = RootCauseNotifier(
      url: ProbeURL("http://10.10.0.99:9000/")!, policy: TargetPolicy(resolve: ResolveMap(), allowNetwork: false),
      logger: Logger(label: "test"), attempts: 1, firstPause: 0.01, deadline: 5, group: Probe.group)
    let runner = Task { await notifier.run() }
    defer { runner.cancel() }
    await notifier.observe(
      LiveStatus(lab: LiveStatusTests.lab, results: LiveStatusTests.results(down: ["hx90"])), lab: "03//lab",
      at: Date())
    #expect(await waitUntil(seconds: 60) { await notifier.failed == 1 })
  }
}
