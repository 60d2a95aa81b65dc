import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// Health-check style transitions: down only after `fails` failures in a row.
@Suite struct StateTrackerTests {
  func result(_ state: ProbeState) -> CheckResult {
    CheckResult(
      id: "hx90/ssh", owner: Owner(kind: .machine, name: "hx90"), name: "ssh", state: state, latency: 0, reason: nil,
      asked: [], disagreement: nil, attempts: 1, elapsed: 0)
  }

  @Test func downOnlyAfterFailsInARow() async {
    let tracker = StateTracker()
    #expect(await tracker.record(result(.up), fails: 2)?.to == .up, "the first result sets the state")
    #expect(await tracker.record(result(.down), fails: 2) == nil, "one failure is not enough")
    #expect(await tracker.record(result(.up), fails: 2) == nil, "and a success resets the count")
    #expect(await tracker.record(result(.down), fails: 2) == nil)
    let change = await tracker.record(result(.down), fails: 2)
    #expect(change?.from == .up && change?.to == .down)
    #expect(await tracker.record(result(.down), fails: 2) == nil, "no change, no report")
    #expect(await tracker.record(result(.degraded), fails: 2)?.to == .degraded, "degraded is reported at once")
    #expect(await tracker.states() == ["hx90/ssh": .degraded])
  }

  /// The scheduler, running continuously, reports a listener going away as one change to down after `fails`
  /// runs; waited for as a condition, with a generous bound.
  @Test func theSchedulerReportsAListenerGoingAway() async throws {
    let listener = try StandIn(.accept)
    defer { listener.close() }
    var planned = Probe.planned(
      Check(kind: .tcp, name: "ssh", port: listener.port), at: listener.endpoint, timeout: 30, fails: 2)
    planned.interval = 0.05
    let check = planned
    let scheduler = Scheduler(prober: Probe.prober())
    let changes = Changes()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await scheduler.run([check]) { await changes.add($0) } }
      // On a busy machine a first probe may miss its deadline: wait for the state to be up, however it got there.
      #expect(await waitUntil(seconds: 300) { await changes.all.last?.to == .up })
      let before = await changes.all.count
      listener.takeDown()
      #expect(await waitUntil(seconds: 300) { await changes.all.last?.to == .down })
      #expect(await changes.all.count == before + 1, "one change to down, after `fails` runs")
      group.cancelAll()
    }
    let last = try #require(await changes.all.last)
    #expect(last.result.reason?.contains("connection refused") == true)
  }
}

actor Changes {
  var all: [StateChange] = []
  func add(_ c: StateChange) { all.append(c) }
}
