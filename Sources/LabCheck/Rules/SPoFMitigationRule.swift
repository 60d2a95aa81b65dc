import LabModel

/// No single point of failure on the critical path without a mitigation queued.
public struct SPoFMitigationRule: Rule {
  public let name = "spof-mitigation"
  public let summary = "every single-instance service that is critical or depended on has a mitigation"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for s in lab.services where s.status == .live && !lab.isRedundant(s, at: .today) {
      guard s.critical || lab.isDependedOn(s), s.mitigation == nil else { continue }
      let why = s.critical ? "is marked critical" : "is depended on by \(lab.services.filter { $0.dependsOn.contains(s.name) }.map { "'\($0.name)'" }.joined(separator: ", "))"
      out.append(.error(name, "service '\(s.name)' runs as a single instance and \(why), but has no mitigation queued", at: lab.sourceMap.key("services.\(s.name)"), notes: ["add 'mitigation: <the next step>' or make it redundant ('ha')"]))
    }
    return out
  }
}
