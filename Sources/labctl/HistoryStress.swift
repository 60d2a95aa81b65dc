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

    func run() async throws {
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
  }
}
