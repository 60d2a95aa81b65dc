import ArgumentParser
import Foundation
import LabModel
import LabProbe

extension Labctl {
  /// A test hook, not for users: records sweeps into a history file as fast as it can, one check flipping
  /// between up and down (so each commit is a state change and an incident opened or closed), and prints
  /// `committed SEQ` after each commit returns — what `kill -9` must never lose.
  struct HistoryStress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "_history-stress", abstract: "Test hook: write probe history until killed.", shouldDisplay: false)

    @Argument var path: String
    @Option var count: Int = Int.max
    /// Instead: fill `CHECKS` checks' rollup over `--days` days, then time the uptime query (bench/probe.sh).
    @Option var benchUptime: Int?
    @Option var days: Int = 30

    func run() async throws {
      if let checks = benchUptime { return try await bench(checks: checks) }
      let store = try SQLiteHistoryStore(path: path)
      let lab = Lab(meta: LabMeta(name: "stress"), machines: [Machine(name: "stress")])
      var state = try await store.changes(of: "stress/flip", limit: 1).first?.to ?? .down
      for _ in 0..<count {
        state = state == .up ? .down : .up
        let result = CheckResult(
          id: "stress/flip", owner: Owner(kind: .machine, name: "stress"), name: "flip", state: state,
          latency: 0.001, reason: state == .down ? "flipped" : nil)
        let record = try await store.record([result], status: LiveStatus(lab: lab, results: [result]), at: Date())
        for change in record.changes {
          FileHandle.standardOutput.write(Data("committed \(change.seq) \(change.to.rawValue)\n".utf8))
        }
      }
    }

    func bench(checks: Int) async throws {
      let store = try SQLiteHistoryStore(path: path)
      let now = Int(Date().timeIntervalSince1970) / store.bucket * store.bucket
      let perDay = 86400 / store.bucket
      let clock = ContinuousClock()
      let fillStart = clock.now
      // The last day in 5-minute buckets (what the 24 h figure reads), every day of the window as a daily row.
      for c in 0..<checks {
        try await store.importRollup(
          (0..<perDay).map { b in
            (checkID: "m\(c)/ssh", bucket: now - b * store.bucket, runs: 1, up: b % 97 == 0 ? 0 : 1)
          })
        try await store.importDaily(
          (1...days).map { d in (checkID: "m\(c)/ssh", day: now - d * 86400, runs: perDay, up: perDay - d % 3) })
      }
      let filled = clock.now - fillStart
      for (label, window) in [("24h", 86400), ("\(days)d", days * 86400)] {
        var best = Duration.seconds(3600)
        var count = 0
        for _ in 0..<5 {
          let start = clock.now
          count = try await store.uptime(since: Date(timeIntervalSince1970: Double(now - window))).count
          best = min(best, clock.now - start)
        }
        print("uptime \(label): \(count) checks, best of 5 \(best) (history filled in \(filled))")
      }
    }
  }
}
