import LabModel

/// Services cannot depend on themselves, directly or through others.
public struct DependencyCycleRule: Rule {
  public let name = "dependency-cycle"
  public let summary = "service dependencies form no cycle"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var state: [String: Int] = [:]  // 1 visiting, 2 done
    var out: [Diagnostic] = []
    func visit(_ name: String, _ stack: [String]) {
      if state[name] == 2 { return }
      if state[name] == 1 {
        let cycle = stack[(stack.firstIndex(of: name) ?? 0)...] + [name]
        out.append(.error(self.name, "services depend on each other in a cycle: \(cycle.joined(separator: " → "))", at: lab.sourceMap.value("services.\(name).depends_on")))
        return
      }
      state[name] = 1
      for d in lab.services[named: name]?.dependsOn ?? [] where lab.services[named: d] != nil { visit(d, stack + [name]) }
      state[name] = 2
    }
    for s in lab.services { visit(s.name, []) }
    return out
  }
}
