import LabModel

/// A what-if question: these failure domains are down, at this horizon.
public struct Scenario: Sendable, Hashable, Codable {
  public var down: [FailureDomain]
  public var horizon: Horizon

  public init(down: [FailureDomain] = [], horizon: Horizon = .today) {
    self.down = down
    self.horizon = horizon
  }
}

/// How a cluster or service fares in a scenario.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// Every instance or voter is up.
  case ok
  /// Lost instances or voters, still serving.
  case degraded
  /// A brief outage that recovers by itself: every instance was on nodes that failed, and Kubernetes
  /// reschedules it on the cluster's surviving nodes (the cluster keeps quorum). Nobody has to act.
  case interrupted
  /// Not serving, and stays so until someone acts: quorum lost, no instance left, or something it needs is down.
  case down

  private var rank: Int {
    switch self {
    case .ok: 0
    case .degraded: 1
    case .interrupted: 2
    case .down: 3
    }
  }

  /// The verdict in words for people: `interrupted — rescheduled` says it comes back by itself.
  public var words: String { self == .interrupted ? "interrupted — rescheduled" : rawValue }

  public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }
}

/// What kind of thing a verdict is about.
public enum ItemKind: String, Sendable, Hashable, Codable, CaseIterable {
  case cluster, service, app, ingress
}

/// A cluster, service, app or ingress path, by kind and name.
public struct ItemRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  public var kind: ItemKind
  public var name: String

  public init(kind: ItemKind, name: String) {
    self.kind = kind
    self.name = name
  }

  public var description: String { name }

  public static func < (a: ItemRef, b: ItemRef) -> Bool {
    let order = ItemKind.allCases
    return (order.firstIndex(of: a.kind)!, a.name) < (order.firstIndex(of: b.kind)!, b.name)
  }
}

/// The verdict on one item, with what it is based on and how the failure got there.
public struct ItemVerdict: Sendable, Hashable, Codable {
  public var kind: ItemKind
  public var name: String
  public var verdict: Verdict
  /// The arithmetic behind the verdict: `etcd 2/3 voters, quorum held, tolerates 0 more`.
  public var detail: String
  /// How the failure reached this item, root first, one chain per path:
  /// `[["hx90 down", "dev-cp-1 down"]]`. Empty when nothing in the scenario touches it.
  public var causes: [[String]]

  public init(kind: ItemKind, name: String, verdict: Verdict, detail: String, causes: [[String]] = []) {
    self.kind = kind
    self.name = name
    self.verdict = verdict
    self.detail = detail
    self.causes = causes
  }

  public var ref: ItemRef { ItemRef(kind: kind, name: name) }

  /// The reason chain in one line: `hx90 down → dev-cp-1 down → etcd 2/3 voters, …`.
  /// Several paths share their common first and last steps: `az-a down → (a; b) → prod down → …`.
  public var chain: String {
    guard causes.count > 1 else { return (causes.first ?? []).map { $0 + " → " }.joined() + detail }
    let shortest = causes.map(\.count).min() ?? 0
    var head = 0
    while head < shortest, causes.allSatisfy({ $0[head] == causes[0][head] }) { head += 1 }
    var tail = 0
    while tail < shortest - head,
      causes.allSatisfy({ $0[$0.count - 1 - tail] == causes[0][causes[0].count - 1 - tail] })
    {
      tail += 1
    }
    let middles = causes.map { $0[head..<($0.count - tail)].joined(separator: " → ") }
    let parts =
      Array(causes[0].prefix(head)) + ["(" + middles.joined(separator: "; ") + ")"]
      + Array(causes[0].suffix(tail)) + [detail]
    return parts.joined(separator: " → ")
  }
}

/// One failure domain of the scenario and what it took with it.
public struct DomainEffect: Sendable, Hashable, Codable {
  public var domain: FailureDomain
  /// Machines this domain took down (itself, its VMs, a site's machines), in declaration order.
  public var machines: [String]
  /// Why it changes nothing, when it does not: `az-b is not live today`.
  public var note: String?

  public init(domain: FailureDomain, machines: [String], note: String? = nil) {
    self.domain = domain
    self.machines = machines
    self.note = note
  }
}

/// Tallies of a result's verdicts.
public struct VerdictCounts: Sendable, Hashable, Codable {
  public var ok = 0
  public var degraded = 0
  /// Out until Kubernetes reschedules them; back without anyone acting.
  public var interrupted = 0
  public var down = 0

  public init(_ items: [ItemVerdict]) {
    for i in items {
      switch i.verdict {
      case .ok: ok += 1
      case .degraded: degraded += 1
      case .interrupted: interrupted += 1
      case .down: down += 1
      }
    }
  }
}

/// Everything a scenario does to the lab: a verdict for every cluster, service, app and ingress path.
public struct SimulationResult: Sendable, Hashable, Codable {
  public var lab: String
  public var horizon: Horizon
  public var down: [DomainEffect]
  /// Every item present at the horizon, clusters first, then services, apps, ingress; in declaration order.
  public var items: [ItemVerdict]
  public var counts: VerdictCounts
  /// Items down in this scenario that are up when nothing fails.
  public var newlyDown: [ItemRef]
  /// Items interrupted in this scenario (out until Kubernetes reschedules them) that are up when nothing fails.
  public var newlyInterrupted: [ItemRef]

  public init(
    lab: String, horizon: Horizon, down: [DomainEffect], items: [ItemVerdict], newlyDown: [ItemRef],
    newlyInterrupted: [ItemRef] = []
  ) {
    self.lab = lab
    self.horizon = horizon
    self.down = down
    self.items = items
    self.counts = VerdictCounts(items)
    self.newlyDown = newlyDown
    self.newlyInterrupted = newlyInterrupted
  }

  /// True when anything is down: `labctl simulate` then exits 3.
  public var takesSomethingDown: Bool { counts.down > 0 }

  /// The verdict on the item with this name (clusters first when names clash).
  public func item(_ name: String, kind: ItemKind? = nil) -> ItemVerdict? {
    items.first { $0.name == name && (kind == nil || $0.kind == kind) }
  }

  /// The result for the public page: names and verdicts, without hostnames in causes or machine lists.
  public var forPublic: SimulationResult {
    var r = self
    r.down = down.map { DomainEffect(domain: $0.domain, machines: [], note: $0.note) }
    r.items = items.map { ItemVerdict(kind: $0.kind, name: $0.name, verdict: $0.verdict, detail: $0.detail) }
    return r
  }
}
