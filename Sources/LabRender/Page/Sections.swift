import LabModel
import Plot

/// The page's numbered sections, in the seed's order, for any lab.
enum Sections {
  static func all(_ lab: Lab, audience: Audience, resilience: Resilience, views: LabViews) -> [PageSection] {
    var out: [PageSection] = []
    if let design = design(lab, audience, views) { out.append(design) }
    for (i, spec) in Diagrams.all(lab, resilience, views).enumerated() {
      out.append(diagram(lab, audience, spec, index: i + 1, views: views))
      if spec.name == "ha", let whatIf = whatIf(lab, audience, resilience, views) { out.append(whatIf) }
    }
    if let roster = roster(lab, audience, views) { out.append(roster) }
    let tools = lab.namedTools
    if !tools.isEmpty { out.append(named(lab, audience, tools, views)) }
    return out
  }

  static func design(_ lab: Lab, _ audience: Audience, _ views: LabViews) -> PageSection? {
    let prose = Prose.section(lab, "principles", audience: audience, facts: views.facts)
    let count =
      prose.map { $0.body.split(separator: "\n").filter { $0.hasPrefix("## ") }.count } ?? lab.meta.principles.count
    guard prose != nil || !lab.meta.principles.isEmpty else { return nil }
    let list: Node<HTML.BodyContext> = .forEach(lab.meta.principles) { p in
      .div(.class("principle"), .h3(.text(p.title)), .p(.text(Prose.fill(p.text, views.facts, audience))))
    }
    var section = PageSection(
      id: "design", label: "How it's designed", heading: "Architecture directions.",
      kicker: "\(Words.capitalized(count)) things the lab is designed around", prose: prose, body: list)
    section.proseHTML = section.proseHTML.map(Prose.cards)
    section.proseClass = "prose principles"
    return section
  }

  static func diagram(_ lab: Lab, _ audience: Audience, _ spec: DiagramSpec, index: Int, views: LabViews) -> PageSection
  {
    let (heading, kicker) = defaults(lab, spec.name, views.summary)
    let wide = spec.draw(lab, audience, Diagrams.wide, "", false).render()
    let narrow = spec.draw(lab, audience, Diagrams.narrow, "-narrow", false).render()
    let body: Node<HTML.BodyContext> = .element(
      named: "figure",
      nodes: [
        .class("diagram-figure"),
        .div(.class("wide"), .raw(wide)),
        .div(.class("narrow"), .raw(narrow)),
        .element(
          named: "figcaption",
          nodes: [.text(spec.caption + " "), .a(.href("diagrams/\(spec.name).svg"), .text("Open the diagram as SVG"))]),
      ])
    return PageSection(
      id: spec.name, label: "Diagram \(index < 10 ? "0" : "")\(index)", heading: heading, kicker: kicker,
      prose: Prose.section(lab, spec.name, audience: audience, facts: views.facts), body: body)
  }

  /// Headings computed from the model when `site/<name>.md` gives none.
  static func defaults(_ lab: Lab, _ name: String, _ summary: Summary) -> (String, String) {
    switch name {
    case "layers":
      ("\(Words.capitalized(lab.layers.count)) layers, one focal plane.", "Infrastructure → workloads")
    case "delivery": ("How a commit becomes a pod.", "GitOps end-to-end")
    case "hardware":
      (
        "What runs where, physically.",
        "\(Words.capitalized(lab.tiers.count)) \(Words.noun(lab.tiers.count, "tier")) · "
          + "\(Words.number(summary.focalMachines.today)) focal "
          + "\(Words.noun(summary.focalMachines.today, "machine")) today"
      )
    case "network":
      (
        "\(Words.capitalized(summary.vlans.today)) \(Words.noun(summary.vlans.today, "VLAN")), one firewall.",
        "Segmentation by trust tier"
      )
    case "ha": ("What's replicated, what isn't (yet).", "Redundant today vs. single-instance today")
    default: (name, "")
    }
  }

  static func roster(_ lab: Lab, _ audience: Audience, _ views: LabViews) -> PageSection? {
    guard let roster = views.roster else { return nil }
    let body: Node<HTML.BodyContext> = .div(
      .class("roster"),
      .forEach(roster.groups) { g in
        .article(
          .class("card"),
          .h3(.text(g.title)),
          .p(.class("count"), .text("\(g.hosts.count)× \(g.name)")),
          .unwrap(g.text) { .p(.text(Prose.fill($0, views.facts, audience))) },
          .ul(
            .class("hosts"),
            .forEach(g.hosts) { host in
              .li(
                .text(host),
                .if(audience == .internal, .unwrap(address(lab, host)) { .span(.class("addr"), .text(" " + $0)) }))
            })
        )
      })
    return PageSection(
      id: "roster", label: "The roster", heading: "The hosts, from the lab's inventory.",
      kicker: "\(roster.hostCount) Ansible-managed hosts",
      prose: Prose.section(lab, "roster", audience: audience, facts: views.facts),
      body: body)
  }

  /// A host's address for the internal audience: the machine's, else the inventory's `ansible_host`.
  static func address(_ lab: Lab, _ host: String) -> String? {
    lab.machine(named: host)?.address?.description ?? lab.inventory?.hostvars[host]?["ansible_host"]?.stringValue
  }

  static func named(_ lab: Lab, _ audience: Audience, _ tools: [ToolCategory], _ views: LabViews) -> PageSection {
    let body: Node<HTML.BodyContext> = .div(
      .class("tools"),
      .forEach(tools) { c in
        .div(
          .class("tool-group"),
          .h3(.text(c.name)),
          .unwrap(c.subtitle) { .p(.class("sub"), .text($0)) },
          .ul(.class("tags"), .forEach(c.tools) { t in .li(.class(t.planned ? "planned" : "tool"), .text(t.name)) })
        )
      })
    return PageSection(
      id: "tools", label: "Named tools", heading: "The stack, in words.", kicker: "Full named-service inventory",
      prose: Prose.section(lab, "tools", audience: audience, facts: views.facts), body: body)
  }
}
