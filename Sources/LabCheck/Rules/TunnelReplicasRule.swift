import LabModel

/// The only web way in must not hang on one process.
public struct TunnelReplicasRule: Rule {
  public let name = "tunnel-replicas"
  public let summary = "an outbound tunnel runs at least 2 replicas wherever it runs"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var names = Set(lab.firewall.ingress.filter { $0.kind == .tunnel }.compactMap(\.service))
    for s in lab.services where s.exposes == "tunnel" { names.insert(s.name) }
    var out: [Diagnostic] = []
    for s in lab.services where names.contains(s.name) && s.status == .live {
      let n = lab.replicasPerPlace(of: s, at: .today)
      if n < 2 {
        out.append(.error(name, "tunnel '\(s.name)' runs \(n) replica\(n == 1 ? "" : "s") per place; it needs at least 2", at: lab.sourceMap.value("services.\(s.name).replicas") ?? lab.sourceMap.key("services.\(s.name)"), notes: ["set 'replicas: 2'"]))
      }
    }
    return out
  }
}
