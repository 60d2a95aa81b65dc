import LabModel

/// Nothing that exists today may stand on something that exists only in the plan.
///
/// A thing exists today when its status is `live` or `offline`; `planned` things are
/// counted only with the plan. A live cluster may list planned nodes: they join when the
/// plan lands and count only then (etcd-quorum checks both horizons).
public struct PlannedNotTodayRule: Rule {
  public let name = "planned-not-today"
  public let summary = "nothing that exists today rests on a planned site, machine, VLAN or cluster"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    func sitePlanned(_ s: String?) -> Bool { s.flatMap { lab.site(named: $0) }?.status == .planned }
    for (i, link) in lab.links.enumerated() where link.status != .planned {
      for (j, s) in link.between.enumerated() where sitePlanned(s) {
        out.append(
          .error(
            name, "a \(link.status.word) link joins site '\(s)', which is only planned",
            at: lab.sourceMap.value("links.\(i).between.\(j)"), item: "links.\(i)",
            notes: ["mark the link 'status: planned'"]))
      }
    }
    for m in lab.machines where m.status != .planned {
      let p = "machines.\(m.name)"
      if let s = m.site, sitePlanned(s) {
        out.append(
          .error(
            name, "machine '\(m.name)' is \(m.status.word) but its site '\(s)' is only planned",
            at: lab.sourceMap.value("\(p).site"), item: m.name,
            notes: ["mark the machine 'status: planned', or the site live"]))
      }
      if let h = m.runsOn, lab.machine(named: h)?.status == .planned {
        out.append(
          .error(
            name, "VM '\(m.name)' is \(m.status.word) but its hypervisor '\(h)' is only planned",
            at: lab.sourceMap.value("\(p).runs_on"), item: m.name, notes: ["mark the VM 'status: planned'"]))
      }
      if let v = m.vlan, lab.vlan(named: v)?.status == .planned {
        out.append(
          .error(
            name, "machine '\(m.name)' is \(m.status.word) but its VLAN '\(v)' is only planned",
            at: lab.sourceMap.value("\(p).vlan"), item: m.name,
            notes: ["mark the machine 'status: planned', or the VLAN live"]))
      }
    }
    for c in lab.clusters where c.status != .planned {
      if let s = c.site, sitePlanned(s) {
        out.append(
          .error(
            name, "cluster '\(c.name)' is \(c.status.word) but its site '\(s)' is only planned",
            at: lab.sourceMap.value("clusters.\(c.name).site"), item: c.name,
            notes: ["mark the cluster 'status: planned'"]))
      }
    }
    for s in lab.services where s.status != .planned {
      if let d = onlyPlanned(s.runsOn, lab) {
        out.append(
          .error(
            name, "service '\(s.name)' is \(s.status.word) but runs only on planned \(d)",
            at: lab.sourceMap.value("services.\(s.name).runs_on"), item: s.name,
            notes: ["mark the service 'status: planned', or run it somewhere that exists today"]))
      }
    }
    for a in lab.apps where a.status != .planned {
      if let c = a.cluster, lab.isPlanned(cluster: c) {
        out.append(
          .error(
            name, "app '\(a.name)' is \(a.status.word) but its cluster '\(c)' is only planned",
            at: lab.sourceMap.value("apps.\(a.name).cluster"), item: a.name, notes: ["mark the app 'status: planned'"]))
      }
      if let d = onlyPlanned(a.runsOn, lab) {
        out.append(
          .error(
            name, "app '\(a.name)' is \(a.status.word) but runs only on planned \(d)",
            at: lab.sourceMap.value("apps.\(a.name).runs_on"), item: a.name, notes: ["mark the app 'status: planned'"]))
      }
    }
    return out
  }

  /// When every declared place in `runsOn` is planned, names them; unknown places are
  /// left to unknown-reference.
  private func onlyPlanned(_ runsOn: [String], _ lab: Lab) -> String? {
    let known = runsOn.filter { lab.isKnown(place: $0) }
    guard !known.isEmpty, known.allSatisfy({ lab.isPlanned(place: $0) }) else { return nil }
    return (known.count == 1 ? "place " : "places ") + known.map { "'\($0)'" }.joined(separator: ", ")
  }
}
