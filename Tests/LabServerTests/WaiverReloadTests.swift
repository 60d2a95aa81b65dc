import Foundation
import Hummingbird
import HummingbirdTesting
import LabModel
import LabServer
import LabTestSupport
import Logging
import Testing

/// A waiver expires in a running server as it does for `labctl check`: the reloader judges waivers on the
/// day of each build, and rebuilds when the date moves on while the lab has a waiver with an expiry.
@Suite("Waivers in a running server")
struct WaiverReloadTests {
  /// The day the server sees; a test moves it on.
  final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var day: CalendarDay
    init(_ day: CalendarDay) { self.day = day }
    func today() -> CalendarDay { lock.withLock { day } }
    func set(_ next: CalendarDay) { lock.withLock { day = next } }
  }

  @Test("The day a waiver expires, the next reload fails with no edit, and the last good page stays")
  func expiresWhileServing() async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    let spec = try lab.read("lab.yaml")
    let mitigation = "    mitigation: migrate to Kubernetes\n"
    try #require(spec.contains(mitigation))
    let edited =
      spec.replacingOccurrences(of: mitigation, with: "")
      + "waivers:\n  - { rule: spof-mitigation, item: lgtm, reason: dashboards may go dark, expires: 2025-09-01 }\n"
    try lab.write("lab.yaml", edited)
    let line = try #require(
      edited.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  lgtm:" })

    let clock = Clock(TestLab.day("2025-08-31"))
    let log = LogRecorder()
    var logger = Logger(label: "test") { _ in log }
    logger.logLevel = .info
    var options = ServerOptions(path: lab.path, pollInterval: .milliseconds(50), threads: 0)
    options.today = { clock.today() }
    try await buildApplication(options, logger: logger).test(.router) { client in
      #expect(try await eventually { try await client.execute(uri: "/readyz", method: .get).status == .ok })
      let good = try await client.execute(uri: "/", method: .get)
      #expect(try await ReloadTests.health(client)["status"] as? String == "ok")
      #expect(good.text.contains("accepted risk: dashboards may go dark"))

      clock.set(TestLab.day("2025-09-01"))
      try await ReloadTests.expectLastGoodKept(
        client, log: log, good: good, rule: "spof-mitigation", location: "lab.yaml:\(line + 1):3", mentions: "lgtm")
      #expect(log.messages.contains { $0.contains("reload failed (new day)") }, "\(log.messages)")
    }
  }
}
