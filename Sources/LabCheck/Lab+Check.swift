import LabModel

/// Questions the rules ask of the model.
extension Lab {
  /// The physical host at the bottom of a VM chain (a machine's own name if physical).
  func physicalHost(of machine: String) -> String {
    var current = machine
    var seen = Set<String>()
    while let m = self.machine(named: current), let host = m.runsOn, seen.insert(current).inserted {
      current = host
    }
    return current
  }

  /// True when the machine exists only in the plan: it, a hypervisor under it, or
  /// the site of either is planned. Unknown machines are not planned.
  func isPlanned(machine name: String) -> Bool {
    var current = name
    var seen = Set<String>()
    while let m = self.machine(named: current), seen.insert(current).inserted {
      if m.status == .planned { return true }
      if let s = m.site, self.site(named: s)?.status == .planned { return true }
      guard let host = m.runsOn else { return false }
      current = host
    }
    return false
  }

  /// True when the cluster, or its site, exists only in the plan.
  func isPlanned(cluster name: String) -> Bool {
    guard let c = self.cluster(named: name) else { return false }
    if c.status == .planned { return true }
    if let s = c.site, self.site(named: s)?.status == .planned { return true }
    return false
  }

  /// True when a `runs_on` target (machine or cluster) exists only in the plan.
  func isPlanned(place name: String) -> Bool {
    self.machine(named: name) != nil ? isPlanned(machine: name) : isPlanned(cluster: name)
  }

  /// True when a `runs_on` target names a declared machine or cluster.
  func isKnown(place name: String) -> Bool {
    self.machine(named: name) != nil || self.cluster(named: name) != nil
  }

  /// For each service, the services that depend on it, in declaration order.
  var dependents: [String: [String]] {
    var out: [String: [String]] = [:]
    for s in services {
      for d in Set(s.dependsOn) { out[d, default: []].append(s.name) }
    }
    return out
  }
}

extension Status {
  /// `live`, `offline` or `planned`, as written in lab.yaml.
  var word: String { rawValue }
}

extension Int {
  /// `1 backend`, `2 backends`.
  func counted(_ noun: String) -> String { "\(self) \(noun)\(self == 1 ? "" : "s")" }
}
