/// An nftables ruleset in the one form drift compares: what `nft -j list ruleset` prints, with what only the
/// running kernel knows taken out (handles, counters' packets and bytes, set elements' expiry), and each
/// expression in the spelling nft lists it in (see `NftNormal`). The model's side is built by
/// `NftablesExporter.model()`; the router's is read by `NftRuleset.parse(json:source:)`.
public struct NftRuleset: Sendable, Hashable {
  public var tables: [NftTable]

  public init(tables: [NftTable]) { self.tables = tables }

  public func table(_ family: String, _ name: String) -> NftTable? {
    tables.first { $0.family == family && $0.name == name }
  }
}

/// One table: its named sets and maps, its chains and their rules, and any other named object.
public struct NftTable: Sendable, Hashable {
  public var family: String
  public var name: String
  /// What the table object holds besides its family, name and handle (`flags`, `comment`), compared as JSON.
  public var attributes: [String: NftJSON]
  public var sets: [NftSet]
  public var chains: [NftChain]
  /// Named counters, quotas, limits, flowtables, ct helpers, … and any kind labctl does not know.
  public var objects: [NftObject]

  public init(
    family: String, name: String, attributes: [String: NftJSON] = [:], sets: [NftSet] = [],
    chains: [NftChain] = [], objects: [NftObject] = []
  ) {
    self.family = family
    self.name = name
    self.attributes = attributes
    self.sets = sets
    self.chains = chains
    self.objects = objects
  }

  /// `inet labctl`, as nft names a table.
  public var key: String { "\(family) \(name)" }
}

/// A chain: a base chain's `type`, `hook`, `prio`, `policy` (and `dev`) as attributes, and its rules in order.
public struct NftChain: Sendable, Hashable {
  public var name: String
  public var attributes: [String: NftJSON]
  public var rules: [NftRule]

  public init(name: String, attributes: [String: NftJSON] = [:], rules: [NftRule] = []) {
    self.name = name
    self.attributes = attributes
    self.rules = rules
  }

  /// A base chain's attributes (`type filter hook input priority filter; policy drop;`), as nft lists them.
  public static func base(type: String, hook: String, priority: Int, policy: String) -> [String: NftJSON] {
    ["type": .string(type), "hook": .string(hook), "prio": .int(priority), "policy": .string(policy)]
  }
}

/// A rule: its statements (libnftables JSON, normalized), its comment, and any other key the rule object
/// has (none in nft 1.0; kept so a newer nft's addition is compared, not dropped).
public struct NftRule: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var statements: [NftJSON]
  public var comment: String?
  public var attributes: [String: NftJSON]

  public init(_ statements: [NftJSON], comment: String? = nil, attributes: [String: NftJSON] = [:]) {
    self.statements = statements.map(NftNormal.statement)
    self.comment = comment
    self.attributes = attributes
  }

  /// The rule in nft's own syntax (`ip saddr 10.20.0.0/24 tcp dport { 22, 443 } accept`); a kind labctl does
  /// not know is shown as its JSON.
  public var description: String { NftText.rule(self) }

  public static func < (lhs: NftRule, rhs: NftRule) -> Bool { lhs.key < rhs.key }

  /// The canonical JSON of the rule: what the comparison sees.
  var key: String {
    NftJSON.array(statements).description + (comment.map { "#" + NftJSON.quoted($0) } ?? "")
      + (attributes.isEmpty ? "" : NftJSON.object(attributes).description)
  }
}

/// A named set or map: its declaration (`type`, `flags`, `map`, `timeout`, …) and its elements.
public struct NftSet: Sendable, Hashable {
  /// `set` or `map`, as the JSON object is named.
  public var kind: String
  public var name: String
  public var attributes: [String: NftJSON]
  /// Sorted, each once, in nft's spelling (`{"prefix": …}`, `{"range": …}`, `[key, value]` for a map).
  public var elements: [NftJSON]

  public init(kind: String = "set", name: String, attributes: [String: NftJSON], elements: [NftJSON]) {
    self.kind = kind
    self.name = name
    self.attributes = attributes
    self.elements = NftNormal.elements(elements)
  }
}

/// Any other named object of a table (a named counter, quota, flowtable, …), compared as its JSON.
public struct NftObject: Sendable, Hashable {
  public var kind: String
  public var name: String
  public var value: NftJSON

  public init(kind: String, name: String, value: NftJSON) {
    self.kind = kind
    self.name = name
    self.value = value
  }
}
