import LabModel

/// The only web way in must not hang on one process.
public struct TunnelReplicasRule: Rule {
  public let name = "tunnel-replicas"
  public let summary = "an outbound tunnel runs at least 2 replicas wherever it runs, today and with the plan"
  public let waivable = true
  public let simulatedItem: ItemKind? = .service
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var names = Set(lab.firewall.ingress.filter { $0.kind == .tunnel }.compactMap(\.service))
    for s in lab.services where s.exposes == "tunnel" { names.insert(s.name) }
    var out: [Diagnostic] = []
    for s in lab.services where names.contains(s.name) {
      let at = lab.sourceMap.exactValue("services.\(s.name).replicas") ?? lab.sourceMap.key("services.\(s.name)")
      let today = lab.replicasPerPlace(of: s, at: .today)
      let plan = lab.replicasPerPlace(of: s, at: .plan)
      if s.status == .live, today < 2 {
        out.append(
          .error(
            name, "tunnel '\(s.name)' runs \(today.counted("replica")) per place today; it needs at least 2",
            at: at, item: s.name, notes: ["set 'replicas: 2' so a restart or a lost node does not cut the way in"]))
      } else if plan < 2, s.status != .live || plan != today {
        out.append(
          .error(
            name, "with the plan, tunnel '\(s.name)' runs \(plan.counted("replica")) per place; it needs at least 2",
            at: lab.sourceMap.exactValue("services.\(s.name).planned_replicas") ?? at, item: s.name,
            notes: ["set 'planned_replicas' to 2 or more"]))
      }
    }
    return out
  }
}
