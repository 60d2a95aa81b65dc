import LabModel

/// Today against the plan, item by item, and what the plan fixes: `labctl plan`.
public struct PlanReport: Sendable, Hashable, Codable {
  /// What a change does, in Terraform's symbols.
  public enum Op: String, Sendable, Hashable, Codable {
    case add = "+"
    case change = "~"
    case remove = "-"
  }

  /// One thing the plan adds, changes or removes, with what it holds (a cluster's nodes, a service's replicas).
  public struct Change: Sendable, Hashable, Codable {
    public var op: Op
    /// `site`, `link`, `machine`, `cluster`, `node`, `service`, `replicas`, `app`, `vlan`.
    public var kind: String
    public var name: String
    /// What it is, for an addition: `HP EliteDesk · bare-metal-prod · az-b`.
    public var detail: String?
    public var before: String?
    public var after: String?
    public var children: [Change]

    public init(
      _ op: Op, _ kind: String, _ name: String, detail: String? = nil, before: String? = nil,
      after: String? = nil, children: [Change] = []
    ) {
      self.op = op
      self.kind = kind
      self.name = name
      self.detail = detail
      self.before = before
      self.after = after
      self.children = children
    }
  }

  /// A hero figure that the plan moves.
  public struct FigureChange: Sendable, Hashable, Codable {
    public var name: String
    public var today: Int
    public var plan: Int
  }

  /// An item some single failure takes down, and which domains do so today and with the plan.
  public struct Exposure: Sendable, Hashable, Codable {
    public var item: ItemRef
    public var today: [String]
    public var plan: [String]
  }

  /// Single points of failure or single-AZ dependencies: gone with the plan, still there, or new.
  public struct Fixes: Sendable, Hashable, Codable {
    public var fixed: [Exposure]
    public var remaining: [Exposure]
    public var new: [Exposure]
  }

  public var lab: String
  public var changes: [Change]
  public var figures: [FigureChange]
  /// Items one host takes down or interrupts (machine, hypervisor, VM, VIP holder), today against the plan.
  public var singlePoints: Fixes
  /// Items one site or link takes down, today against the plan.
  public var singleAZ: Fixes

  /// Top-level changes by kind of change: `Plan: 5 to add, 2 to change, 0 to remove`.
  public var counts: [String: Int] {
    var c = ["add": 0, "change": 0, "remove": 0]
    for change in changes {
      switch change.op {
      case .add: c["add"]! += 1
      case .change: c["change"]! += 1
      case .remove: c["remove"]! += 1
      }
    }
    return c
  }
}

extension PlanReport.Fixes {
  /// Compares who takes each item down today and with the plan.
  init(today: [SingleFailureReport.SinglePoint], plan: [SingleFailureReport.SinglePoint]) {
    let t = Dictionary(today.map { ($0.item, $0.domains) }, uniquingKeysWith: { a, _ in a })
    let p = Dictionary(plan.map { ($0.item, $0.domains) }, uniquingKeysWith: { a, _ in a })
    fixed = today.filter { p[$0.item] == nil }.map { PlanReport.Exposure(item: $0.item, today: $0.domains, plan: []) }
    remaining = today.compactMap { e in
      p[e.item].map { PlanReport.Exposure(item: e.item, today: e.domains, plan: $0) }
    }
    new = plan.filter { t[$0.item] == nil }.map { PlanReport.Exposure(item: $0.item, today: [], plan: $0.domains) }
  }
}
