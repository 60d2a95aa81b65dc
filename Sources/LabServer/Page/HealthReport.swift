import Foundation
import LabModel

/// The `/healthz` document. Semantics:
/// - `status: ok` (HTTP 200): the last reload succeeded; the site served is the current spec.
/// - `status: degraded` (HTTP 200): the last reload failed, the last good site is still served;
///   `reload` is `failed` and `diagnostics` name file:line:col of each error.
/// - `status: unavailable` (HTTP 503): no good render exists yet (the first load failed or is pending).
public struct HealthReport: Sendable, Codable, Equatable {
  public enum Status: String, Sendable, Codable { case ok, degraded, unavailable }

  /// One diagnostic, flattened for JSON.
  public struct Item: Sendable, Codable, Equatable {
    public var severity: String
    public var rule: String
    public var message: String
    /// `file:line:col`, when the diagnostic has a place.
    public var location: String?
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var notes: [String]
    /// What the finding is about (`Diagnostic.item`), for a rule's finding.
    public var item: String?
  }

  public var status: Status
  public var reload: ReloadOutcome
  /// The content hash of the page served (every file's path and bytes; empty when none): two replicas
  /// serving the same lab report the same generation.
  public var generation: String
  /// Good renders this process has published (0 when none).
  public var reloads: Int
  public var errors: Int
  public var warnings: Int
  public var diagnostics: [Item]
  /// ISO 8601 times of the last reload attempt and of the render being served.
  public var lastReload: String?
  public var servedSince: String?

  /// The HTTP status that goes with the report.
  public var httpStatus: Int { status == .unavailable ? 503 : 200 }

  public init(snapshot: PageSnapshot?, reload: ReloadState) {
    if snapshot == nil {
      status = .unavailable
    } else {
      status = reload.outcome == .failed ? .degraded : .ok
    }
    self.reload = reload.outcome
    generation = snapshot?.contentHash ?? ""
    reloads = snapshot?.generation ?? 0
    errors = reload.diagnostics.filter { $0.severity == .error }.count
    warnings = reload.diagnostics.filter { $0.severity == .warning }.count
    diagnostics = reload.diagnostics.map {
      Item(
        severity: $0.severity.rawValue, rule: $0.rule, message: $0.message, location: $0.location?.description,
        file: $0.location?.file, line: $0.location?.line, column: $0.location?.column, notes: $0.notes,
        item: $0.item)
    }
    let format = Date.ISO8601FormatStyle()
    lastReload = reload.lastAttempt.map { format.format($0) }
    servedSince = snapshot.map { format.format($0.renderedAt) }
  }

  /// The report as pretty, key-sorted JSON.
  public func json() -> String {
    // camelCase keys (`servedSince`), as docs/serve.md promised before the API settled on snake_case.
    LabJSON.string(self, keys: .asDeclared) + "\n"
  }
}
