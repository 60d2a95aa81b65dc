import LabModel

/// Runs a what-if scenario: a verdict for every cluster, service, app and ingress path present at its horizon.
public func simulate(_ lab: Lab, _ scenario: Scenario) -> SimulationResult {
  var simulator = Simulator(lab, horizon: scenario.horizon)
  return simulator.run(scenario.down)
}

/// A lab compiled for one horizon, ready to answer many scenarios quickly.
public struct Simulator: Sendable {
  private var evaluator: Evaluator

  /// Compiles the lab once; each `run` then costs only what its failure reaches
  /// (`incremental: false` re-evaluates everything each time, for comparison).
  public init(_ lab: Lab, horizon: Horizon, incremental: Bool = true) {
    evaluator = Evaluator(SimulationModel(lab, horizon: horizon))
    evaluator.incremental = incremental
  }

  public var horizon: Horizon { evaluator.model.horizon }

  /// True when the domain is present at the horizon: what `Lab.failureDomains(at:)` answers, from the index.
  public func isPresent(_ d: FailureDomain) -> Bool {
    let model = evaluator.model
    switch d.kind {
    case .site: return model.siteIndex[d.name].map { model.siteIncluded[$0] } ?? false
    case .link: return model.links.contains { $0.name == d.name && $0.included }
    case .hypervisor, .machine, .vm: return model.machineIndex[d.name].map { model.machineRuns[$0] } ?? false
    case .vipHolder:
      guard let i = model.itemIndex[ItemRef(kind: .service, name: d.target[0])] else { return false }
      return model.items[i].placements.contains { if case .machine(let m) = $0 { model.machineRuns[m] } else { false } }
    }
  }

  /// The verdicts with these domains down.
  public mutating func run(_ down: [FailureDomain]) -> SimulationResult {
    evaluator.reset()
    let effects = evaluator.apply(down)
    let model = evaluator.model
    var items: [ItemVerdict] = []
    var newlyDown: [ItemRef] = []
    var newlyInterrupted: [ItemRef] = []
    for (i, item) in model.items.enumerated() where item.present {
      let s = evaluator.state(i)
      items.append(
        ItemVerdict(kind: item.kind, name: item.name, verdict: s.verdict, detail: s.detail, causes: s.causes))
      if s.verdict == .down && evaluator.baseline[i].verdict != .down {
        newlyDown.append(ItemRef(kind: item.kind, name: item.name))
      }
      if s.verdict == .interrupted && evaluator.baseline[i].verdict < .interrupted {
        newlyInterrupted.append(ItemRef(kind: item.kind, name: item.name))
      }
    }
    return SimulationResult(
      lab: model.labName, horizon: model.horizon, down: effects, items: items, newlyDown: newlyDown,
      newlyInterrupted: newlyInterrupted)
  }

  /// What one scenario changes against the baseline, without building every verdict.
  public mutating func impact(
    of down: [FailureDomain]
  ) -> (down: [ItemRef], interrupted: [ItemRef], degraded: [ItemRef], machines: Int) {
    evaluator.reset()
    let effects = evaluator.apply(down)
    let model = evaluator.model
    var newlyDown: [ItemRef] = []
    var interrupted: [ItemRef] = []
    var degraded: [ItemRef] = []
    for i in evaluator.touchedItems.sorted() where model.items[i].present {
      let s = evaluator.state(i)
      let base = evaluator.baseline[i].verdict
      let ref = ItemRef(kind: model.items[i].kind, name: model.items[i].name)
      if s.verdict == .down && base != .down { newlyDown.append(ref) }
      if s.verdict == .interrupted && base < .interrupted { interrupted.append(ref) }
      if s.verdict == .degraded && base == .ok { degraded.append(ref) }
    }
    return (newlyDown, interrupted, degraded, effects.reduce(0) { $0 + $1.machines.count })
  }
}
