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
    for (path, text) in Self.freeText(lab) where AddressText.containsAddress(text) {
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

  /// Every free-text field of the spec with its path, in the spec's order.
  static func freeText(_ lab: Lab) -> [(String, String)] {
    var out: [(String, String?)] = [("lab.tagline", lab.meta.tagline), ("lab.intro", lab.meta.intro)]
    for (i, p) in lab.meta.principles.enumerated() {
      out += [("lab.principles.\(i).title", p.title), ("lab.principles.\(i).text", p.text)]
    }
    for s in lab.sites { out += [("sites.\(s.name).title", s.title), ("sites.\(s.name).note", s.note)] }
    for (i, l) in lab.links.enumerated() { out.append(("links.\(i).via", l.via)) }
    for t in lab.tiers { out += [("tiers.\(t.name).title", t.title), ("tiers.\(t.name).subtitle", t.subtitle)] }
    for m in lab.machines {
      let p = "machines.\(m.name)"
      out += [("\(p).model", m.model), ("\(p).role", m.role), ("\(p).os", m.os)]
    }
    for c in lab.clusters { out.append(("clusters.\(c.name).title", c.title)) }
    for v in lab.vlans {
      let p = "vlans.\(v.name)"
      out += [("\(p).title", v.title), ("\(p).short", v.short), ("\(p).holds", v.holds)]
    }
    for (i, r) in lab.firewall.allow.enumerated() { out.append(("firewall.allow.\(i).note", r.note)) }
    for (i, g) in lab.firewall.ingress.enumerated() {
      out += [("firewall.ingress.\(i).name", g.name), ("firewall.ingress.\(i).note", g.note)]
    }
    for s in lab.services {
      let p = "services.\(s.name)"
      out += [("\(p).title", s.title), ("\(p).short", s.short), ("\(p).summary", s.summary)]
      out += [("\(p).mitigation", s.mitigation), ("\(p).ha.via", s.ha?.via)]
    }
    for a in lab.apps { out.append(("apps.\(a.name).title", a.title)) }
    for (i, s) in (lab.delivery?.stages ?? []).enumerated() {
      out += [("delivery.stages.\(i).title", s.title), ("delivery.stages.\(i).detail", s.detail)]
    }
    for r in lab.roster { out += [("roster.\(r.name).title", r.title), ("roster.\(r.name).text", r.text)] }
    for g in lab.tools { out += g.tools.enumerated().map { ("tools.\(g.category).\($0.offset)", $0.element) } }
    for w in lab.waivers { out.append(("\(w.path).reason", w.reason)) }
    return out.compactMap { path, text in text.map { (path, $0) } }
  }
}
