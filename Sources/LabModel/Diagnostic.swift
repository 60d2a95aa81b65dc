/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
  case error, warning, note

  private var rank: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .note: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in the lab's sources, with where it is and how to fix it.
public struct Diagnostic: Sendable, Hashable, Codable {
  public var severity: Severity
  /// The rule's name, e.g. `etcd-quorum`; documented in docs/rules.md.
  public var rule: String
  public var message: String
  public var location: SourceLocation?
  /// Hint lines, shown under the message.
  public var notes: [String]
  /// What the finding is about, by name — the cluster, service, VLAN, address… each rule documents which
  /// (docs/rules.md) — so a waiver can match it on rule and item. Nil for loading problems.
  public var item: String?

  public init(
    _ severity: Severity, rule: String, _ message: String, at location: SourceLocation?,
    item: String? = nil, notes: [String] = []
  ) {
    self.severity = severity
    self.rule = rule
    self.message = message
    self.location = location
    self.item = item
    self.notes = notes
  }

  public static func error(
    _ rule: String, _ message: String, at location: SourceLocation?, item: String? = nil, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.error, rule: rule, message, at: location, item: item, notes: notes)
  }

  public static func warning(
    _ rule: String, _ message: String, at location: SourceLocation?, item: String? = nil, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.warning, rule: rule, message, at: location, item: item, notes: notes)
  }

  public static func note(
    _ rule: String, _ message: String, at location: SourceLocation?, item: String? = nil, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.note, rule: rule, message, at: location, item: item, notes: notes)
  }
}

extension Array where Element == Diagnostic {
  /// Diagnostics in reading order: by file, line, column; unlocated ones last.
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      switch (a.element.location, b.element.location) {
      case (let l?, let r?): l != r ? l < r : a.offset < b.offset
      case (.some, .none): true
      case (.none, .some): false
      case (.none, .none): a.offset < b.offset
      }
    }.map(\.element)
  }

  public var hasErrors: Bool { contains { $0.severity == .error } }
}
