import LabModel

/// A virtual IP is only worth having with at least two backends to move between.
///
/// Backends are counted at each horizon: today, only those that run today (live, on a
/// site that is up); with the plan, all of them.
public struct VIPBackendsRule: Rule {
  public let name = "vip-backends"
  public let summary = "a VIP has an address and at least 2 backends, today and with the plan"
  public let waivable = true
  public let simulatedItem: ItemKind? = .service
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where s.haKind == .vip {
      let at = lab.sourceMap.exactValue("services.\(s.name).runs_on") ?? lab.sourceMap.key("services.\(s.name)")
      let today = lab.instances(of: s, at: .today)
      let plan = lab.instances(of: s, at: .plan)
      if s.status == .live, today < 2 {
        out.append(
          .error(
            name,
            "VIP of service '\(s.name)' has \(today.counted("live backend")) today; it needs at least 2 to fail over",
            at: at, item: s.name, notes: [hint(s, lab)]))
      } else if plan < 2, s.status != .live || plan != today {
        out.append(
          .error(
            name, "with the plan, VIP of service '\(s.name)' has \(plan.counted("backend")); it needs at least 2",
            at: at, item: s.name, notes: ["add a backend to 'runs_on'"]))
      }
      if s.ha?.vip == nil {
        out.append(
          .error(
            name, "service '\(s.name)' has 'ha.kind: vip' but no 'ha.vip' address",
            at: lab.sourceMap.value("services.\(s.name).ha"), item: s.name, notes: ["add 'vip: <address>' under 'ha'"]))
      }
    }
    return out
  }

  private func hint(_ s: Service, _ lab: Lab) -> String {
    let down = s.runsOn.filter { lab.machine(named: $0) != nil && !lab.runs(machine: $0, at: .today) }
    if down.isEmpty { return "add a backend to 'runs_on'" }
    let names = down.map { "'\($0)'" }.joined(separator: ", ")
    return "not counted today: \(names) (planned, offline or on a site that is down)"
  }
}
