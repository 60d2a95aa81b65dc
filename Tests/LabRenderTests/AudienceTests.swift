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
    out += lab.machines.compactMap(\.address?.description) + lab.machines.compactMap(\.mac)
    out += lab.vlans.compactMap(\.subnet?.description)
    out += lab.services.compactMap(\.address?.description) + lab.services.compactMap { $0.ha?.vip?.description }
    out += lab.clusters.compactMap { $0.loadBalancer?.pool?.description } + lab.clusters.compactMap(\.endpoint)
    out += lab.clusters.flatMap { $0.nodes.compactMap(\.address?.description) }
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
    let site = renderPage(lab, audience: .public)
    #expect(site.files.count > 10)
    // The what-if panel is among what is scanned: its page section and its JSON view.
    #expect(site["api/v1/whatif.json"] != nil)
    #expect(try Support.text(site, "index.html").contains("<section id=\"whatif\""))
    for file in site.files {
      let text = String(decoding: file.contents, as: UTF8.self)
      #expect(Self.matches(Self.ipv4, text).isEmpty, "IPv4 in public \(file.path): \(Self.matches(Self.ipv4, text))")
      #expect(Self.matches(Self.ipv6, text).isEmpty, "IPv6 in public \(file.path): \(Self.matches(Self.ipv6, text))")
      #expect(Self.matches(Self.mac, text).isEmpty, "MAC in public \(file.path): \(Self.matches(Self.mac, text))")
      for secret in secrets { #expect(!text.contains(secret), "\(secret) leaks into public \(file.path)") }
      #expect(!text.localizedCaseInsensitiveContains("password"), "\(file.path)")
    }
  }

  @Test func publicFilesNameNoHostThePageDoesNotShow() throws {
    // Hostnames on the public page: the roster's (the inventory) and the physical machines (hardware diagram).
    // Any other machine, such as a cluster's node VM, is named by role and host or left out.
    let lab = try TestLab.loadExample()
    let onPage = Set(lab.inventory?.hosts ?? []).union(lab.machines.filter { $0.runsOn == nil }.map(\.name))
    let hidden = Set(lab.machines.map(\.name)).subtracting(onPage)
    #expect(hidden.count >= 6, "the example has node VMs outside the inventory")
    func tokens(_ text: String) -> Set<String> {
      Set(text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }.map(String.init))
    }
    for file in renderPage(lab, audience: .public).files {
      let found = hidden.intersection(tokens(String(decoding: file.contents, as: UTF8.self)))
      #expect(found.isEmpty, "public \(file.path) names \(found.sorted())")
    }
    let internalJSON = String(
      decoding: renderPage(lab, audience: .internal)["api/v1/machines.json"]?.contents ?? [], as: UTF8.self)
    #expect(!hidden.intersection(tokens(internalJSON)).isEmpty, "the internal audience keeps every machine")
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
    let html = try Support.text(renderPage(lab, audience: .public), "index.html")
    #expect(Self.matches(Self.ipv4, html).isEmpty)
    #expect(Self.matches(Self.mac, html).isEmpty)
    let internalHTML = try Support.text(renderPage(lab, audience: .internal), "index.html")
    #expect(internalHTML.contains("10.30.0.9"))
  }

  @Test func internalFilesCarryAddresses() throws {
    let lab = try TestLab.loadExample()
    let site = renderPage(lab, audience: .internal)
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

  /// The what-if section of a page: from its opening tag to the next section.
  static func whatIfSection(_ html: String) throws -> String {
    let start = try #require(html.range(of: "<section id=\"whatif\""), "no what-if section")
    let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)?.upperBound ?? html.endIndex
    return String(html[start.lowerBound..<end])
  }

  @Test func theWhatIfPanelShowsNamesAndVerdictsOnly() throws {
    let lab = try TestLab.loadExample()
    let publicSite = renderPage(lab, audience: .public)
    let internalSite = renderPage(lab, audience: .internal)
    // Nothing audience-specific in it: the internal page's panel is the public one.
    let section = try Self.whatIfSection(try Support.text(publicSite, "index.html"))
    #expect(section == (try Self.whatIfSection(try Support.text(internalSite, "index.html"))))
    #expect(
      try Support.text(publicSite, "api/v1/whatif.json") == (try Support.text(internalSite, "api/v1/whatif.json")))
    // The JSON carries only these keys, and a machine count rather than a machine list.
    let json = try JSONSerialization.jsonObject(with: Data(try Support.text(publicSite, "api/v1/whatif.json").utf8))
    var keys = Set<String>()
    var machineCounts: [Any] = []
    func walk(_ value: Any) {
      if let d = value as? [String: Any] {
        keys.formUnion(d.keys)
        if let m = d["machines"] { machineCounts.append(m) }
        d.values.forEach(walk)
      } else if let a = value as? [Any] {
        a.forEach(walk)
      }
    }
    walk(json)
    let allowed: Set<String> = [
      "harmless", "horizon", "scenarios", "skipped", "domain", "kind", "machines", "items", "name", "verdict", "plan",
      "outcome", "fixed", "still", "new", "title",
    ]
    #expect(keys.isSubset(of: allowed), "unexpected keys \(keys.subtracting(allowed))")
    #expect(!machineCounts.isEmpty && machineCounts.allSatisfy { $0 is Int }, "machines must be counts")
    // The only machine names shown are the failure domains the panel is about (no list of what each takes with it).
    let panel = Support.visibleText(section)
    let tokens = Set(panel.split { " ,·:".contains($0) }.map(String.init))
    let domains = Set(
      ((json as? [String: Any])?["scenarios"] as? [[String: Any]] ?? []).compactMap { $0["domain"] as? String })
    #expect(domains.contains("hx90") && domains.contains("az-a"))
    let shown = Set(lab.machines.map(\.name)).intersection(tokens)
    #expect(shown.isSubset(of: domains), "machines listed beyond the domains: \(shown.subtracting(domains))")
    // hx90 takes five machines down; none of its VMs is named under it unless it is a domain of its own.
    #expect(!tokens.contains("dns-n2") && !tokens.contains("dev-cp-1"))
    // And only hostnames the page shows anyway: the inventory's hosts (roster) and physical machines (hardware).
    // A VM only a cluster knows is named by role and host instead.
    let onPage = Set(lab.inventory?.hosts ?? []).union(lab.machines.filter { $0.runsOn == nil }.map(\.name))
    let hidden = Set(lab.machines.map(\.name)).subtracting(onPage)
    #expect(hidden.contains("core-cp-1"))
    let jsonTokens = Set(
      try Support.text(publicSite, "api/v1/whatif.json").split { " ,·:\"[]{}\n".contains($0) }.map(String.init))
    #expect(hidden.isDisjoint(with: tokens.union(jsonTokens)), "\(hidden.intersection(tokens.union(jsonTokens)))")
    #expect(panel.contains("core node on hx90"))
  }
}
