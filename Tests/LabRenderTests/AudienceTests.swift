import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

/// The public site shows posture, not addresses; the internal one adds them.
@Suite struct AudienceTests {
  static let ipv4 = try! NSRegularExpression(pattern: #"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"#)
  static let ipv6 = try! NSRegularExpression(
    pattern:
      #"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![0-9A-Fa-f:])"#
  )
  static let mac = try! NSRegularExpression(
    pattern: #"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])"#)

  static func matches(_ re: NSRegularExpression, _ s: String) -> [String] {
    re.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap {
      Range($0.range, in: s).map { String(s[$0]) }
    }
  }

  /// Every value in the example that must not reach the public site: addresses, subnets,
  /// pools, VIPs, endpoints, and every inventory variable's value (the fake become password among them).
  static func secrets(_ lab: Lab) -> [String] {
    var out: [String] = []
    out += lab.machines.compactMap(\.address) + lab.machines.compactMap(\.mac)
    out += lab.vlans.compactMap(\.subnet)
    out += lab.services.compactMap(\.address) + lab.services.compactMap { $0.ha?.vip }
    out += lab.clusters.compactMap { $0.loadBalancer?.pool } + lab.clusters.compactMap(\.endpoint)
    out += lab.clusters.flatMap { $0.nodes.compactMap(\.address) }
    for group in lab.inventory?.groups ?? [] {
      out += group.vars.filter { $0.key != "ansible_user" }.values.compactMap(\.stringValue)
    }
    for vars in (lab.inventory?.hostvars ?? [:]).values {
      out += vars.filter { $0.key.contains("host") || $0.key.contains("pass") || $0.key.contains("token") }
        .values.compactMap(\.stringValue)
    }
    return Array(Set(out)).sorted()
  }

  @Test func publicFilesCarryNoAddressOrSecret() throws {
    let lab = try TestLab.loadExample()
    let secrets = Self.secrets(lab)
    #expect(
      secrets.contains("Fake-Become-Pa55word-For-Leak-Tests"),
      "the example carries a fake secret to prove it never leaks")
    #expect(secrets.contains("10.30.0.53"))
    let site = renderSite(lab, audience: .public)
    #expect(site.files.count > 10)
    for file in site.files {
      let text = String(decoding: file.contents, as: UTF8.self)
      #expect(Self.matches(Self.ipv4, text).isEmpty, "IPv4 in public \(file.path): \(Self.matches(Self.ipv4, text))")
      #expect(Self.matches(Self.ipv6, text).isEmpty, "IPv6 in public \(file.path): \(Self.matches(Self.ipv6, text))")
      #expect(Self.matches(Self.mac, text).isEmpty, "MAC in public \(file.path): \(Self.matches(Self.mac, text))")
      for secret in secrets { #expect(!text.contains(secret), "\(secret) leaks into public \(file.path)") }
      #expect(!text.localizedCaseInsensitiveContains("password"), "\(file.path)")
    }
  }

  @Test func theScanCatchesALeak() throws {
    // The scan itself: an address and a MAC planted in free text are found by the patterns.
    let planted = "reach me at 10.30.0.9 or fd00::1 or 2001:db8:0:0:0:0:0:1, nic aa:bb:cc:dd:ee:ff"
    #expect(Self.matches(Self.ipv4, planted) == ["10.30.0.9"])
    #expect(Self.matches(Self.ipv6, planted).count == 2)
    #expect(Self.matches(Self.mac, planted) == ["aa:bb:cc:dd:ee:ff"])
    // And the renderer scrubs addresses from public prose rather than printing them.
    let example = try Support.exampleFiles()
    var files = example.files
    files["lab/site/ha.md"] = planted
    let lab = try Support.load(example.yaml, files: files)
    let html = try Support.text(renderSite(lab, audience: .public), "index.html")
    #expect(Self.matches(Self.ipv4, html).isEmpty)
    #expect(Self.matches(Self.mac, html).isEmpty)
    let internalHTML = try Support.text(renderSite(lab, audience: .internal), "index.html")
    #expect(internalHTML.contains("10.30.0.9"))
  }

  @Test func internalFilesCarryAddresses() throws {
    let lab = try TestLab.loadExample()
    let site = renderSite(lab, audience: .internal)
    let html = try Support.text(site, "index.html")
    for value in ["10.30.0.11", "10.30.0.0/24", "10.30.0.53"] {
      #expect(html.contains(value), "\(value) on the internal page")
    }
    let machines = try Support.text(site, "api/v1/machines.json")
    #expect(machines.contains("\"address\" : \"10.30.0.11\""))
    let svg = try Support.text(site, "diagrams/network.svg")
    #expect(svg.contains("10.30.0.0/24"))
    // Secrets stay out even of the internal site: it shows addresses, never credentials.
    for file in site.files {
      #expect(!String(decoding: file.contents, as: UTF8.self).contains("Fake-Become-Pa55word-For-Leak-Tests"))
    }
  }
}
