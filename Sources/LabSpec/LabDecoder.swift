import LabIO
import LabInventory
import LabModel

/// Turns the composed `lab.yaml` tree into a `Lab`, checking keys and types.
struct LabDecoder {
  let ctx: YAMLContext

  static let topKeys = [
    "version", "lab", "sites", "links", "tiers", "layers", "categories", "machines", "clusters",
    "vlans", "firewall", "services", "apps", "delivery", "roster", "tools", "waivers", "page",
  ]

  func decode(_ root: Node) -> Lab {
    let top = ctx.fields(root, path: "", allowed: Self.topKeys, required: ["lab"])
    if let v = ctx.int(top["version"], path: "version"), v != 1 {
      ctx.error("unsupported spec version \(v); this labctl reads version 1", at: top["version"])
    }
    var lab = Lab(meta: meta(top["lab"]))
    if let page = top["page"] {
      let f = ctx.fields(page, path: "page", allowed: ["show_ports"])
      lab.meta.showPorts = ctx.bool(f["show_ports"], path: "page.show_ports") ?? false
    }
    lab.sites = named(top["sites"], "sites", site)
    lab.links = ctx.sequence(top["links"], path: "links").enumerated().compactMap { link($1, "links.\($0)") }
    lab.tiers = named(top["tiers"], "tiers", tier)
    if top["layers"] != nil { lab.layers = named(top["layers"], "layers", layer) }
    lab.categories = named(top["categories"], "categories") { name, node, path in
      let f = ctx.fields(node, path: path, allowed: ["subtitle"])
      return Category(name: name, subtitle: ctx.string(f["subtitle"], path: "\(path).subtitle"))
    }
    lab.machines = named(top["machines"], "machines", machine)
    lab.clusters = named(top["clusters"], "clusters", cluster)
    lab.vlans = named(top["vlans"], "vlans", vlan)
    lab.firewall = firewall(top["firewall"])
    lab.services = named(top["services"], "services", service)
    lab.apps = named(top["apps"], "apps", app)
    lab.delivery = top["delivery"].map(delivery)
    lab.roster = named(top["roster"], "roster") { name, node, path in
      let f = ctx.fields(node, path: path, allowed: ["title", "text"])
      return RosterEntry(
        name: name, title: ctx.string(f["title"], path: "\(path).title"),
        text: ctx.string(f["text"], path: "\(path).text"))
    }
    lab.tools = ctx.entries(top["tools"] ?? .nothing, path: "tools").map { category, node in
      ToolGroup(category: category, tools: ctx.strings(node, path: "tools.\(category)"))
    }
    lab.waivers = waivers(top["waivers"])
    return lab
  }

  /// Decodes a map keyed by name, keeping declaration order.
  func named<T>(_ node: Node?, _ path: String, _ decode: (String, Node, String) -> T?) -> [T] {
    guard let node else { return [] }
    return ctx.entries(node, path: path, what: "a mapping of names").compactMap { name, value in
      decode(name, value, "\(path).\(name)")
    }
  }

  func status(_ f: Fields, _ path: String) -> Status {
    ctx.enumValue(f["status"], path: "\(path).status", as: Status.self) ?? .live
  }

  func meta(_ node: Node?) -> LabMeta {
    guard let node else { return LabMeta(name: "lab") }
    let f = ctx.fields(
      node, path: "lab",
      allowed: ["name", "tagline", "intro", "domain", "inventory", "prose", "principles"],
      required: ["name"])
    let principles = ctx.sequence(f["principles"], path: "lab.principles").enumerated().map {
      i, item in
      let p = ctx.fields(item, path: "lab.principles.\(i)", allowed: ["title", "text"], required: ["title"])
      return Principle(
        title: ctx.string(p["title"], path: "lab.principles.\(i).title") ?? "",
        text: ctx.string(p["text"], path: "lab.principles.\(i).text") ?? "")
    }
    return LabMeta(
      name: ctx.string(f["name"], path: "lab.name") ?? "lab",
      tagline: ctx.string(f["tagline"], path: "lab.tagline"),
      intro: ctx.string(f["intro"], path: "lab.intro"),
      domain: ctx.string(f["domain"], path: "lab.domain"),
      inventory: ctx.string(f["inventory"], path: "lab.inventory"),
      prose: ctx.string(f["prose"], path: "lab.prose"),
      principles: principles)
  }

  func site(_ name: String, _ node: Node, _ path: String) -> Site? {
    let f = ctx.fields(node, path: path, allowed: ["title", "status", "note"])
    return Site(
      name: name, title: ctx.string(f["title"], path: "\(path).title"), status: status(f, path),
      note: ctx.string(f["note"], path: "\(path).note"))
  }

  func link(_ node: Node, _ path: String) -> SiteLink? {
    let f = ctx.fields(node, path: path, allowed: ["between", "via", "status"], required: ["between"])
    let between = ctx.strings(f["between"], path: "\(path).between")
    if f["between"] != nil, between.count != 2 {
      ctx.error("'\(path).between' must name exactly two sites, found \(between.count)", at: f["between"])
    }
    return SiteLink(between: between, via: ctx.string(f["via"], path: "\(path).via"), status: status(f, path))
  }

  func tier(_ name: String, _ node: Node, _ path: String) -> Tier? {
    let f = ctx.fields(node, path: path, allowed: ["title", "subtitle", "focal"])
    return Tier(
      name: name, title: ctx.string(f["title"], path: "\(path).title"),
      subtitle: ctx.string(f["subtitle"], path: "\(path).subtitle"),
      focal: ctx.bool(f["focal"], path: "\(path).focal") ?? false)
  }

  func layer(_ name: String, _ node: Node, _ path: String) -> Layer? {
    let f = ctx.fields(node, path: path, allowed: ["label", "title", "subtitle", "focal"])
    let fallback = Layer.defaults[named: name]
    return Layer(
      name: name,
      label: ctx.string(f["label"], path: "\(path).label") ?? fallback?.label ?? name,
      title: ctx.string(f["title"], path: "\(path).title") ?? fallback?.title ?? name,
      subtitle: ctx.string(f["subtitle"], path: "\(path).subtitle") ?? fallback?.subtitle,
      focal: ctx.bool(f["focal"], path: "\(path).focal") ?? fallback?.focal ?? false)
  }
}
