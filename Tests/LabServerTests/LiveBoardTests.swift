import Foundation
import LabModel
import LabProbe
import LabSpec
import LabTestSupport
import Testing

@testable import LabServer

/// The live board `serve --probe` keeps: the prober's status and the history's figures arrive apart.
@Suite struct LiveBoardTests {
  static let lab: Lab = {
    guard let lab = try? LabLoader().load(TestLab.example).lab else { preconditionFailure("examples/03lab loads") }
    return lab
  }()

  /// Every planned check of the example up, except those of `down`.
  static func status(down: Set<String>) -> LiveStatus {
    let results = lab.plannedChecks().checks.map { c in
      CheckResult(
        id: c.id, owner: c.owner, name: c.check.name, state: down.contains(c.owner.name) ? .down : .up,
        latency: 0.001, reason: nil, asked: [], disagreement: nil, attempts: 1, elapsed: 0.001)
    }
    return LiveStatus(lab: lab, results: results)
  }

  /// The history's publish came after a slow write and carried the status it had read before it: with every
  /// check settled no later change replaced it, and the page showed an older lab for good.
  @Test func theHistorysFiguresNeverPutAnOlderStatusBack() {
    let board = LiveBoard()
    let before = Self.status(down: ["hx90"])
    let newest = Self.status(down: [])
    #expect(before != newest)
    let checkedBefore = Date(timeIntervalSince1970: 1_000)
    let checkedLast = Date(timeIntervalSince1970: 2_000)
    board.publish(lab: "03//lab", status: before, planned: 23, at: checkedBefore)
    // The history loop reads the status here, then writes for a while; the prober publishes meanwhile.
    board.publish(lab: "03//lab", status: newest, planned: 23, at: checkedLast)
    board.publishHistory(uptime: ["hx90/ssh": [99.5, 100, 100]], incidents: [])
    let snapshot = board.snapshot
    #expect(snapshot.status == newest, "the newest status stays")
    #expect(snapshot.status?.somethingDown == false)
    #expect(snapshot.lastChecked == checkedLast)
    #expect(snapshot.uptime["hx90/ssh"] == [99.5, 100, 100])
    #expect(snapshot.version == 3, "each publish is a version listeners hear of")
    #expect(snapshot.planned == 23)
  }

  /// A restart (a reload changed the checks) clears the status; history figures do not bring one back.
  @Test func historyAfterARestartLeavesNoStatus() {
    let board = LiveBoard()
    board.publish(lab: "03//lab", status: Self.status(down: []), planned: 23, at: Date())
    board.restart(lab: "03//lab", planned: 22)
    board.publishHistory(uptime: [:], incidents: [])
    #expect(board.snapshot.status == nil)
    #expect(board.snapshot.planned == 22)
  }
}
