import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

/// A page people can move around in: a skip link, a section nav, captions that describe, and posture without
/// VLAN ids or port numbers unless the lab asks for them.
@Suite struct PageNavigationTests {
  @Test func aSkipLinkAndANavToEverySection() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    let skip = try #require(html.range(of: "<a class=\"skip\" href=\"#main\">"))
    let main = try #require(html.range(of: "<main id=\"main\">"))
    let nav = try #require(html.range(of: "<nav class=\"toc\" aria-label=\"Sections\">"))
    #expect(skip.lowerBound < nav.lowerBound && nav.lowerBound < main.lowerBound)
    let ids = html.matches(of: /<section id="([a-z]+)" class="section">/).map { String($0.output.1) }
    #expect(ids.count == 9)
    let navBlock = html[nav.lowerBound..<main.lowerBound]
    let links = navBlock.matches(of: /href="#([a-z]+)"/).map { String($0.output.1) }
    #expect(links == ids)
  }

  @Test func captionsDescribeTheDiagramInsteadOfAPath() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    let captions = html.matches(of: /<figcaption>([^<]*)<a href="diagrams\/[a-z]+\.svg">/).map { String($0.output.1) }
    #expect(captions.count == 5)
    for caption in captions {
      #expect(caption.count > 60, "caption too short: \(caption)")
      #expect(!caption.contains(".svg"))
    }
    #expect(captions.contains { $0.hasPrefix("Left: what is already redundant") })
  }

  @Test func noHeadingEndsOnOneOrphanedWord() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    let headings = html.matches(of: /<h[12]>([^<]+)<\/h[12]>/).map { String($0.output.1) }
    #expect(headings.count >= 9)
    for heading in headings where heading.contains(" ") {
      #expect(heading.contains("\u{00A0}"), "'\(heading)' can end on one word")
    }
  }

  /// Posture, not addresses: VLAN ids and port numbers only with `page.show_ports: true` (always internally).
  @Test func portsAndVLANIdsOnlyWhenTheLabAsks() throws {
    let example = try Support.exampleFiles()
    let lab = try Support.load(example.yaml, files: example.files)
    func visible(_ lab: Lab, _ audience: Audience) throws -> String {
      let site = renderPage(lab, audience: audience)
      return try ["index.html", "diagrams/network.svg"].map { try Support.text(site, $0) }.joined()
    }
    let hidden = try visible(lab, .public)
    for word in ["tcp/25565", "tcp/8123", "VLAN 30", "VLAN 10 "] {
      #expect(!hidden.contains(word), "the public page shows '\(word)'")
    }
    #expect(hidden.contains("VLAN · TRUSTED"))
    #expect(hidden.contains("inbound port-forward → wings-n1"))
    let asked = try Support.load(example.yaml + "\npage:\n  show_ports: true\n", files: example.files)
    #expect(asked.meta.showPorts)
    let shown = try visible(asked, .public)
    for word in ["tcp/25565", "allow tcp/8123 → Servers (Trusted)", "VLAN 30 · TRUSTED"] {
      #expect(shown.contains(word), "show_ports: the page lacks '\(word)'")
    }
    #expect(try visible(lab, .internal).contains("VLAN 30 · TRUSTED"))
  }

  /// The JSON API keeps the page's rule: no VLAN id, port number or image reference (the example's are
  /// `ghcr.io/OWNER/…` placeholders) in the public audience; all of them internally and ids and ports with
  /// `page.show_ports`.
  @Test func theAPIShowsNoVLANIdPortOrImageUnlessAsked() throws {
    let example = try Support.exampleFiles()
    let lab = try Support.load(example.yaml, files: example.files)
    func api(_ lab: Lab, _ audience: Audience) throws -> String {
      let site = renderPage(lab, audience: audience)
      return try site.files.filter { $0.path.hasSuffix(".json") }.map { try Support.text(site, $0.path) }.joined()
    }
    let hidden = try api(lab, .public)
    for word in ["\"id\" : 30", "\"ports\"", "25565", "8123", "OWNER", "ghcr.io/", "tcp/"] {
      #expect(!hidden.contains(word), "the public API shows '\(word)'")
    }
    #expect(hidden.contains("\"posture\" : \"ALLOW → SERVERS\""), "the posture itself is public")
    let inside = try api(lab, .internal)
    for word in ["\"id\" : 30", "tcp/25565", "ghcr.io/OWNER/kian.coffee"] {
      #expect(inside.contains(word), "the internal API lacks '\(word)'")
    }
    let asked = try api(Support.load(example.yaml + "\npage:\n  show_ports: true\n", files: example.files), .public)
    #expect(asked.contains("\"id\" : 30") && asked.contains("tcp/25565"))
    #expect(!asked.contains("OWNER"))
  }
}
