import LabModel

extension Evaluator {
  /// The item's state from the current machines and the states of what it reads.
  func evaluate(_ i: Int) -> ItemState {
    let item = model.items[i]
    switch item.kind {
    case .cluster: return evaluateCluster(item)
    case .service, .app, .ingress: return evaluateWorkload(i, item)
    }
  }

  /// etcd's arithmetic: a majority of voters on one side keeps quorum; tolerance ⌊(n−1)/2⌋.
  private func evaluateCluster(_ item: SimItem) -> ItemState {
    guard !item.nodes.isEmpty else { return ItemState(verdict: .ok, detail: "no nodes declared", mask: full) }
    var up: [Bool] = []
    var masks: [UInt64] = []
    var lostChains: [[String]] = []
    for n in item.nodes {
      if n.machine >= 0 {
        up.append(machineDown[n.machine] == nil)
        masks.append(mask(machine: n.machine))
        if let c = machineDown[n.machine] { lostChains.append(c) }
      } else {
        let chain = n.site >= 0 ? siteDown[n.site] : nil
        up.append(chain == nil)
        masks.append(n.site >= 0 ? siteMask[n.site] : full)
        if let c = chain { lostChains.append(c + ["\(n.name) down"]) }
      }
    }
    let voters = item.nodes.indices.filter { item.nodes[$0].voter }
    let members = voters.isEmpty ? Array(item.nodes.indices) : voters
    let n = members.count
    let quorum = n / 2 + 1
    let (best, winner) = bestSide(members.map { (up[$0] ? 1 : 0, masks[$0]) }, need: voters.isEmpty ? 1 : quorum)
    let split = !cutLinks.isEmpty && members.contains { up[$0] && masks[$0] & winner == 0 }
    for k in item.nodes.indices where split && up[k] && masks[k] & winner == 0 {
      lostChains.append(cutLinks.map { "\($0) down" } + ["\(item.nodes[k].name) cut off"])
    }
    let lost = item.nodes.indices.filter { !up[$0] || masks[$0] & winner == 0 }.count
    let workers = item.nodes.count - voters.count
    let workersUp =
      voters.isEmpty
      ? best
      : item.nodes.indices.filter {
        !item.nodes[$0].voter && up[$0] && masks[$0] & winner != 0
      }.count
    var state = ItemState(verdict: .ok, detail: "", causes: Chains.merge(lostChains), mask: winner, lostNodes: lost)
    if voters.isEmpty {
      state.verdict = best == 0 ? .down : best < n ? .degraded : .ok
      state.detail = "no etcd voter declared; \(best)/\(n) nodes up"
      if best == 0 { state.lostNodes = item.nodes.count }
      return state
    }
    let side = split ? " on one side of the split" : ""
    if best < quorum {
      state.verdict = .down
      state.detail = "etcd \(best)/\(n) voters\(side), quorum lost (needs \(quorum))"
      state.mask = 0
      state.lostNodes = item.nodes.count
      return state
    }
    let tolerance = best - quorum
    if best == n {
      state.detail = "etcd \(n)/\(n) voters, tolerates \(tolerance) more"
    } else {
      state.verdict = .degraded
      state.detail = "etcd \(best)/\(n) voters\(side), quorum held, tolerates \(tolerance) more"
    }
    if workers > 0, workersUp < workers {
      state.verdict = .degraded
      state.detail += "; \(workersUp)/\(workers) workers"
    }
    return state
  }

  /// The largest count on one side of a split, and the sides where it reaches `need`.
  func bestSide(_ members: [(count: Int, mask: UInt64)], need: Int) -> (Int, UInt64) {
    if full == 1 {
      let total = members.reduce(0) { $0 + ($1.mask != 0 ? $1.count : 0) }
      return (total, total >= need ? 1 : 0)
    }
    var best = 0
    var winner: UInt64 = 0
    for bit in 0..<64 where full & (1 << UInt64(bit)) != 0 {
      let b: UInt64 = 1 << UInt64(bit)
      let c = members.reduce(0) { $0 + ($1.mask & b != 0 ? $1.count : 0) }
      best = max(best, c)
      if c >= need { winner |= b }
    }
    return (best, winner)
  }
}
