import LabModel

/// A live thing cannot stand on something that exists only in the plan.
public struct PlannedNotTodayRule: Rule {
  public let name = "planned-not-today"
  public let summary = "nothing live rests on a planned machine, cluster or site"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    func planned(_ status: Status?) -> Bool { status == .planned }
    for m in lab.machines where m.status == .live {
      if let s = m.site, planned(lab.sites[named: s]?.status) {
        out.append(.error(name, "machine '\(m.name)' is live but its site '\(s)' is only planned", at: lab.sourceMap.value("machines.\(m.name).site"), notes: ["mark the machine 'status: planned', or the site live"]))
      }
      if let h = m.runsOn, planned(lab.machines[named: h]?.status) {
        out.append(.error(name, "VM '\(m.name)' is live but its hypervisor '\(h)' is only planned", at: lab.sourceMap.value("machines.\(m.name).runs_on"), notes: ["mark the VM 'status: planned'"]))
      }
    }
    for c in lab.clusters where c.status == .live {
      if let s = c.site, planned(lab.sites[named: s]?.status) {
        out.append(.error(name, "cluster '\(c.name)' is live but its site '\(s)' is only planned", at: lab.sourceMap.value("clusters.\(c.name).site")))
      }
      for n in c.nodes where planned(lab.machines[named: n.name]?.status) {
        out.append(.error(name, "live cluster '\(c.name)' counts planned machine '\(n.name)' as a node today", at: lab.sourceMap.key("clusters.\(c.name).nodes.\(n.name)"), notes: ["planned machines join a planned cluster, or wait until they are live"]))
      }
    }
    for s in lab.services where s.status == .live && !s.runsOn.isEmpty {
      let live = s.runsOn.contains { lab.runs(machine: $0, at: .plan) && lab.machines[named: $0]?.status != .planned || (lab.clusters[named: $0].map { $0.status != .planned } ?? false) }
      if !live {
        out.append(.error(name, "service '\(s.name)' is live but runs only on planned places", at: lab.sourceMap.value("services.\(s.name).runs_on"), notes: ["mark the service 'status: planned'"]))
      }
    }
    return out
  }
}
