import Foundation
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// The VLAN diagram's paths, checked on the SVG: a port-forward runs Internet → edge firewall → the VLAN it lands in,
/// never through the tunnel; the phone layout keeps Internet → tunnel.
@Suite struct NetworkPathTests {
  struct Line: Hashable {
    var x1, y1, x2, y2: Double
  }

  static func lines(_ svg: String) -> [Line] {
    svg.matches(of: /<line x1="([0-9.-]+)" y1="([0-9.-]+)" x2="([0-9.-]+)" y2="([0-9.-]+)"/).map {
      Line(x1: Double($0.output.1)!, y1: Double($0.output.2)!, x2: Double($0.output.3)!, y2: Double($0.output.4)!)
    }
  }

  static func rects(_ svg: String) -> [(x: Double, y: Double, w: Double, h: Double)] {
    svg.matches(of: /<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"/).map {
      (Double($0.output.1)!, Double($0.output.2)!, Double($0.output.3)!, Double($0.output.4)!)
    }
  }

  @Test func thePortForwardRunsFromTheInternetThroughTheFirewallNotTheTunnel() throws {
    let lab = try TestLab.loadExample()
    let svg = NetworkDiagram.svg(lab, audience: .public, width: Diagrams.wide).render()
    let rects = Self.rects(svg)
    let (internet, tunnel, firewall) = (rects[0], rects[1], rects[2])
    #expect(internet.y == tunnel.y && tunnel.x > internet.x + internet.w)
    #expect(firewall.y > internet.y + internet.h)
    let lines = Self.lines(svg)
    // Only one arrow between the ingress boxes: Internet → tunnel. No port-forward box hangs off the tunnel.
    #expect(!svg.contains(">PORT-FORWARD</text></g>"), "a port-forward box in the ingress row")
    let leavingTunnelSideways = lines.filter {
      abs($0.x1 - (tunnel.x + tunnel.w + 3)) < 1.5 || abs($0.x1 - (tunnel.x + tunnel.w + 4)) < 1.5
    }
    #expect(leavingTunnelSideways.isEmpty, "something leaves the tunnel sideways: \(leavingTunnelSideways)")
    // A vertical arrow from the Internet box's bottom into the firewall, labelled PORT-FORWARD.
    #expect(
      lines.contains {
        $0.x1 == $0.x2 && $0.x1 < internet.x + internet.w && abs($0.y1 - (internet.y + internet.h + 3)) < 1
          && abs($0.y2 - (firewall.y - 2)) < 1
      })
    #expect(svg.contains(">PORT-FORWARD</text>"))
    // And on from the firewall into the VLAN it lands on (the DMZ): an arrow ending just above a card.
    let cards = rects.dropFirst(3)
    #expect(
      lines.contains { l in
        l.x1 == l.x2 && cards.contains { abs(l.y2 - ($0.y - 1)) < 1 && l.x2 > $0.x && l.x2 < $0.x + $0.w }
      })
  }

  @Test func thePhoneLayoutKeepsInternetToTunnel() throws {
    let lab = try TestLab.loadExample()
    let svg = NetworkDiagram.svg(lab, audience: .public, width: Diagrams.narrow).render()
    let rects = Self.rects(svg)
    let (internet, tunnel) = (rects[0], rects[1])
    #expect(tunnel.y > internet.y + internet.h)
    #expect(
      Self.lines(svg).contains {
        $0.x1 == $0.x2 && abs($0.y1 - (internet.y + internet.h + 3)) < 1 && abs($0.y2 - (tunnel.y - 3)) < 1
      })
  }

  @Test func aLabWithNoTunnelHasOnlyThePortForwardIn() throws {
    let lab = try #require(try LabLoader().load(SecondLabTests.dir).lab)
    let svg = NetworkDiagram.svg(lab, audience: .public, width: Diagrams.wide).render()
    #expect(svg.contains(">PORT-FORWARD</text>"))
    #expect(!svg.contains("OUTBOUND ONLY"))
    #expect(svg.contains("inbound: port-forward only"))
  }
}

/// One visual grammar: dashed means planned and nothing else, so a lab with no plan draws no dash anywhere, and the
/// example's network (no planned VLAN) draws its denials dotted.
@Suite struct DashGrammarTests {
  static let dashes = ["stroke-dasharray=\"5 4\"", "stroke-dasharray=\"6 5\""]

  @Test func aLabWithNoPlanDrawsNoDash() throws {
    let lab = try #require(try LabLoader().load(SecondLabTests.dir).lab)
    let site = renderPage(lab)
    for path in site.files.map(\.path) where path.hasPrefix("diagrams/") {
      let svg = try Support.text(site, path)
      for dash in Self.dashes { #expect(!svg.contains(dash), "\(path) draws a dash with nothing planned") }
    }
  }

  @Test func denialsAreDottedNotDashed() throws {
    let svg = try Support.text(renderPage(try TestLab.loadExample()), "diagrams/network.svg")
    for dash in Self.dashes { #expect(!svg.contains(dash)) }
    #expect(svg.contains("stroke-dasharray=\"0.5 4\""))
    // The example's HA map and hardware diagram do have planned things, and dash exactly those.
    let ha = try Support.text(renderPage(try TestLab.loadExample()), "diagrams/ha.svg")
    #expect(ha.contains("stroke-dasharray=\"5 4\""))
  }
}
