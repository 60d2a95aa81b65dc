import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabRender
import LabServer
import LabTestSupport
import Logging
import Testing

/// `/healthz` of the public audience names what is wrong without the addresses: its diagnostics are
/// redacted as the page is. The internal audience's keeps them.
@Suite struct PublicHealthTests {
  /// A bad edit of lab.yaml: `anchor` replaced with `edit`, and the rule whose diagnostic it gives.
  struct BadEdit: Sendable, CustomStringConvertible {
    var description: String
    var anchor: String
    var edit: String
    var rule: String
  }

  static let edits: [BadEdit] = [
    BadEdit(
      description: "a duplicate address", anchor: "vlan: trusted, address: 10.30.0.12 }",
      edit: "vlan: trusted, address: 10.30.0.11 }", rule: "address-unique"),
    BadEdit(
      description: "an address outside its subnet", anchor: "vlan: trusted, address: 10.30.0.13 }",
      edit: "vlan: trusted, address: 10.99.0.13 }", rule: "address-in-subnet"),
    BadEdit(
      description: "overlapping subnets", anchor: "subnet: 10.50.0.0/24", edit: "subnet: 10.30.0.128/25",
      rule: "subnet-overlap"),
    BadEdit(
      description: "a bad CIDR", anchor: "subnet: 10.60.0.0/24", edit: "subnet: 10.600.0.0/33", rule: ""),
    BadEdit(
      description: "a pool over a machine", anchor: "pool: 10.30.0.100-10.30.0.119",
      edit: "pool: 10.30.0.10-10.30.0.19", rule: "lb-pool"),
  ]

  static func health(_ client: some TestClientProtocol) async throws -> (text: String, json: [String: Any]) {
    let response = try await client.execute(uri: "/healthz", method: .get)
    let text = String(buffer: response.body)
    return (text, try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]))
  }

  /// The diagnostics' rules in a health report.
  static func rules(_ json: [String: Any]) -> [String] {
    (json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
  }

  /// IPv4 (mistyped octets too), IPv6 and MAC literals in `text`: the patterns of the page's audience scan.
  static let patterns = [
    #"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"#,
    #"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![0-9A-Fa-f:])"#,
    #"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])"#,
  ].map { try! NSRegularExpression(pattern: $0) }

  static func addresses(_ text: String) -> [String] {
    patterns.flatMap { re in
      re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        Range($0.range, in: text).map { String(text[$0]) }
      }
    }
  }

  /// Serves a fresh copy of the example for `audience`, applies `edit` once the first render is up, and
  /// hands `check` /healthz once it reports the edit's diagnostic.
  static func healthAfter(_ edit: BadEdit, audience: Audience, _ check: @Sendable (String) -> Void) async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    let options = ServerOptions(path: lab.path, audience: audience, pollInterval: .milliseconds(50), threads: 0)
    let app = buildApplication(options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    try await app.test(.router) { client in
      #expect(try await eventually { try await client.execute(uri: "/readyz", method: .get).status == .ok })
      let spec = try lab.read("lab.yaml")
      #expect(spec.contains(edit.anchor), "the example no longer holds \(edit.anchor)")
      try lab.write("lab.yaml", spec.replacingOccurrences(of: edit.anchor, with: edit.edit))
      #expect(
        try await eventually(seconds: 120) {
          let json = try await health(client).json
          return edit.rule.isEmpty ? json["reload"] as? String == "failed" : rules(json).contains(edit.rule)
        }, "no \(edit.rule) diagnostic after \(edit)")
      check(try await health(client).text)
    }
  }

  @Test(arguments: edits)
  func publicHealthNamesNoAddress(_ edit: BadEdit) async throws {
    try await Self.healthAfter(edit, audience: .public) { text in
      #expect(Self.addresses(text).isEmpty, "public /healthz after \(edit) shows \(Self.addresses(text)):\n\(text)")
      #expect(text.contains(PublicRedaction.placeholder), "public /healthz after \(edit) redacts nothing:\n\(text)")
    }
  }

  @Test(arguments: edits)
  func internalHealthKeepsTheAddresses(_ edit: BadEdit) async throws {
    try await Self.healthAfter(edit, audience: .internal) { text in
      #expect(!Self.addresses(text).isEmpty, "internal /healthz after \(edit) lost its addresses:\n\(text)")
    }
  }
}
