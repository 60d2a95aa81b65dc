import Foundation
import LabExport
import Testing

/// Input that is not `nft -j list ruleset` output: refused with an error naming the file and, where it can,
/// the line and column; bounded in size, nesting and count; never a crash.
@Suite struct NftablesInputTests {
  static func error(_ json: String, limits: NftInputLimits = .standard) -> NftInputError? {
    error(Array(json.utf8), limits: limits)
  }

  static func error(_ bytes: [UInt8], limits: NftInputLimits = .standard) -> NftInputError? {
    do {
      _ = try NftRuleset.parse(json: bytes, source: "bad.json", limits: limits)
      return nil
    } catch let error as NftInputError {
      return error
    } catch {
      Issue.record("not an NftInputError: \(error)")
      return nil
    }
  }

  @Test(arguments: [
    ("", "bad.json: error: empty input (expected the output of nft -j list ruleset)"),
    ("[1, 2]", #"bad.json: error: expected an object with an "nftables" list (the output of nft -j list ruleset)"#),
    (
      #"{"nft": []}"#,
      #"bad.json: error: expected an object with an "nftables" list (the output of nft -j list ruleset)"#
    ),
    (#"{"nftables": 5}"#, #"bad.json: error: "nftables" is not a list"#),
    (
      "{\"nftables\": [\n  5\n]}",
      "bad.json:2:3: error: nftables[0]: expected an object with one key (table, chain, rule, set, …) holding an object"
    ),
    (
      "{\"nftables\": [\n  {\"metainfo\": {}},\n  {\"rule\": {\"family\": 1, \"table\": \"t\", \"chain\": \"c\"}}\n]}",
      #"bad.json:3:3: error: nftables[1]: a rule's "family" is not a string"#
    ),
    (
      #"{"nftables": [{"chain": {"family": "inet", "name": "c"}}]}"#,
      #"bad.json:1:15: error: nftables[0]: a chain without "table""#
    ),
    (
      #"{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": {"accept": null}}}]}"#,
      #"bad.json:1:15: error: nftables[0]: a rule's "expr" is not a list"#
    ),
    (
      #"{"nftables": [{"set": {"family": "inet", "table": "t", "name": "s", "elem": "10.0.0.1"}}]}"#,
      #"bad.json:1:15: error: nftables[0]: a set's "elem" is not a list"#
    ),
    (
      #"{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "comment": 7, "expr": []}}]}"#,
      #"bad.json:1:15: error: nftables[0]: a rule's "comment" is not a string"#
    ),
    (#"{"nftables": [{"table": {"family": "inet", "name": "t"}, "chain": {}}]}"#, "one key"),
  ])
  func wrongShapesAreLocatedErrors(_ json: String, message: String) throws {
    let error = try #require(Self.error(json), "accepted: \(json)")
    #expect(message.hasPrefix("bad.json") ? error.description == message : error.description.contains(message))
  }

  @Test func notJSONSaysWhere() throws {
    let error = try #require(Self.error("{\n  \"nftables\": [\n    {\"table\": }\n  ]\n}"))
    #expect(error.line == 3 && error.column == 15, "\(error)")
    #expect(error.description.hasPrefix("bad.json:3:15: error: not JSON (expected the output of nft -j list ruleset)"))
    let truncated = try #require(Self.error(#"{"nftables": [{"table": {"family": "inet""#))
    #expect(truncated.description.contains("not JSON"))
  }

  @Test func deepNestingStopsAtTheBound() throws {
    let start = Date()
    let deep = try #require(Self.error(String(repeating: "[", count: 1_000_000)))
    #expect(
      deep.description == "bad.json:1:65: error: nested deeper than 64 levels (nft -j list ruleset nests about 10)")
    // Deep inside a rule, still bounded; just inside the bound, read and compared as JSON.
    let rule = { (depth: Int) in
      #"{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": ["#
        + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "]}}]}"
    }
    #expect(Self.error(rule(70))?.message.contains("nested deeper") == true)
    #expect(Self.error(rule(55)) == nil)
    // Brackets inside strings are text, not nesting.
    let quoted =
      #"{"nftables": [{"table": {"family": "inet", "name": ""# + String(repeating: "[{", count: 5000) + "\"}}]}"
    #expect(Self.error(quoted) == nil)
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test func sizeAndCountAreBounded() throws {
    let big = [UInt8](repeating: 0x20, count: (32 << 20) + 1)
    #expect(
      Self.error(big)?.message == "the input is larger than 32 MiB (nft -j list ruleset of a large router is a few)")
    let many = #"{"nftables": ["# + String(repeating: "1,", count: 2_000_001) + "1]}"
    #expect(Self.error(many)?.message.hasPrefix("more than 2000000 values") == true)
    let small = NftInputLimits(maxBytes: 100, maxDepth: 4, maxValues: 10)
    #expect(Self.error(String(repeating: " ", count: 101), limits: small)?.message.contains("larger than") == true)
    #expect(
      Self.error("[[[[[]]]]]", limits: small)?.description
        == "bad.json:1:5: error: nested deeper than 4 levels (nft -j list ruleset nests about 10)")
    #expect(
      Self.error("[" + String(repeating: "1,", count: 20) + "1]", limits: small)?.message.hasPrefix("more than 10")
        == true)
  }

  @Test(arguments: [
    [0xFF, 0xFE, 0x7B],  // not UTF-8
    Array(#"{"nftables": [{"table": {"family": "\ud800", "name": "t"}}]}"#.utf8),  // a lone surrogate
    Array("{\"nftables\": [{\"table\": {\"family\": \"inet\", \"name\": \"t\0\"}}]}".utf8),  // NUL in a string
    Array(
      #"{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [1e999, -1e999, 18446744073709551615, -9223372036854775809, 0.5]}}]}"#
        .utf8),
    Array(
      #"{"nftables": [{"table": {"family": "inet", "name": "t", "name": "u"}}, {"table": {"family": "inet", "name": "t"}}]}"#
        .utf8),
    Array(
      #"{"nftables": [{"rule": {"family": "inet", "table": "t", "chain": "c", "expr": [{"match": {"op": 1, "left": [], "right": {}}}, {"dnat": 5}, {"jump": []}, {"set": "x"}, {"prefix": {"addr": 1}}]}}]}"#
        .utf8),
  ])
  func hostileValuesNeverCrash(_ bytes: [UInt8]) throws {
    do {
      let ruleset = try NftRuleset.parse(json: bytes, source: "bad.json")
      // Whatever was read can be shown and compared.
      _ = NftablesDrift.compare(model: NftRuleset(tables: []), live: ruleset).map(\.description)
    } catch let error as NftInputError {
      #expect(error.description.hasPrefix("bad.json"))
    }
  }
}
