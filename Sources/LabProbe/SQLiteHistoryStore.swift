import Foundation
import GRDB

/// Probe history in SQLite (GRDB, write-ahead log, `synchronous = FULL`): what a commit returned survives a
/// `kill -9` or a power cut, and the file opens cleanly afterwards.
public final class SQLiteHistoryStore: HistoryStore {
  let pool: DatabasePool
  /// Seconds per latency bucket (the rolled-up series): 5 minutes.
  public let bucket: Int

  /// Opens (creating and migrating when needed) the history at `path`.
  public init(path: String, bucket: Int = 300) throws {
    var config = Configuration()
    config.busyMode = .timeout(30)
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    pool = try DatabasePool(path: path, configuration: config)
    self.bucket = max(1, bucket)
    try Self.migrator.migrate(pool)
  }

  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE state_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, check_id TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL,
            at REAL NOT NULL, reason TEXT);
          CREATE INDEX state_changes_by_check ON state_changes (check_id, seq);
          CREATE INDEX state_changes_by_time ON state_changes (at);
          CREATE TABLE current_states (check_id TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;
          CREATE TABLE latency (
            check_id TEXT NOT NULL, bucket INTEGER NOT NULL, runs INTEGER NOT NULL, up INTEGER NOT NULL,
            sum_ms REAL NOT NULL, max_ms REAL NOT NULL, PRIMARY KEY (check_id, bucket)) WITHOUT ROWID;
          CREATE INDEX latency_by_bucket ON latency (bucket);
          CREATE TABLE incidents (
            id INTEGER PRIMARY KEY AUTOINCREMENT, root TEXT NOT NULL, reason TEXT, opened_at REAL NOT NULL,
            closed_at REAL, impacted TEXT NOT NULL DEFAULT '');
          CREATE INDEX incidents_open ON incidents (root) WHERE closed_at IS NULL;
          """)
    }
    m.registerMigration("v2-daily") { db in
      try db.execute(
        sql: """
          CREATE TABLE daily (
            check_id TEXT NOT NULL, day INTEGER NOT NULL, runs INTEGER NOT NULL, up INTEGER NOT NULL,
            PRIMARY KEY (check_id, day)) WITHOUT ROWID;
          CREATE INDEX daily_by_day ON daily (day);
          INSERT INTO daily (check_id, day, runs, up)
            SELECT check_id, bucket / 86400 * 86400, SUM(runs), SUM(up) FROM latency GROUP BY 1, 2;
          """)
    }
    return m
  }

  static let upsertDaily = """
    INSERT INTO daily (check_id, day, runs, up) VALUES (?, ?, ?, ?)
    ON CONFLICT (check_id, day) DO UPDATE SET runs = runs + excluded.runs, up = up + excluded.up
    """

  public func record(_ results: [CheckResult], status: LiveStatus, at: Date) async throws -> SweepRecord {
    let bucketSize = bucket
    let roots = Dictionary(
      status.incidents.map { ($0.root.name, ($0.reason, $0.impacted.map(\.name).joined(separator: ","))) },
      uniquingKeysWith: { a, _ in a })
    return try await pool.write { db in
      var changes: [StoredChange] = []
      let time = at.timeIntervalSince1970
      for r in results {
        let previous = try String.fetchOne(
          db, sql: "SELECT state FROM current_states WHERE check_id = ?", arguments: [r.id]
        ).flatMap(ProbeState.init(rawValue:))
        if previous != r.state {
          try db.execute(
            sql: "INSERT INTO state_changes (check_id, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?)",
            arguments: [r.id, previous?.rawValue, r.state.rawValue, time, r.reason])
          changes.append(
            StoredChange(
              seq: db.lastInsertedRowID, checkID: r.id, from: previous, to: r.state, at: at, reason: r.reason))
          try db.execute(
            sql: "INSERT OR REPLACE INTO current_states (check_id, state) VALUES (?, ?)",
            arguments: [r.id, r.state.rawValue])
        }
        let ms = r.latency * 1000
        try db.execute(
          sql: """
            INSERT INTO latency (check_id, bucket, runs, up, sum_ms, max_ms) VALUES (?, ?, 1, ?, ?, ?)
            ON CONFLICT (check_id, bucket) DO UPDATE SET runs = runs + 1, up = up + excluded.up,
              sum_ms = sum_ms + excluded.sum_ms, max_ms = max(max_ms, excluded.max_ms)
            """,
          arguments: [r.id, Int(time) / bucketSize * bucketSize, r.state == .down ? 0 : 1, ms, ms])
        try db.execute(
          sql: Self.upsertDaily, arguments: [r.id, Int(time) / 86400 * 86400, 1, r.state == .down ? 0 : 1])
      }
      let open = try Row.fetchAll(db, sql: "SELECT id, root FROM incidents WHERE closed_at IS NULL")
      var closed: [String] = []
      var stillOpen: Set<String> = []
      for row in open {
        let root: String = row["root"]
        if roots[root] == nil {
          try db.execute(
            sql: "UPDATE incidents SET closed_at = ? WHERE id = ?", arguments: [time, row["id"] as Int64])
          closed.append(root)
        } else {
          stillOpen.insert(root)
        }
      }
      var opened: [String] = []
      for (root, detail) in roots.sorted(by: { $0.key < $1.key }) where !stillOpen.contains(root) {
        try db.execute(
          sql: "INSERT INTO incidents (root, reason, opened_at, impacted) VALUES (?, ?, ?, ?)",
          arguments: [root, detail.0, time, detail.1])
        opened.append(root)
      }
      return SweepRecord(changes: changes, opened: opened, closed: closed.sorted())
    }
  }

  public func changes(of checkID: String?, limit: Int) async throws -> [StoredChange] {
    try await pool.read { db in
      let rows =
        if let checkID {
          try Row.fetchAll(
            db, sql: "SELECT * FROM state_changes WHERE check_id = ? ORDER BY seq DESC LIMIT ?",
            arguments: [checkID, limit])
        } else {
          try Row.fetchAll(db, sql: "SELECT * FROM state_changes ORDER BY seq DESC LIMIT ?", arguments: [limit])
        }
      return rows.map { row in
        StoredChange(
          seq: row["seq"], checkID: row["check_id"], from: (row["from_state"] as String?).flatMap(ProbeState.init),
          to: ProbeState(rawValue: row["to_state"]) ?? .down, at: Date(timeIntervalSince1970: row["at"]),
          reason: row["reason"])
      }
    }
  }

  /// Windows up to two days are summed from the 5-minute buckets; longer ones from the daily rollup, from the
  /// start of the day `since` falls in (so a 30-day uptime reads 30 rows a check, not 8640).
  public func uptime(since: Date) async throws -> [String: Double] {
    let time = Int(since.timeIntervalSince1970)
    let daily = Date().timeIntervalSince(since) > 2 * 86400
    let sql =
      daily
      ? "SELECT check_id, SUM(up) AS up, SUM(runs) AS runs FROM daily WHERE day >= ? GROUP BY check_id"
      : "SELECT check_id, SUM(up) AS up, SUM(runs) AS runs FROM latency WHERE bucket >= ? GROUP BY check_id"
    let start = daily ? time / 86400 * 86400 : time / bucket * bucket
    return try await pool.read { db in
      var out: [String: Double] = [:]
      let rows = try Row.fetchCursor(db, sql: sql, arguments: [start])
      while let row = try rows.next() {
        let runs: Int = row["runs"]
        if runs > 0 { out[row["check_id"]] = Double(row["up"] as Int) / Double(runs) }
      }
      return out
    }
  }

  public func incidents(limit: Int) async throws -> [StoredIncident] {
    try await pool.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM incidents ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
        let impacted: String = row["impacted"]
        return StoredIncident(
          id: row["id"], root: row["root"], reason: row["reason"],
          openedAt: Date(timeIntervalSince1970: row["opened_at"]),
          closedAt: (row["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
          impacted: impacted.isEmpty ? [] : impacted.split(separator: ",").map(String.init))
      }
    }
  }

  public func prune(before: Date) async throws {
    let time = before.timeIntervalSince1970
    try await pool.write { db in
      try db.execute(sql: "DELETE FROM latency WHERE bucket < ?", arguments: [Int(time)])
      try db.execute(sql: "DELETE FROM daily WHERE day < ?", arguments: [Int(time) / 86400 * 86400])
      try db.execute(sql: "DELETE FROM state_changes WHERE at < ?", arguments: [time])
      try db.execute(sql: "DELETE FROM incidents WHERE closed_at IS NOT NULL AND closed_at < ?", arguments: [time])
    }
  }

  /// Adds rolled-up runs directly, one transaction: for benchmarks and imports (`check_id`, bucket start, runs,
  /// runs not down).
  public func importRollup(_ rows: [(checkID: String, bucket: Int, runs: Int, up: Int)]) async throws {
    try await pool.write { db in
      let statement = try db.makeStatement(
        sql: "INSERT OR REPLACE INTO latency (check_id, bucket, runs, up, sum_ms, max_ms) VALUES (?, ?, ?, ?, 0, 0)")
      let daily = try db.makeStatement(sql: Self.upsertDaily)
      for row in rows {
        try statement.execute(arguments: [row.checkID, row.bucket, row.runs, row.up])
        try daily.execute(arguments: [row.checkID, row.bucket / 86400 * 86400, row.runs, row.up])
      }
    }
  }

  /// Adds daily rollups directly, one transaction: for benchmarks and imports (`check_id`, day start, runs,
  /// runs not down).
  public func importDaily(_ rows: [(checkID: String, day: Int, runs: Int, up: Int)]) async throws {
    try await pool.write { db in
      let daily = try db.makeStatement(sql: Self.upsertDaily)
      for row in rows { try daily.execute(arguments: [row.checkID, row.day / 86400 * 86400, row.runs, row.up]) }
    }
  }

  /// `PRAGMA integrity_check`: `ok` for a sound file.
  public func integrityCheck() async throws -> String {
    try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
  }
}
