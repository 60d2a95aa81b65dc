import Foundation
import GRDB

/// The durable queue of acknowledged dispatches: a SQLite file (WAL, synchronous FULL), so a dispatch
/// answered 202 survives a crash or `kill -9`. Each delivery id is stored once: a replay finds it there and
/// does nothing. A job is marked done only after its work; work cut short is run again on restart, and the
/// bump itself recognises a delivery already committed (its `Labctl-Delivery` trailer), so it is done once.
public final class DeliveryQueue: Sendable {
  /// One queued dispatch.
  public struct Job: Sendable {
    public var id: Int64
    public var dispatch: Dispatch
    public var received: Date
  }

  private let database: DatabaseQueue

  /// Opens (or creates) the queue at `path`, creating its folder.
  public init(path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var configuration = Configuration()
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    configuration.busyMode = .timeout(30)
    database = try DatabaseQueue(path: path, configuration: configuration)
    try database.writeWithoutTransaction { db in
      _ = try? db.execute(sql: "PRAGMA journal_mode = WAL")
    }
    try database.write { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS dispatches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            delivery TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            received REAL NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued',
            outcome TEXT,
            finished REAL
          )
          """)
      try db.execute(sql: "CREATE INDEX IF NOT EXISTS dispatches_state ON dispatches (state, id)")
    }
  }

  /// Adds a dispatch; false when its delivery id was seen before (a replay: nothing is added).
  public func enqueue(_ dispatch: Dispatch, at date: Date = Date()) async throws -> Bool {
    let body = String(decoding: try JSONEncoder().encode(dispatch), as: UTF8.self)
    return try await database.write { db in
      try db.execute(
        sql: "INSERT OR IGNORE INTO dispatches (delivery, body, received) VALUES (?, ?, ?)",
        arguments: [dispatch.delivery, body, date.timeIntervalSince1970])
      return db.changesCount == 1
    }
  }

  /// The oldest job not yet done, if any.
  public func next() async throws -> Job? {
    try await database.read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT id, body, received FROM dispatches WHERE state = 'queued' ORDER BY id LIMIT 1")
      else { return nil }
      let body: String = row["body"]
      let dispatch = try JSONDecoder().decode(Dispatch.self, from: Data(body.utf8))
      return Job(id: row["id"], dispatch: dispatch, received: Date(timeIntervalSince1970: row["received"]))
    }
  }

  /// Marks a job done, with what came of it.
  public func finish(_ id: Int64, outcome: String, at date: Date = Date()) async throws {
    try await database.write { db in
      try db.execute(
        sql: "UPDATE dispatches SET state = 'done', outcome = ?, finished = ? WHERE id = ?",
        arguments: [outcome, date.timeIntervalSince1970, id])
    }
  }

  /// Jobs waiting, and the age in seconds of the oldest.
  public func depth(now: Date = Date()) async throws -> (count: Int, oldestAge: Double) {
    try await database.read { db in
      let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM dispatches WHERE state = 'queued'") ?? 0
      let oldest = try Double.fetchOne(db, sql: "SELECT min(received) FROM dispatches WHERE state = 'queued'")
      return (count, oldest.map { max(0, now.timeIntervalSince1970 - $0) } ?? 0)
    }
  }

  /// Every job's delivery id and outcome, oldest first (for tests and `/metrics`' operators).
  public func outcomes() async throws -> [(delivery: String, outcome: String?)] {
    try await database.read { db in
      try Row.fetchAll(db, sql: "SELECT delivery, outcome FROM dispatches ORDER BY id").map {
        ($0["delivery"], $0["outcome"])
      }
    }
  }
}
