import Foundation

extension NftRuleset {
  /// Reads `nft -j list ruleset` output (libnftables' JSON schema: `{"nftables": [{"metainfo": …},
  /// {"table": …}, {"chain": …}, {"rule": …}, {"set": …}, …]}`) into the compared form. Input past `limits`,
  /// not JSON, or not of that shape is an `NftInputError` naming `source` and, where known, the line and
  /// column of the item at fault.
  public static func parse(json bytes: [UInt8], source: String, limits: NftInputLimits = .standard) throws
    -> NftRuleset
  {
    let scan = try NftJSONScan(bytes, source: source, limits: limits)
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    } catch {
      throw syntaxError(error, bytes: bytes, source: source)
    }
    var reader = NftRulesetReader(source: source, scan: scan)
    return try reader.read(NftJSON(foundation: object, source: source))
  }

  /// Foundation says "around character N" (a byte offset); the error gives that as a line and column.
  static func syntaxError(_ error: any Error, bytes: [UInt8], source: String) -> NftInputError {
    let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "a syntax error")
      .replacingOccurrences(of: " in Swift", with: "")
    var message = "not JSON (expected the output of nft -j list ruleset): " + detail
    var line: Int?
    var column: Int?
    if let range = detail.range(of: "around character "),
      let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
    {
      (line, column) = NftJSONScan.position(of: offset, in: bytes)
      message =
        "not JSON (expected the output of nft -j list ruleset): "
        + detail[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    }
    if bytes.isEmpty { message = "empty input (expected the output of nft -j list ruleset)" }
    return NftInputError(source: source, line: line, column: column, message: message)
  }
}

extension NftJSON {
  /// JSONSerialization's value as JSON; its nesting is bounded by `NftJSONScan` before this runs.
  init(foundation value: Any, source: String) throws {
    switch value {
    case is NSNull: self = .null
    case let text as String: self = .string(text)
    case let number as NSNumber:
      switch String(cString: number.objCType) {
      case "c", "B": self = .bool(number.boolValue)
      case "d", "f":
        let double = number.doubleValue
        self = double.isFinite ? .number(String(double)) : .number(double > 0 ? "1e999" : "-1e999")
      case "Q" where number.uint64Value > UInt64(Int.max): self = .number(number.stringValue)
      default: self = .int(number.intValue)
      }
    case let items as [Any]: self = .array(try items.map { try NftJSON(foundation: $0, source: source) })
    case let members as [String: Any]:
      self = .object(try members.mapValues { try NftJSON(foundation: $0, source: source) })
    default:
      throw NftInputError(source: source, message: "a JSON value of an unknown kind (\(type(of: value)))")
    }
  }
}

/// Walks the `nftables` list into tables, sets, chains, rules and other objects, in the order listed.
struct NftRulesetReader {
  let source: String
  let scan: NftJSONScan
  var tables: [NftTable] = []

  init(source: String, scan: NftJSONScan) {
    self.source = source
    self.scan = scan
  }

  func fail(_ message: String, item: Int? = nil) -> NftInputError {
    let place = item.flatMap(scan.position(ofItem:))
    return NftInputError(
      source: source, line: place?.line, column: place?.column,
      message: (item.map { "nftables[\($0)]: " } ?? "") + message)
  }

  mutating func read(_ document: NftJSON) throws -> NftRuleset {
    guard case .object(let root) = document, let list = root["nftables"] else {
      throw fail("expected an object with an \"nftables\" list (the output of nft -j list ruleset)")
    }
    guard case .array(let items) = list else { throw fail("\"nftables\" is not a list") }
    for (index, item) in items.enumerated() {
      guard let (kind, body) = item.single, case .object(let members) = body else {
        throw fail("expected an object with one key (table, chain, rule, set, …) holding an object", item: index)
      }
      try add(kind, members, item: index)
    }
    for index in tables.indices {
      tables[index].sets.sort { $0.name < $1.name }
      tables[index].objects.sort { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }
    return NftRuleset(tables: tables)
  }

  func text(_ members: [String: NftJSON], _ key: String, _ kind: String, item: Int) throws -> String {
    guard let value = members[key] else { throw fail("a \(kind) without \"\(key)\"", item: item) }
    guard let text = value.string else { throw fail("a \(kind)'s \"\(key)\" is not a string", item: item) }
    return text
  }

  mutating func table(_ family: String, _ name: String) -> Int {
    if let index = tables.firstIndex(where: { $0.family == family && $0.name == name }) { return index }
    tables.append(NftTable(family: family, name: name))
    return tables.count - 1
  }

  mutating func add(_ kind: String, _ members: [String: NftJSON], item: Int) throws {
    if kind == "metainfo" { return }
    let family = try text(members, "family", kind, item: item)
    if kind == "table" {
      let index = table(family, try text(members, "name", kind, item: item))
      tables[index].attributes = Self.without(members, ["family", "name", "handle"])
      return
    }
    let tableIndex = table(family, try text(members, "table", kind, item: item))
    switch kind {
    case "chain":
      let name = try text(members, "name", kind, item: item)
      let attributes = Self.without(members, ["family", "table", "name", "handle"])
      let index = chain(name, in: tableIndex)
      tables[tableIndex].chains[index].attributes = attributes
    case "rule":
      let chainName = try text(members, "chain", kind, item: item)
      guard case .array(let statements) = members["expr"] ?? .array([]) else {
        throw fail("a rule's \"expr\" is not a list", item: item)
      }
      var comment: String?
      if let value = members["comment"] {
        guard let text = value.string else { throw fail("a rule's \"comment\" is not a string", item: item) }
        comment = text
      }
      let rule = NftRule(
        statements, comment: comment,
        attributes: Self.without(members, ["family", "table", "chain", "handle", "expr", "comment", "index"]))
      let index = chain(chainName, in: tableIndex)
      tables[tableIndex].chains[index].rules.append(rule)
    case "set", "map":
      let name = try text(members, "name", kind, item: item)
      guard case .array(let elements) = members["elem"] ?? .array([]) else {
        throw fail("a \(kind)'s \"elem\" is not a list", item: item)
      }
      let set = NftSet(
        kind: kind, name: name, attributes: Self.without(members, ["family", "table", "name", "handle", "elem"]),
        elements: elements)
      tables[tableIndex].sets.removeAll { $0.name == name }
      tables[tableIndex].sets.append(set)
    default:
      let name = try text(members, "name", kind, item: item)
      let value = NftNormal.object(kind: kind, Self.without(members, ["family", "table", "name", "handle"]))
      tables[tableIndex].objects.append(NftObject(kind: kind, name: name, value: .object(value)))
    }
  }

  mutating func chain(_ name: String, in table: Int) -> Int {
    if let index = tables[table].chains.firstIndex(where: { $0.name == name }) { return index }
    tables[table].chains.append(NftChain(name: name))
    return tables[table].chains.count - 1
  }

  static func without(_ members: [String: NftJSON], _ keys: Set<String>) -> [String: NftJSON] {
    members.filter { !keys.contains($0.key) }
  }
}
