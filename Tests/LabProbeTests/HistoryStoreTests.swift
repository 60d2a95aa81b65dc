import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// Probe history in SQLite: state changes, uptime, incidents with their root cause, retention; and a store
/// that survives `kill -9` mid-write.
@Suite struct HistoryStoreTests {
  static func tempPath() -> String { NSTemporaryDirectory() + "labctl-history-\(UUID().uuidString).sqlite" }

  static func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  }

  @Test func recordsStateChangesUptimeAndIncidentsByRootCause() async throws {
    let path = Self.tempPath()
    defer { Self.remove(path) }
    let store = try SQLiteHistoryStore(path: path)
    let lab = LiveStatusTests.lab
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let down = LiveStatusTests.results(down: Set(["hx90"] + LiveStatusTests.hx90Guests))
    let first = try await store.record(down, status: LiveStatus(lab: lab, results: down), at: t0)
    #expect(first.changes.count == down.count, "the first sweep sets every state")
    #expect(first.opened == ["hx90"], "one incident: the root cause, not its VMs")
    let same = try await store.record(down, status: LiveStatus(lab: lab, results: down), at: t0 + 60)
    #expect(same.changes.isEmpty && same.opened.isEmpty && same.closed.isEmpty)
    let up = LiveStatusTests.results(down: [])
    let back = try await store.record(up, status: LiveStatus(lab: lab, results: up), at: t0 + 600)
    #expect(back.changes.count == 1 + LiveStatusTests.hx90Guests.count)
    #expect(back.changes.allSatisfy { $0.from == .down && $0.to == .up })
    #expect(back.closed == ["hx90"])
    let incidents = try await store.incidents(limit: 10)
    #expect(incidents.count == 1)
    #expect(incidents[0].root == "hx90" && incidents[0].duration(now: t0) == 600)
    #expect(incidents[0].impacted == LiveStatusTests.hx90Guests.sorted())
    #expect(incidents[0].reason?.contains("connection refused") == true)
    let uptime = try await store.uptime(since: t0 - 3600)
    #expect(abs((uptime["hx90/ssh"] ?? -1) - 1.0 / 3) < 1e-9, "\(uptime["hx90/ssh"] ?? -1)")
    #expect(uptime["bd-n1/ssh"] == 1)
    let hx90 = try await store.changes(of: "hx90/ssh", limit: 10)
    #expect(hx90.map(\.to) == [.up, .down])
    // Retention: everything before the cut goes, open state stays.
    try await store.prune(before: t0 + 300)
    #expect(try await store.changes(of: "hx90/ssh", limit: 10).map(\.to) == [.up])
    #expect(try await store.uptime(since: t0 - 3600)["hx90/ssh"] == 1)
    try await store.prune(before: t0 + 3600)
    #expect(try await store.incidents(limit: 10).isEmpty)
    #expect(try await store.integrityCheck() == "ok")
  }

  /// 100 times: `labctl _history-stress` writes sweeps as fast as it can and is killed with SIGKILL after
  /// a few commits, mid-write. Then the file passes `PRAGMA integrity_check` and holds every state change
  /// the killed writers reported committed.
  @Test func survivesAHundredKillNineMidWrite() async throws {
    let path = Self.tempPath()
    defer { Self.remove(path) }
    let reported = try await KillLoop.run(binary: Labctl.binary, path: path, kills: 100)
    #expect(reported.count >= 100, "every writer committed before it was killed")
    let store = try SQLiteHistoryStore(path: path)
    #expect(try await store.integrityCheck() == "ok")
    let stored = try await store.changes(of: "stress/flip", limit: Int.max)
    let seqs = Set(stored.map(\.seq))
    let lost = reported.filter { !seqs.contains($0.key) }
    #expect(lost.isEmpty, "committed, then lost: \(lost.keys.sorted().prefix(10))")
    for change in stored where reported[change.seq] != nil {
      #expect(reported[change.seq] == change.to.rawValue)
    }
    // The state alternates with no gap: no half-written sweep survived.
    let ordered = stored.sorted { $0.seq < $1.seq }
    #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0.to != $1.to && $1.from == $0.to })
    print("kill -9 x100: \(reported.count) commits reported, \(stored.count) stored, integrity ok")
  }
}

/// Runs the writer and kills it, on a thread of its own (never the cooperative pool's).
enum KillLoop {
  static func run(binary: String, path: String, kills: Int) async throws -> [Int64: String] {
    try await offPool(name: "KillLoop") { try loop(binary: binary, path: path, kills: kills) }
  }

  static func loop(binary: String, path: String, kills: Int) throws -> [Int64: String] {
    var reported: [Int64: String] = [:]
    for i in 0..<kills {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: binary)
      p.arguments = ["_history-stress", path]
      p.environment = ProcessInfo.processInfo.environment.merging(["LABCTL_DIE_WITH_PARENT": "1"]) { _, b in b }
      let out = Pipe()
      p.standardOutput = out
      p.standardError = FileHandle.nullDevice
      try Spawner.run(p)
      // Kill after 1–5 commits: wherever the writer is in its next one.
      let wanted = 1 + i % 5
      var seen = 0
      var buffer = ""
      let deadline = Date().addingTimeInterval(60)
      while seen < wanted, Date() < deadline {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        buffer += String(decoding: chunk, as: UTF8.self)
        while let newline = buffer.firstIndex(of: "\n") {
          let words = buffer[..<newline].split(separator: " ")
          buffer.removeSubrange(...newline)
          if words.count == 3, words[0] == "committed", let seq = Int64(words[1]) {
            reported[seq] = String(words[2])
            seen += 1
          }
        }
      }
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      // A line written just before the kill was committed too.
      let rest = buffer + String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      for line in rest.split(separator: "\n") {
        let words = line.split(separator: " ")
        if words.count == 3, words[0] == "committed", let seq = Int64(words[1]) { reported[seq] = String(words[2]) }
      }
      guard seen > 0 else { throw DaemonError(message: "writer \(i) committed nothing within 60 s") }
    }
    return reported
  }
}
