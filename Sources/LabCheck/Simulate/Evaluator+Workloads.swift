import LabModel

extension Evaluator {
  /// A service, app or ingress path: its dependencies first, then the instances it has left.
  func evaluateWorkload(_ i: Int, _ item: SimItem) -> ItemState {
    var depMask = full
    var downChains: [[String]] = []
    var downDeps: [String] = []
    var dnsDown = false
    var waitingChains: [[String]] = []
    var waitingDeps: [String] = []
    for dep in item.deps {
      let d = state(dep.item)
      let name = model.items[dep.item].name
      if d.verdict == .down || d.mask & depMask == 0 {
        // One path per dependency keeps chains short; the dependency's own verdict lists them all.
        downChains.append((d.causes.first ?? []) + ["\(name) down"])
        if dep.dns { dnsDown = true } else { downDeps.append(name) }
      } else {
        depMask &= d.mask
        if d.verdict == .interrupted {
          waitingChains.append((d.causes.first ?? []) + ["\(name) rescheduled"])
          waitingDeps.append(name)
        }
      }
    }
    if item.kind == .ingress && item.tunnel, let dep = item.deps.first {
      return tunnelIngress(state(dep.item), name: model.items[dep.item].name)
    }
    if !downChains.isEmpty {
      var needs = downDeps.map { "needs \($0), which is down" }
      if dnsDown, let d = model.dns { needs.append("resolves names through \(model.items[d].name), which is down") }
      return ItemState(verdict: .down, detail: needs.joined(separator: "; "), causes: Chains.merge(downChains), mask: 0)
    }
    var up = 0
    var sides: [(count: Int, mask: UInt64)] = []
    var lostChains: [[String]] = []
    var worstCase = false
    var cutOff = false
    // Replicas lost with nodes of a cluster that keeps quorum: Kubernetes reschedules them on the nodes left.
    var rescheduled: [(count: Int, mask: UInt64)] = []
    var reschedulers: [String] = []
    for (p, placement) in item.placements.enumerated() where item.baseline[p] > 0 {
      var u = item.baseline[p]
      var back = 0
      var m: UInt64
      switch placement {
      case .machine(let machine):
        m = mask(machine: machine)
        if let chain = machineDown[machine] {
          u = 0
          lostChains.append(chain)
        } else if let lost = holderLost[i], lost.placement == p {
          u = 0
          lostChains.append(lost.chain)
        }
      case .cluster(let c, let replicas):
        let cs = state(c)
        let cluster = model.items[c]
        m = cs.mask
        if cs.verdict == .down {
          u = 0
          lostChains += cs.causes.isEmpty ? [["\(cluster.name) down"]] : cs.causes.map { $0 + ["\(cluster.name) down"] }
        } else if !item.selfHealing, cs.lostNodes > 0, !cluster.nodes.isEmpty {
          let perNode = (replicas + cluster.nodes.count - 1) / cluster.nodes.count
          let lost = min(replicas, cs.lostNodes * perNode)
          u = replicas - lost
          back = lost
          worstCase = true
          let step = "\(cluster.name) \(cluster.nodes.count - cs.lostNodes)/\(cluster.nodes.count) nodes"
          lostChains += cs.causes.map { $0 + [step] }
          reschedulers.append("the \(cluster.nodes.count - cs.lostNodes) \(cluster.name) nodes left")
        }
      }
      if m & depMask == 0 { back = 0 }
      if back > 0 { rescheduled.append((back, m & depMask)) }
      if m & depMask == 0, u > 0 {
        let unreachable = item.deps.filter { self.state($0.item).mask & m == 0 }.map { model.items[$0.item].name }
        u = 0
        cutOff = true
        lostChains.append(cutLinks.map { "\($0) down" } + ["\(unreachable.joined(separator: ", ")) out of reach"])
      }
      m &= depMask
      up += u
      sides.append((u, m))
    }
    let n = item.total
    var state = ItemState(verdict: .ok, detail: "", causes: [], mask: 0)
    state.mask = sides.reduce(UInt64(0)) { $0 | ($1.count > 0 ? $1.mask : 0) }
    if up < n { state.causes = Chains.merge(lostChains) }
    let spread = worstCase && up < n ? " (worst case: one replica on each lost node)" : ""
    if n == 0 {
      state.verdict = .down
      state.detail = "no instance runs \(model.when)"
      return state
    }
    let coming = rescheduled.reduce(0) { $0 + $1.count }
    let onto = reschedulers.joined(separator: ", ")
    if item.ha == .quorum {
      let quorum = n / 2 + 1
      let (best, winner) = bestSide(sides, need: quorum)
      state.mask = winner
      state.verdict = best < quorum ? .down : best < n ? .degraded : .ok
      state.detail =
        best < quorum
        ? "\(best)/\(n) members, quorum lost (needs \(quorum))"
        : "\(best)/\(n) members, \(best < n ? "quorum held, " : "")tolerates \(best - quorum) more"
      if best < quorum, coming > 0 {
        let (later, side) = bestSide(sides + rescheduled, need: quorum)
        if later >= quorum {
          state.verdict = .interrupted
          state.mask = side
          state.detail += " until Kubernetes reschedules \(coming) on \(onto)"
        }
      }
      return waiting(state, waitingDeps, waitingChains)
    }
    state.verdict = up == 0 ? .down : up < n ? .degraded : .ok
    if up == 0 { state.mask = 0 }
    if up == 0, coming > 0 {
      state.verdict = .interrupted
      state.mask = rescheduled.reduce(UInt64(0)) { $0 | $1.mask }
      state.detail =
        "0/\(n) \(n == 1 ? "replica" : "replicas") until Kubernetes reschedules \(n == 1 ? "it" : "them")"
        + " on \(onto)"
      return waiting(state, waitingDeps, waitingChains)
    }
    let what =
      item.kind == .ingress
      ? "targets"
      : item.placements.contains(where: {
        if case .cluster = $0 { true } else { false }
      }) ? "replicas" : "instances"
    switch (item.ha, item.tunnel, item.kind, state.verdict) {
    case (.vip, _, _, .down): state.detail = "VIP has no live backend (0/\(n))"
    case (.vip, _, _, _): state.detail = "VIP on \(up)/\(n) backends, tolerates \(up - 1) more"
    case (_, true, _, .down): state.detail = "tunnel has no replica (0/\(n))"
    case (_, _, _, .down) where cutOff && lostChains.count == 1:
      state.detail = "no instance can reach what it needs (0/\(n))"
    case (_, _, .ingress, .down): state.detail = "port-forward has no live target (0/\(n))"
    case (_, _, _, .down): state.detail = "no \(n == 1 ? "instance" : what) left (0/\(n))\(spread)"
    case (_, _, _, .ok) where item.selfHealing && what == "replicas":
      state.detail = "\(n)/\(n) replicas, rescheduled by Kubernetes when a node fails"
    default:
      state.detail = "\(up)/\(n) \(what), tolerates \(up - 1) more\(spread)"
    }
    return waiting(state, waitingDeps, waitingChains)
  }

  /// A serving item that needs something Kubernetes is rescheduling is interrupted with it, and back with it.
  private func waiting(_ state: ItemState, _ deps: [String], _ chains: [[String]]) -> ItemState {
    guard !deps.isEmpty, state.verdict < .down else { return state }
    var out = state
    let needs = "needs \(deps.joined(separator: ", ")), which Kubernetes is rescheduling"
    out.detail = state.verdict == .interrupted ? state.detail + "; " + needs : needs
    out.causes = Chains.merge((state.verdict == .interrupted ? state.causes : []) + chains)
    out.verdict = .interrupted
    return out
  }

  private func tunnelIngress(_ s: ItemState, name: String) -> ItemState {
    switch s.verdict {
    case .down:
      return ItemState(
        verdict: .down, detail: "tunnel has no replica", causes: s.causes.map { $0 + ["\(name) down"] }, mask: 0)
    case .interrupted:
      return ItemState(
        verdict: .interrupted, detail: "tunnel out until Kubernetes reschedules its replicas",
        causes: s.causes.map { $0 + ["\(name) rescheduled"] }, mask: s.mask)
    case .degraded:
      return ItemState(verdict: .degraded, detail: "tunnel on fewer replicas", causes: s.causes, mask: s.mask)
    case .ok:
      return ItemState(verdict: .ok, detail: "tunnel up", mask: s.mask)
    }
  }
}
