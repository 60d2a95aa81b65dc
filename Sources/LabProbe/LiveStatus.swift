import LabCheck
import LabModel

/// One machine, service or app as the probes see it, placed in the dependency graph.
public struct StatusEntry: Sendable, Hashable {
  public var owner: Owner
  /// The worst of its checks.
  public var state: ProbeState
  public var checks: [CheckResult]
  /// When it is down because something it runs on or needs is down: those root causes (`impacted by hx90`).
  public var impactedBy: [String]
  /// A live state the model says cannot be: up although something it needs is down.
  public var impossible: String?

  /// True when it is down and is its own root cause: an incident.
  public var isRootCause: Bool { state == .down && impactedBy.isEmpty }
}

/// A root cause and everything it takes down.
public struct Incident: Sendable, Hashable {
  public var root: Owner
  public var reason: String?
  public var impacted: [Owner]
}

/// The lab's live state: every probed thing, the incidents (root causes only), and the findings that are no
/// single thing's state (DNS instances that disagree, states the model says are impossible).
public struct LiveStatus: Sendable, Hashable {
  public var entries: [StatusEntry]
  public var incidents: [Incident]
  public var findings: [String]

  /// True when something that should be up (everything probed runs today) is down.
  public var somethingDown: Bool { entries.contains { $0.state == .down } }

  /// Places probe results in the graph `simulate` uses: the probed-down machines are the scenario; a thing
  /// down because a hypervisor, a cluster or a dependency is down is `impacted by` the root causes behind it.
  public init(lab: Lab, results: [CheckResult]) {
    var byOwner: [Owner: [CheckResult]] = [:]
    for r in results { byOwner[r.owner, default: []].append(r) }
    let state = byOwner.mapValues { $0.map(\.state).max() ?? .up }
    let graph = lab.dependencyGraph(at: .today)
    func node(_ o: Owner) -> DependencyGraph.Node {
      switch o.kind {
      case .machine: .machine(o.name)
      case .service: .item(ItemRef(kind: .service, name: o.name))
      case .app: .item(ItemRef(kind: .app, name: o.name))
      }
    }
    func owner(_ n: DependencyGraph.Node) -> Owner? {
      switch n {
      case .machine(let m): Owner(kind: .machine, name: m)
      case .item(let ref) where ref.kind == .service: Owner(kind: .service, name: ref.name)
      case .item(let ref) where ref.kind == .app: Owner(kind: .app, name: ref.name)
      default: nil
      }
    }
    func probedDown(_ n: DependencyGraph.Node) -> Bool { owner(n).flatMap { state[$0] } == .down }
    // The simulation with every probed-down machine down says what that alone takes down.
    let domains = lab.failureDomains(at: .today)
    let down = domains.filter { d in
      [.machine, .hypervisor, .vm].contains(d.kind) && state[Owner(kind: .machine, name: d.name)] == .down
    }
    let simulated = LabCheck.simulate(lab, Scenario(down: down, horizon: .today))
    var simDown: Set<DependencyGraph.Node> = []
    for v in simulated.items where v.verdict == .down { simDown.insert(.item(v.ref)) }

    var failedMemo: [DependencyGraph.Node: Bool] = [:]
    var visiting: Set<DependencyGraph.Node> = []
    func failed(_ n: DependencyGraph.Node) -> Bool {
      if let known = failedMemo[n] { return known }
      guard visiting.insert(n).inserted else { return false }
      defer { visiting.remove(n) }
      let value = probedDown(n) || explained(n)
      failedMemo[n] = value
      return value
    }
    /// Down because of what it needs: a hard input failed, or the simulation takes it down.
    func explained(_ n: DependencyGraph.Node) -> Bool {
      if simDown.contains(n) { return true }
      return graph.parents(of: n).contains { $0.hard && failed($0.node) }
    }
    func roots(_ n: DependencyGraph.Node, _ seen: inout Set<DependencyGraph.Node>) -> Set<DependencyGraph.Node> {
      var out: Set<DependencyGraph.Node> = []
      for edge in graph.parents(of: n) where failed(edge.node) && seen.insert(edge.node).inserted {
        if probedDown(edge.node) && !explained(edge.node) {
          out.insert(edge.node)
        } else {
          out.formUnion(roots(edge.node, &seen))
        }
      }
      return out
    }

    var entries: [StatusEntry] = []
    var findings: [String] = []
    for (o, checks) in byOwner.sorted(by: { $0.key < $1.key }) {
      let n = node(o)
      var entry = StatusEntry(
        owner: o, state: state[o] ?? .up, checks: checks.sorted { $0.name < $1.name }, impactedBy: [],
        impossible: nil)
      var seen: Set<DependencyGraph.Node> = [n]
      let causes = roots(n, &seen).sorted().map(\.name)
      if entry.state == .down, explained(n) {
        entry.impactedBy = causes.isEmpty ? [] : causes
      } else if entry.state != .down, explained(n), !causes.isEmpty {
        entry.impossible =
          "\(o.name) answers, but the model says it cannot while \(causes.joined(separator: ", ")) "
          + (causes.count == 1 ? "is" : "are") + " down"
        findings.append(entry.impossible!)
      }
      for c in checks { if let d = c.disagreement { findings.append("\(o.name)/\(c.name): instances disagree: \(d)") } }
      entries.append(entry)
    }
    var incidents: [Incident] = []
    for e in entries where e.isRootCause {
      let impacted = entries.filter { $0.impactedBy.contains(e.owner.name) }.map(\.owner)
      let reason = e.checks.first { $0.state == .down }?.reason
      incidents.append(Incident(root: e.owner, reason: reason, impacted: impacted))
    }
    self.entries = entries
    self.incidents = incidents
    self.findings = findings
  }
}
