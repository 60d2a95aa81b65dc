import LabModel

/// Services cannot depend on themselves, directly or through others; VMs cannot host themselves.
public struct DependencyCycleRule: Rule {
  public let name = "dependency-cycle"
  public let summary = "service dependencies and VM hosting form no cycle"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    serviceCycles(lab) + hostCycles(lab)
  }

  /// Depth-first over `depends_on`, without recursion so a long chain cannot exhaust the stack.
  private func serviceCycles(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var state: [String: Int] = [:]  // 1 on the current path, 2 done
    for root in lab.services where state[root.name] == nil {
      var stack: [(name: String, next: Int)] = [(root.name, 0)]
      var path: [String] = [root.name]
      var position: [String: Int] = [root.name: 0]
      state[root.name] = 1
      while let top = stack.last {
        let deps = lab.service(named: top.name)?.dependsOn ?? []
        guard top.next < deps.count else {
          state[top.name] = 2
          position[top.name] = nil
          stack.removeLast()
          path.removeLast()
          continue
        }
        stack[stack.count - 1].next += 1
        let d = deps[top.next]
        guard lab.service(named: d) != nil else { continue }
        switch state[d] {
        case 1:
          let cycle = path[(position[d] ?? 0)...] + [d]
          out.append(
            .error(
              name, "services depend on each other in a cycle: \(cycle.joined(separator: " → "))",
              at: lab.sourceMap.value("services.\(top.name).depends_on.\(top.next)"), item: top.name,
              notes: ["break the cycle: one of these must come up without the other"]))
        case 2: continue
        default:
          state[d] = 1
          position[d] = path.count
          path.append(d)
          stack.append((d, 0))
        }
      }
    }
    return out
  }

  /// Each machine has at most one host, so following `runs_on` finds every cycle once.
  private func hostCycles(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var walk: [String: Int] = [:]  // which walk first visited the machine
    for (w, m) in lab.machines.enumerated() where walk[m.name] == nil {
      var chain: [String] = []
      var current = m.name
      while let machine = lab.machine(named: current), walk[current] == nil {
        walk[current] = w
        chain.append(current)
        guard let host = machine.runsOn else { break }
        if walk[host] == w, let start = chain.firstIndex(of: host) {
          let cycle = chain[start...] + [host]
          out.append(
            .error(
              name, "machines run on each other in a cycle: \(cycle.joined(separator: " → "))",
              at: lab.sourceMap.value("machines.\(current).runs_on"), item: current,
              notes: ["a VM's 'runs_on' names the hypervisor it runs on; the chain must end on hardware"]))
          break
        }
        current = host
      }
    }
    return out
  }
}
