import LabModel

/// A virtual IP is only worth having with at least two backends to move between.
public struct VIPBackendsRule: Rule {
  public let name = "vip-backends"
  public let summary = "a VIP has an address and at least 2 live backends"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where s.haKind == .vip {
      let n = lab.instances(of: s, at: .today)
      if s.status == .live, n < 2 {
        out.append(.error(name, "VIP of service '\(s.name)' has \(n) live backend\(n == 1 ? "" : "s"); it needs at least 2 to fail over", at: lab.sourceMap.value("services.\(s.name).runs_on") ?? lab.sourceMap.key("services.\(s.name)"), notes: ["add a backend in 'runs_on'"]))
      }
      if s.ha?.vip == nil {
        out.append(.error(name, "service '\(s.name)' has 'ha.kind: vip' but no 'ha.vip' address", at: lab.sourceMap.value("services.\(s.name).ha")))
      }
    }
    return out
  }
}
