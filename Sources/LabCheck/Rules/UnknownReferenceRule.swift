import LabModel

/// Every name a spec mentions must be declared: machines, sites, VLANs, clusters, services.
public struct UnknownReferenceRule: Rule {
  public let name = "unknown-reference"
  public let summary = "every machine, site, tier, VLAN, cluster and service named is declared"
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    /// Names of one kind: a set to test, the declaration order for hints.
    struct Names {
      var list: [String]
      var set: Set<String>
      init(_ list: [String]) {
        self.list = list
        set = Set(list)
      }
    }
    func expect(
      _ value: String?, in candidates: Names, kind: String, at path: @autoclosure () -> String, isKey: Bool = false
    ) {
      guard let value, !candidates.set.contains(value) else { return }
      let path = path()
      out.append(
        .error(
          name, "unknown \(kind) '\(value)'", at: isKey ? lab.sourceMap.key(path) : lab.sourceMap.value(path),
          item: value,
          notes: hint(value, candidates.list, kind)))
    }
    let machines = Names(lab.machines.names)
    let clusters = Names(lab.clusters.names)
    let places = Names(machines.list + clusters.list)
    let sites = Names(lab.sites.names)
    let vlans = Names(lab.vlans.names)
    let services = Names(lab.services.names)
    let tiers = Names(lab.tiers.names)
    let layers = Names(lab.layers.names)
    let categories = Names(lab.categories.names)
    for (i, link) in lab.links.enumerated() {
      for (j, s) in link.between.enumerated() { expect(s, in: sites, kind: "site", at: "links.\(i).between.\(j)") }
    }
    for m in lab.machines {
      let p = "machines.\(m.name)"
      if !lab.tiers.isEmpty { expect(m.tier, in: tiers, kind: "tier", at: "\(p).tier") }
      expect(m.site, in: sites, kind: "site", at: "\(p).site")
      expect(m.vlan, in: vlans, kind: "VLAN", at: "\(p).vlan")
      expect(m.runsOn, in: machines, kind: "machine", at: "\(p).runs_on")
    }
    for c in lab.clusters {
      expect(c.site, in: sites, kind: "site", at: "clusters.\(c.name).site")
      for n in c.nodes where !machines.set.contains(n.name) {
        out.append(
          .error(
            name, "unknown machine '\(n.name)' in cluster '\(c.name)'",
            at: lab.sourceMap.key("clusters.\(c.name).nodes.\(n.name)"), item: n.name,
            notes: Suggestion.hint(for: n.name, in: machines.list)))
      }
    }
    for s in lab.services {
      let p = "services.\(s.name)"
      for (i, target) in s.runsOn.enumerated() {
        expect(target, in: places, kind: "machine or cluster", at: "\(p).runs_on.\(i)")
      }
      for (i, d) in s.dependsOn.enumerated() { expect(d, in: services, kind: "service", at: "\(p).depends_on.\(i)") }
      expect(s.layer, in: layers, kind: "layer", at: "\(p).layer")
      if !lab.categories.isEmpty { expect(s.category, in: categories, kind: "category", at: "\(p).category") }
      expect(s.ha?.with, in: services, kind: "service", at: "\(p).ha.with")
    }
    for a in lab.apps {
      let p = "apps.\(a.name)"
      expect(a.cluster, in: clusters, kind: "cluster", at: "\(p).cluster")
      expect(a.vlan, in: vlans, kind: "VLAN", at: "\(p).vlan")
      for (i, t) in a.runsOn.enumerated() { expect(t, in: places, kind: "machine or cluster", at: "\(p).runs_on.\(i)") }
      if !lab.categories.isEmpty { expect(a.category, in: categories, kind: "category", at: "\(p).category") }
    }
    for (i, r) in lab.firewall.allow.enumerated() {
      expect(r.from, in: vlans, kind: "VLAN", at: "firewall.allow.\(i).from")
      expect(r.to, in: vlans, kind: "VLAN", at: "firewall.allow.\(i).to")
    }
    for (i, ing) in lab.firewall.ingress.enumerated() {
      for (j, t) in ing.to.enumerated() {
        expect(t, in: machines, kind: "machine", at: "firewall.ingress.\(i).to.\(j)")
      }
      expect(ing.service, in: services, kind: "service", at: "firewall.ingress.\(i).service")
    }
    if let d = lab.delivery {
      for (i, st) in d.stages.enumerated() {
        expect(st.cluster, in: clusters, kind: "cluster", at: "delivery.stages.\(i).cluster")
      }
      for env in d.promotion.keys.sorted() {
        expect(env, in: clusters, kind: "cluster", at: "delivery.promotion.\(env)", isKey: true)
      }
      for cluster in d.paths.keys.sorted() {
        expect(cluster, in: clusters, kind: "cluster", at: "delivery.paths.\(cluster)", isKey: true)
      }
    }
    if !lab.categories.isEmpty {
      for g in lab.tools {
        expect(g.category, in: categories, kind: "category", at: "tools.\(g.category)", isKey: true)
      }
    }
    if let inv = lab.inventory {
      let groups = Names(inv.groups.names)
      for r in lab.roster where !groups.set.contains(r.name) {
        out.append(
          .error(
            name, "roster describes group '\(r.name)', which the inventory \(inv.source) does not have",
            at: lab.sourceMap.key("roster.\(r.name)"), item: r.name,
            notes: Suggestion.hint(for: r.name, in: groups.list)))
      }
    }
    return out
  }

  /// "did you mean", or where such a name would be declared.
  private func hint(_ value: String, _ candidates: [String], _ kind: String) -> [String] {
    let close = Suggestion.hint(for: value, in: candidates)
    if !close.isEmpty { return close }
    let section = Self.sections[kind].map { " under \($0)" } ?? ""
    return ["no \(kind) of that name is declared; declare it\(section) or fix the name"]
  }

  private static let sections = [
    "site": "'sites'", "tier": "'tiers'", "VLAN": "'vlans'", "machine": "'machines'", "cluster": "'clusters'",
    "machine or cluster": "'machines' or 'clusters'", "service": "'services'", "layer": "'layers'",
    "category": "'categories'",
  ]
}
