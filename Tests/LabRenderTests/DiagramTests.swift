import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

@Suite struct DiagramTests {
  static let names = ["layers", "delivery", "hardware", "network", "ha"]

  /// Checks one SVG: well-formed, accessible, labels inside the viewBox and apart from each other.
  static func checkLegible(_ svg: String, _ what: String) {
    let g = SVGGeometry.parse(svg)
    #expect(g.error == nil, "\(what) is not well-formed XML: \(String(describing: g.error))")
    #expect(g.hasTitle && g.hasDesc, "\(what) has <title> and <desc>")
    #expect(g.labels.count > 5, "\(what) has real <text>")
    let overlaps = g.overlaps()
    #expect(overlaps.isEmpty, "\(what): \(overlaps.count) overlapping labels, e.g. \(overlaps.prefix(3).map { "\($0.0) × \($0.1)" })")
    let outside = g.outside()
    #expect(outside.isEmpty, "\(what): labels outside the viewBox \(g.width)×\(g.height): \(outside.prefix(3))")
  }

  @Test(arguments: Audience.allCases)
  func exampleDiagramsAreWellFormedAndLegible(_ audience: Audience) throws {
    let site = renderSite(try TestLab.loadExample(), audience: audience)
    for name in Self.names {
      let svg = try Support.text(site, "diagrams/\(name).svg")
      #expect(svg.hasPrefix("<?xml"))
      Self.checkLegible(svg, "diagrams/\(name).svg (\(audience))")
    }
    let inline = Support.inlineSVGs(try Support.text(site, "index.html"))
    #expect(inline.count == 2 * Self.names.count, "a wide and a narrow rendering of each diagram")
    for (i, svg) in inline.enumerated() { Self.checkLegible(svg, "inline svg #\(i) (\(audience))") }
  }

  @Test func layerStackComesFromTheModel() throws {
    let stack = try TestLab.loadExample().layerStack
    #expect(stack.map(\.label) == ["L1", "L2", "L3", "L4", "L5"])
    #expect(stack.filter(\.focal).map(\.title) == ["Platform services"])
    #expect(stack[0].items.map(\.text).contains("3× HP EliteDesk"))
    #expect(stack[0].items.contains { $0.planned && $0.text.contains("+3× HP EliteDesk") })
    #expect(stack[2].items.first?.text == "core · dev · prod — 9 nodes")
    #expect(stack[3].items.map(\.text).contains("ArgoCD"))
    #expect(stack[4].items.map(\.text).contains("kian.coffee"))
  }

  @Test func deliveryTargetCountsItsCluster() throws {
    let boxes = DeliveryDiagram.boxes(try TestLab.loadExample())
    #expect(boxes.last?.detail == "3× bare-metal · PR-gated · rolling")
    #expect(boxes.map(\.edge) == ["BUILD", "DISPATCH", nil, "COMMIT", "SYNC", "PULL"])
  }

  @Test func postureComesFromTheFirewall() throws {
    let p = try TestLab.loadExample().vlanPosture
    #expect(p["mgmt"] == "ISOLATED")
    #expect(p["clients"] == "ALLOW → SERVERS")
    #expect(p["trusted"] == "FOCAL")
    #expect(p["dmz"] == "DENY → SERVERS")
    #expect(p["guest"] == "DENY → LAN")
    #expect(p["iot"] == "DENY + EXCEPT")
  }

  @Test func haMapSplitsRedundantFromSingle() throws {
    let map = try TestLab.loadExample().haMap
    #expect(map.redundant.first?.title == "Technitium DNS")
    #expect(map.redundant.first?.badge == "×3")
    #expect(map.redundant.contains { $0.title == "talos-prod · etcd quorum" && $0.badge == "×3" && !$0.planned })
    #expect(map.redundant.contains { $0.title == "talos-prod-b · etcd quorum" && $0.planned })
    #expect(map.redundant.contains { $0.title == "cloudflared · per cluster" && $0.badge == "×2" })
    #expect(map.redundant.contains { $0.badge == "split" && $0.detail == "eg-internal + eg-public" })
    #expect(Set(map.single.map(\.title)) == ["ArgoCD", "step-ca (private PKI)", "LGTM observability", "Primary NAS"])
    #expect(map.single.first { $0.title == "LGTM observability" }?.detail == "→ migrate to Kubernetes")
    #expect(map.single.first { $0.title == "step-ca (private PKI)" }?.badge == "×1 → ×2")
  }

  @Test(arguments: [2, 10])
  func largerLabsStayLegible(_ scale: Int) throws {
    let (yaml, files) = LargeLab.make(scale: scale)
    let lab = try Support.load(yaml, files: files)
    #expect(lab.machines.count >= 13 * scale)
    let site = renderSite(lab, audience: .internal)
    let base = renderSite(try TestLab.loadExample(), audience: .internal)
    for name in Self.names {
      let svg = try Support.text(site, "diagrams/\(name).svg")
      Self.checkLegible(svg, "diagrams/\(name).svg ×\(scale)")
      // The canvas grows with the lab rather than the labels shrinking.
      let grown = SVGGeometry.parse(svg).height
      let seed = SVGGeometry.parse(try Support.text(base, "diagrams/\(name).svg")).height
      if name != "delivery" { #expect(grown > seed, "\(name) grows: \(grown) vs \(seed)") }
    }
    for (i, svg) in Support.inlineSVGs(try Support.text(site, "index.html")).enumerated() {
      Self.checkLegible(svg, "inline svg #\(i) ×\(scale)")
    }
  }
}

@Suite struct SVGGeometryTests {
  @Test func findsOverlapsAndOverflow() {
    let svg = """
      <svg viewBox="0 0 200 100"><g transform="translate(10 10)">\
      <text x="0" y="20" font-size="12">overlapping label</text></g>\
      <text x="40" y="28" font-size="12">another one</text>\
      <text x="150" y="60" font-size="12">runs off the edge</text></svg>
      """
    let g = SVGGeometry.parse(svg)
    #expect(g.error == nil)
    #expect(g.overlaps().count == 1)
    #expect(g.outside().map(\.text) == ["runs off the edge"])
    #expect(SVGGeometry.parse("<svg><text>unclosed</svg>").error != nil)
  }
}
