import LabModel

/// No single point of failure on the critical path without a mitigation queued.
///
/// A service is on the critical path when it is marked `critical` or another service
/// depends on it. It is a single point of failure when it is not redundant today: no HA
/// mechanism, or one that has fewer than 2 instances to work with.
public struct SPoFMitigationRule: Rule {
  public let name = "spof-mitigation"
  public let summary = "every non-redundant service that is critical or depended on has a mitigation"
  public let waivable = true
  public let simulatedItem: ItemKind? = .service
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let dependents = lab.dependents
    for s in lab.services where s.status == .live && s.mitigation == nil {
      let users = dependents[s.name] ?? []
      guard s.critical || !users.isEmpty, !lab.isRedundant(s, at: .today) else { continue }
      let why =
        s.critical
        ? "is marked critical" : "is depended on by \(users.map { "'\($0)'" }.joined(separator: ", "))"
      let n = lab.instances(of: s, at: .today)
      let shape = n <= 1 ? "runs as a single instance today" : "runs \(n) instances with no failover ('ha')"
      out.append(
        .error(
          name, "service '\(s.name)' \(shape) and \(why), but has no mitigation queued",
          at: lab.sourceMap.key("services.\(s.name)"), item: s.name,
          notes: ["add 'mitigation: <the next step>', or make it redundant with 'ha'"]))
    }
    return out
  }
}
