import LabModel

/// An item's state in one scenario: its verdict and where it still serves.
struct ItemState: Sendable, Hashable {
  var verdict: Verdict
  var detail: String
  var causes: [[String]] = []
  /// The sides of a network split it serves (one bit per side; 1 when nothing is split).
  var mask: UInt64
  /// For a cluster: nodes lost or cut off, out of `nodes`.
  var lostNodes = 0
}

/// Runs scenarios against a compiled lab: a baseline once, then only what each failure reaches.
struct Evaluator: Sendable {
  let model: SimulationModel
  private(set) var baseline: [ItemState] = []
  var machineDown: [[String]?]
  var touchedMachines: [Int] = []
  var siteDown: [[String]?]
  var overlay: [ItemState?]
  var touchedItems: [Int] = []
  /// VIP service item → the placement whose holder lost the address.
  var holderLost: [Int: (placement: Int, chain: [String])] = [:]
  var siteMask: [UInt64]
  var full: UInt64 = 1
  var cutLinks: [String] = []
  /// False re-evaluates every item for every scenario: the slow baseline the benchmark compares with.
  var incremental = true
  private var buckets: [[Int]]
  private var queued: [Bool]

  init(_ model: SimulationModel) {
    self.model = model
    machineDown = Array(repeating: nil, count: model.machineNames.count)
    siteDown = Array(repeating: nil, count: model.siteNames.count)
    overlay = Array(repeating: nil, count: model.items.count)
    siteMask = Array(repeating: 1, count: model.siteNames.count)
    buckets = Array(repeating: [], count: model.levels)
    queued = Array(repeating: false, count: model.items.count)
    var base: [ItemState] = []
    base.reserveCapacity(model.items.count)
    baseline = base
    for l in 0..<model.levels {
      for i in model.items.indices where model.level[i] == l { overlay[i] = evaluate(i) }
    }
    baseline = overlay.map { $0! }
    overlay = Array(repeating: nil, count: model.items.count)
  }

  /// The state of an item in the current scenario.
  func state(_ i: Int) -> ItemState {
    if let s = overlay[i] { return s }
    // Only a dependency cycle reads an item before the baseline holds it.
    return i < baseline.count ? baseline[i] : ItemState(verdict: .ok, detail: "", mask: full)
  }

  /// The side mask a machine serves from.
  func mask(machine m: Int) -> UInt64 {
    let s = model.machineSite[m]
    return s >= 0 ? siteMask[s] : full
  }

  /// Clears the last scenario, touching only what it changed.
  mutating func reset() {
    for m in touchedMachines { machineDown[m] = nil }
    for i in touchedItems { overlay[i] = nil }
    for s in siteDown.indices where siteDown[s] != nil { siteDown[s] = nil }
    touchedMachines.removeAll(keepingCapacity: true)
    touchedItems.removeAll(keepingCapacity: true)
    holderLost = [:]
    if !cutLinks.isEmpty {
      cutLinks = []
      full = 1
      for s in siteMask.indices { siteMask[s] = 1 }
    }
  }

  /// Takes the domains down and evaluates what they reach; returns what each took.
  mutating func apply(_ domains: [FailureDomain]) -> [DomainEffect] {
    var effects: [DomainEffect] = []
    var seeds: [Int] = []
    for d in domains {
      var took: [Int] = []
      var note: String?
      switch d.kind {
      case .site:
        guard let s = model.siteIndex[d.name], model.siteIncluded[s] else {
          note = "\(d.name) is not live \(model.when)"
          break
        }
        siteDown[s] = ["\(d.name) down"]
        for m in model.siteMachines[s] { takeDown(m, after: ["\(d.name) down"], into: &took) }
        for (i, item) in model.items.enumerated() where item.nodes.contains(where: { $0.machine < 0 && $0.site == s }) {
          seeds.append(i)
        }
      case .hypervisor, .machine, .vm:
        guard let m = model.machineIndex[d.name], model.machineRuns[m] else {
          note = "\(d.name) does not run \(model.when)"
          break
        }
        takeDown(m, after: [], into: &took)
      case .link:
        guard let link = model.links.first(where: { $0.name == d.name }), link.included else {
          note = "\(d.name) carries no traffic \(model.when): a site on it is not live"
          break
        }
        cutLinks.append(link.name)
      case .vipHolder:
        guard let i = model.itemIndex[ItemRef(kind: .service, name: d.target[0])],
          let p = model.items[i].placements.indices.first(where: {
            if case .machine(let m) = model.items[i].placements[$0] { model.machineRuns[m] } else { false }
          }),
          case .machine(let m) = model.items[i].placements[p]
        else {
          note = "\(d.target[0]) has no VIP holder \(model.when)"
          break
        }
        holderLost[i] = (p, ["\(model.machineNames[m]) loses the \(d.target[0]) VIP"])
        seeds.append(i)
      }
      if note == nil, took.isEmpty, d.kind != .link, d.kind != .vipHolder {
        note = "takes no machine that is not down already"
      }
      effects.append(DomainEffect(domain: d, machines: took.sorted().map { model.machineNames[$0] }, note: note))
    }
    for m in touchedMachines { seeds += model.machineUsers[m] }
    if !cutLinks.isEmpty { partition() }
    let everything = !cutLinks.isEmpty || !incremental
    if everything { seeds = Array(model.items.indices) }
    propagate(seeds, everything: everything)
    return effects
  }

  private mutating func takeDown(_ m: Int, after chain: [String], into took: inout [Int]) {
    guard machineDown[m] == nil, model.machineRuns[m] else { return }
    let mine = chain + ["\(model.machineNames[m]) down"]
    machineDown[m] = mine
    touchedMachines.append(m)
    took.append(m)
    for g in model.guests[m] { takeDown(g, after: mine, into: &took) }
  }

  /// Splits the sites into the sides the cut links leave; sites on no live link reach every side.
  private mutating func partition() {
    var parent = Array(model.siteNames.indices)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x { x = parent[x] }
      return x
    }
    var linked = Set<Int>()
    for link in model.links where link.included {
      linked.formUnion([link.a, link.b])
      if !cutLinks.contains(link.name) { parent[find(link.a)] = find(link.b) }
    }
    var side: [Int: Int] = [:]
    for s in model.siteNames.indices where linked.contains(s) {
      let root = find(s)
      if side[root] == nil { side[root] = min(side.count, 63) }
    }
    full = side.count >= 64 ? .max : (1 << UInt64(max(side.count, 1))) - 1
    for s in siteMask.indices {
      siteMask[s] = linked.contains(s) ? 1 << UInt64(side[find(s)]!) : full
    }
  }

  /// Re-evaluates the seeds and whatever their changes reach, level by level.
  private mutating func propagate(_ seeds: [Int], everything: Bool) {
    for i in seeds where !queued[i] {
      queued[i] = true
      buckets[model.level[i]].append(i)
    }
    var l = 0
    while l < buckets.count {
      guard let i = buckets[l].popLast() else {
        l += 1
        continue
      }
      queued[i] = false
      let new = evaluate(i)
      let base = baseline[i]
      let changed = new.verdict != base.verdict || new.mask != base.mask || new.lostNodes != base.lostNodes
      if new != base {
        if overlay[i] == nil { touchedItems.append(i) }
        overlay[i] = new
      }
      guard changed || everything else { continue }
      for u in model.users[i] where !queued[u] && model.level[u] > l {
        queued[u] = true
        buckets[model.level[u]].append(u)
      }
    }
  }
}
