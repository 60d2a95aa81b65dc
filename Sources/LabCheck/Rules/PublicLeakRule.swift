import LabModel

/// No address typed into free text: a tagline, a note, a role, a VLAN's `holds`, an ingress name, a
/// service summary… The public page shows such text with the address `[redacted]`, which reads badly;
/// the internal one shows it. Say it with a name, or put the address in the field made for it.
/// An inventory host named by its address is reported too: the public roster cannot name it.
public struct PublicLeakRule: Rule {
  public let name = "public-leak"
  public let summary = "no address in free text (the public page would show it redacted)"
  public let waivable = true
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (path, text) in Self.freeText(lab, where: AddressText.containsAddress) {
      out.append(
        .warning(
          name, "'\(path)' holds an address: '\(text)'", at: lab.sourceMap.value(path), item: path,
          notes: [
            "the public page shows it as '\(AddressText.replacingAddresses(in: text, with: AddressText.redacted))'; "
              + "name the thing instead, or move the address to an address field"
          ]))
    }
    for host in lab.inventory?.hosts ?? [] where AddressText.containsAddress(host) {
      out.append(
        .warning(
          name, "inventory host '\(host)' is named by its address", at: lab.sourceMap.value("lab.inventory"),
          item: host,
          notes: ["the public roster shows it as '\(AddressText.redacted)'; name the host and set ansible_host"]))
    }
    return out
  }

  /// The free-text fields of the spec that `keep` keeps, with their paths, in the spec's order; a path is
  /// built only for a field kept.
  static func freeText(_ lab: Lab, where keep: (String) -> Bool) -> [(path: String, text: String)] {
    var out: [(path: String, text: String)] = []
    func field(_ path: @autoclosure () -> String, _ text: String?) {
      if let text, keep(text) { out.append((path(), text)) }
    }
    field("lab.tagline", lab.meta.tagline)
    field("lab.intro", lab.meta.intro)
    for (i, p) in lab.meta.principles.enumerated() {
      field("lab.principles.\(i).title", p.title)
      field("lab.principles.\(i).text", p.text)
    }
    for s in lab.sites {
      field("sites.\(s.name).title", s.title)
      field("sites.\(s.name).note", s.note)
    }
    for (i, l) in lab.links.enumerated() { field("links.\(i).via", l.via) }
    for t in lab.tiers {
      field("tiers.\(t.name).title", t.title)
      field("tiers.\(t.name).subtitle", t.subtitle)
    }
    for m in lab.machines {
      field("machines.\(m.name).model", m.model)
      field("machines.\(m.name).role", m.role)
      field("machines.\(m.name).os", m.os)
    }
    for c in lab.clusters { field("clusters.\(c.name).title", c.title) }
    for v in lab.vlans {
      field("vlans.\(v.name).title", v.title)
      field("vlans.\(v.name).short", v.short)
      field("vlans.\(v.name).holds", v.holds)
    }
    for (i, r) in lab.firewall.allow.enumerated() { field("firewall.allow.\(i).note", r.note) }
    for (i, g) in lab.firewall.ingress.enumerated() {
      field("firewall.ingress.\(i).name", g.name)
      field("firewall.ingress.\(i).note", g.note)
    }
    for s in lab.services {
      field("services.\(s.name).title", s.title)
      field("services.\(s.name).short", s.short)
      field("services.\(s.name).summary", s.summary)
      field("services.\(s.name).mitigation", s.mitigation)
      field("services.\(s.name).ha.via", s.ha?.via)
    }
    for a in lab.apps { field("apps.\(a.name).title", a.title) }
    for (i, s) in (lab.delivery?.stages ?? []).enumerated() {
      field("delivery.stages.\(i).title", s.title)
      field("delivery.stages.\(i).detail", s.detail)
    }
    for r in lab.roster {
      field("roster.\(r.name).title", r.title)
      field("roster.\(r.name).text", r.text)
    }
    for g in lab.tools {
      for (i, tool) in g.tools.enumerated() { field("tools.\(g.category).\(i)", tool) }
    }
    for w in lab.waivers { field("\(w.path).reason", w.reason) }
    return out
  }
}
