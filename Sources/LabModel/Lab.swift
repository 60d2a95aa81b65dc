/// The whole lab: one declared model, read from `lab.yaml` and the files it names.
public struct Lab: Sendable {
  public var meta: LabMeta
  public var sites: [Site] { didSet { index.sites = NameIndex(sites) } }
  public var links: [SiteLink]
  public var tiers: [Tier]
  public var layers: [Layer]
  public var categories: [Category]
  public var machines: [Machine] { didSet { index.machines = NameIndex(machines) } }
  public var clusters: [Cluster] { didSet { index.clusters = NameIndex(clusters) } }
  public var vlans: [VLAN] { didSet { index.vlans = NameIndex(vlans) } }
  public var firewall: Firewall
  public var services: [Service] { didSet { index.services = NameIndex(services) } }
  public var apps: [App] { didSet { index.apps = NameIndex(apps) } }
  public var delivery: Delivery?
  public var roster: [RosterEntry]
  public var tools: [ToolGroup]
  /// Accepted risks: findings the lab knowingly keeps (`waivers:`), in declaration order.
  public var waivers: [Waiver]
  /// The Ansible inventory named by `lab.inventory`, if any.
  public var inventory: Inventory?
  /// Markdown prose from `lab.prose`, keyed by file stem (`intro`, `principles`, …).
  public var prose: [String: String]
  /// Where each key and value was declared, for diagnostics.
  public var sourceMap: SourceMap
  /// Name → position of the keyed collections, rebuilt when one is assigned.
  var index = LabIndex()

  public init(
    meta: LabMeta, sites: [Site] = [], links: [SiteLink] = [], tiers: [Tier] = [],
    layers: [Layer] = Layer.defaults, categories: [Category] = [], machines: [Machine] = [],
    clusters: [Cluster] = [], vlans: [VLAN] = [], firewall: Firewall = Firewall(),
    services: [Service] = [], apps: [App] = [], delivery: Delivery? = nil,
    roster: [RosterEntry] = [], tools: [ToolGroup] = [], waivers: [Waiver] = [], inventory: Inventory? = nil,
    prose: [String: String] = [:], sourceMap: SourceMap = SourceMap()
  ) {
    self.meta = meta
    self.sites = sites
    self.links = links
    self.tiers = tiers
    self.layers = layers
    self.categories = categories
    self.machines = machines
    self.clusters = clusters
    self.vlans = vlans
    self.firewall = firewall
    self.services = services
    self.apps = apps
    self.delivery = delivery
    self.roster = roster
    self.tools = tools
    self.waivers = waivers
    self.inventory = inventory
    self.prose = prose
    self.sourceMap = sourceMap
    self.index = LabIndex(self)
  }
}

/// The lab's identity and page copy.
public struct LabMeta: Sendable, Hashable {
  public var name: String
  public var tagline: String?
  public var intro: String?
  public var domain: String?
  /// Path of the Ansible inventory, relative to the lab directory.
  public var inventory: String?
  /// Path of the Markdown prose directory, relative to the lab directory.
  public var prose: String?
  public var principles: [Principle]
  /// `page.show_ports`: the public page shows VLAN ids and port numbers. Off by default: the public page shows
  /// posture, not addresses, and a VLAN tag or an open port is an address of a kind.
  public var showPorts = false

  public init(
    name: String, tagline: String? = nil, intro: String? = nil, domain: String? = nil,
    inventory: String? = nil, prose: String? = nil, principles: [Principle] = []
  ) {
    self.name = name
    self.tagline = tagline
    self.intro = intro
    self.domain = domain
    self.inventory = inventory
    self.prose = prose
    self.principles = principles
  }
}

/// One design principle, shown in the page's first section.
public struct Principle: Sendable, Hashable {
  public var title: String
  public var text: String

  public init(title: String, text: String) {
    self.title = title
    self.text = text
  }
}

/// Lookup by name for the model's keyed collections.
public protocol Named {
  var name: String { get }
}

extension Array where Element: Named {
  /// The element with this name, if any.
  public subscript(named name: String) -> Element? { first { $0.name == name } }
  /// All names, in declaration order.
  public var names: [String] { map(\.name) }
}
