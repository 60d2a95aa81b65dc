/// What a live nftables ruleset holds against what the model says, table by table: tables, chains (type,
/// hook, priority, policy), named sets and maps (declaration and elements), other named objects, and rules.
///
/// Rules are compared per chain as a multiset (a rule present on one side more often than on the other is
/// `+` or `-` once per extra copy), and then for order: a rule both sides hold but at a place that changes
/// which rule matches first is `~ … moved`. The rules that stay in place are the longest run of common
/// rules in the same order on both sides; every other common rule is reported as moved.
public enum NftablesDrift {
  /// One difference: `+` the model has it and the router does not, `-` the reverse, `~` both have it and
  /// it differs (a chain's or set's declaration, a named object, a rule's place in its chain).
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    public var mark: Character
    /// The table it is in, `inet labctl`.
    public var table: String
    /// The line after the mark: `inet labctl forward: ip saddr 10.20.0.0/24 … accept`.
    public var text: String

    public var description: String { "\(mark) \(text)" }
  }

  /// The changes between the model's ruleset and the live one: the model's tables in its order, then the
  /// tables only the router has.
  public static func compare(model: NftRuleset, live: NftRuleset) -> [Change] {
    var keys = model.tables.map { ($0.family, $0.name) }
    for table in live.tables where model.table(table.family, table.name) == nil {
      keys.append((table.family, table.name))
    }
    return keys.flatMap { family, name in
      TableDiff(want: model.table(family, name), have: live.table(family, name), key: "\(family) \(name)").changes()
    }
  }
}

/// The changes within one table (either side may lack it).
struct TableDiff {
  let want: NftTable?
  let have: NftTable?
  let key: String
  var out: [NftablesDrift.Change] = []

  init(want: NftTable?, have: NftTable?, key: String) {
    self.want = want
    self.have = have
    self.key = key
  }

  mutating func add(_ mark: Character, _ text: String) {
    out.append(NftablesDrift.Change(mark: mark, table: key, text: text))
  }

  mutating func differs(_ subject: String, router: String, model: String) {
    add("~", "\(subject): the router has \(router); the model says \(model)")
  }

  /// A `~` line naming only the attributes that differ.
  mutating func differs(
    _ subject: String, router: [String: NftJSON], model: [String: NftJSON], kinds: (String, String)? = nil
  ) {
    var (live, wanted) = NftText.difference(router, model)
    if let (liveKind, modelKind) = kinds, liveKind != modelKind {
      live = ([liveKind] + (live.isEmpty ? [] : [live])).joined(separator: " ")
      wanted = ([modelKind] + (wanted.isEmpty ? [] : [wanted])).joined(separator: " ")
    }
    differs(subject, router: live, model: wanted)
  }

  func changes() -> [NftablesDrift.Change] {
    var diff = self
    diff.compareTable()
    return diff.out
  }

  mutating func compareTable() {
    let wantAttributes = want?.attributes ?? [:]
    let haveAttributes = have?.attributes ?? [:]
    if want == nil { add("-", "table \(key)" + Self.attributes(haveAttributes)) }
    if have == nil { add("+", "table \(key)" + Self.attributes(wantAttributes)) }
    if want != nil, have != nil, wantAttributes != haveAttributes {
      differs("table \(key)", router: haveAttributes, model: wantAttributes)
    }
    compareSets()
    compareObjects()
    var chains = want?.chains.map(\.name) ?? []
    for chain in have?.chains ?? [] where !chains.contains(chain.name) { chains.append(chain.name) }
    for name in chains {
      compareChain(want?.chains.first { $0.name == name }, have?.chains.first { $0.name == name }, name: name)
    }
  }

  static func chainAttributes(_ attributes: [String: NftJSON]) -> String {
    attributes.isEmpty ? "" : " { \(NftText.chain(attributes)) }"
  }

  static func attributes(_ attributes: [String: NftJSON]) -> String {
    attributes.isEmpty ? "" : " { \(NftText.declaration(attributes)) }"
  }

  static func setLine(_ set: NftSet) -> String {
    let elements =
      set.elements.isEmpty ? "" : " elements = { \(set.elements.map { NftText.element($0) }.joined(separator: ", ")) }"
    return "\(set.kind) \(set.name) { \(NftText.declaration(set.attributes))\(elements) }"
  }

  mutating func compareSets() {
    let names = Set((want?.sets ?? []).map(\.name) + (have?.sets ?? []).map(\.name)).sorted()
    for name in names {
      let model = want?.sets.first { $0.name == name }
      let live = have?.sets.first { $0.name == name }
      switch (model, live) {
      case (let model?, nil): add("+", "\(key) \(Self.setLine(model))")
      case (nil, let live?): add("-", "\(key) \(Self.setLine(live))")
      case (let model?, let live?):
        let subject = "\(key) \(model.kind) \(name)"
        if model.kind != live.kind || model.attributes != live.attributes {
          differs(subject, router: live.attributes, model: model.attributes, kinds: (live.kind, model.kind))
        }
        let modelElements = Set(model.elements)
        let liveElements = Set(live.elements)
        for element in model.elements where !liveElements.contains(element) {
          add("+", "\(subject): \(NftText.element(element))")
        }
        for element in live.elements where !modelElements.contains(element) {
          add("-", "\(subject): \(NftText.element(element))")
        }
      case (nil, nil): break
      }
    }
  }

  mutating func compareObjects() {
    let wanted = Dictionary((want?.objects ?? []).map { ("\($0.kind) \($0.name)", $0) }) { _, last in last }
    let held = Dictionary((have?.objects ?? []).map { ("\($0.kind) \($0.name)", $0) }) { _, last in last }
    for name in Set(wanted.keys).union(held.keys).sorted() {
      switch (wanted[name], held[name]) {
      case (let model?, nil): add("+", "\(key) \(name) \(model.value)")
      case (nil, let live?): add("-", "\(key) \(name) \(live.value)")
      case (let model?, let live?) where model.value != live.value:
        differs("\(key) \(name)", router: live.value.description, model: model.value.description)
      default: break
      }
    }
  }

  mutating func compareChain(_ model: NftChain?, _ live: NftChain?, name: String) {
    let subject = "\(key) \(name)"
    switch (model, live) {
    case (let model?, nil): add("+", "\(key) chain \(name)" + Self.chainAttributes(model.attributes))
    case (nil, let live?): add("-", "\(key) chain \(name)" + Self.chainAttributes(live.attributes))
    case (let model?, let live?) where model.attributes != live.attributes:
      differs("\(key) chain \(name)", router: live.attributes, model: model.attributes)
    default: break
    }
    let diff = RuleDiff(model: model?.rules ?? [], live: live?.rules ?? [])
    // Two rules that differ only where nft's syntax does not show it (a number against a string) are shown
    // with their JSON too, so a `+` and a `-` never read the same.
    let alike = Set(diff.missing.map(\.description)).intersection(diff.extra.map(\.description))
    func shown(_ rule: NftRule) -> String {
      alike.contains(rule.description) ? "\(rule) [\(NftJSON.array(rule.statements))]" : rule.description
    }
    for rule in diff.missing { add("+", "\(subject): \(shown(rule))") }
    for rule in diff.extra { add("-", "\(subject): \(shown(rule))") }
    for move in diff.moved {
      add(
        "~", "\(subject): moved: \(move.rule) (the router has it at rule \(move.live), the model at rule \(move.model))"
      )
    }
  }
}
