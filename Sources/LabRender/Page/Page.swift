import LabModel
import Plot

/// The page: header, status banner, hero figures, then the numbered sections.
enum Page {
  static func html(_ lab: Lab, audience: Audience, sections: [PageSection], views: LabViews) -> String {
    let intro = Prose.section(lab, "intro", audience: audience, facts: views.facts)
    let title = [lab.meta.name, lab.meta.tagline].compactMap { $0 }.joined(separator: " — ")
    let html = HTML(
      .lang(.english),
      .head(
        .meta(.charset(.utf8)),
        .element(named: "title", text: title),
        .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
        // Plot does not escape attribute values; anything from the spec is escaped here.
        .meta(.name("description"), .content(esc(lab.meta.tagline ?? lab.meta.name))),
        .meta(.name("color-scheme"), .content("light dark")),
        .link(.rel(.stylesheet), .href("style.css")),
        // No icon to fetch: without this a browser asks for /favicon.ico and logs a 404.
        .link(.rel(.icon), .href("data:,"))
      ),
      .body(
        .a(.class("skip"), .href("#main"), .text("Skip to the content")),
        .header(
          .class("masthead"),
          .p(.class("wordmark"), .text(lab.meta.name)),
          .unwrap(lab.meta.tagline) { .h1(.text(PageSection.unbroken($0))) },
          .unwrap(
            intro.map { Prose.html($0.body) }
              ?? lab.meta.intro.map { Prose.html(Prose.fill($0, views.facts, audience)) }
          ) {
            .div(.class("intro prose"), .raw($0))
          },
          .forEach(banners(lab)) { text in
            .div(.class("banner"), .attribute(named: "role", value: "status"), .p(.raw(text)))
          },
          .ul(
            .class("hero"),
            .forEach(views.hero) { f in
              .li(
                .span(.class("fig"), .text("\(f.today)")),
                .span(.class("what"), .text(f.label)),
                .unwrap(f.planText) { .span(.class("plan"), .text($0)) }
              )
            }
          )
        ),
        .nav(
          .class("toc"), .attribute(named: "aria-label", value: "Sections"),
          .ol(
            .forEach(sections.enumerated().map { ($0 + 1, $1) }) { number, section in
              .li(
                .a(
                  .href("#\(section.id)"), .span(.class("num"), .text(number < 10 ? "0\(number)" : "\(number)")),
                  .text(" " + section.navLabel)))
            })
        ),
        .element(
          named: "main", nodes: [.id("main")] + sections.enumerated().map { $1.node(number: $0 + 1) }),
        .footer(
          .class("colophon"),
          .p(
            .text("Rendered by labctl from "), .code("lab.yaml"),
            .unwrap(lab.meta.inventory) { .group(.text(" and the inventory "), .code(.text($0))) },
            .text(". Every figure, diagram and list on this page is computed from the model. "),
            .text(
              audience == .public ? "Public view: posture, not addresses. " : "Internal view: addresses included. "),
            .a(.href("lab.json"), .text("lab.json"))
          )
        )
      )
    )
    return html.render() + "\n"
  }

  /// A banner for each site that is not up, in the seed's words.
  static func banners(_ lab: Lab) -> [String] {
    lab.sites.filter { $0.status == .offline }.map { site in
      let name = (site.title ?? site.name)
      let waiting = lab.machines.filter { $0.site == site.name }.count
      let clusters = lab.clusters.filter { $0.site == site.name }.map(\.name)
      var parts = ["<strong>The \(esc(name.lowercased())) AZ is offline.</strong>"]
      if let note = site.note { parts.append(esc(note)) }
      var what: [String] = []
      if waiting > 0 { what.append(Words.count(waiting, "machine")) }
      if !clusters.isEmpty { what.append(Words.noun(clusters.count, "cluster") + " " + esc(Words.list(clusters))) }
      // Where today's clusters run while it is away: "prod is running on one AZ until it's back", from the model.
      let live = lab.sites.filter { $0.status == .live }
      let running = lab.clusters(at: .today).map(\.name)
      if live.count == 1, !running.isEmpty {
        parts.append(
          "\(esc(Words.list(running))) \(running.count == 1 ? "is" : "are") running on one AZ until it's back.")
      }
      if !what.isEmpty { parts.append("\(Words.capitalizedFirst(Words.list(what))) wait on it.") }
      parts.append("Everything below shows the current state next to the plan.")
      return parts.joined(separator: " ")
    }
  }

  static func esc(_ s: String) -> String { XMLNode.escape(s, quote: true) }
}
