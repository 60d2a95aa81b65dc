import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

@Suite struct DiagramTests {
  static let names = ["layers", "delivery", "hardware", "network", "ha"]

  /// What is wrong with one SVG: not well-formed, not accessible, labels overlapping or outside the viewBox.
  static func problems(_ svg: String, _ what: String) -> [String] {
    let g = SVGGeometry.parse(svg)
    var out: [String] = []
    if let e = g.error { out.append("\(what) is not well-formed XML: \(e)") }
    if !(g.hasTitle && g.hasDesc) { out.append("\(what) lacks <title> or <desc>") }
    if g.labels.count <= 5 { out.append("\(what) has no real <text>") }
    let overlaps = g.overlaps()
    if !overlaps.isEmpty {
      out.append(
        "\(what): \(overlaps.count) overlapping labels, e.g. \(overlaps.prefix(3).map { "\($0.0) × \($0.1)" })")
    }
    let outside = g.outside()
    if !outside.isEmpty {
      out.append("\(what): labels outside the viewBox \(g.width)×\(g.height): \(outside.prefix(3))")
    }
    return out
  }

  @Test(arguments: Audience.allCases)
  func exampleDiagramsAreWellFormedAndLegible(_ audience: Audience) async throws {
    let lab = try TestLab.loadExample()
    let (problems, standalone, inline) = try await offPool { () throws -> ([String], [String], Int) in
      let site = renderPage(lab, audience: audience)
      var problems: [String] = []
      var standalone: [String] = []
      for name in Self.names {
        let svg = try Support.text(site, "diagrams/\(name).svg")
        standalone.append(String(svg.prefix(5)))
        problems += Self.problems(svg, "diagrams/\(name).svg (\(audience))")
      }
      let inline = Support.inlineSVGs(try Support.text(site, "index.html"))
      for (i, svg) in inline.enumerated() { problems += Self.problems(svg, "inline svg #\(i) (\(audience))") }
      return (problems, standalone, inline.count)
    }
    #expect(problems.isEmpty, "\(problems)")
    #expect(standalone.allSatisfy { $0 == "<?xml" })
    #expect(inline == 2 * Self.names.count, "a wide and a narrow rendering of each diagram")
  }

  @Test func layerStackComesFromTheModel() throws {
    let stack = try TestLab.loadExample().layerStack
    #expect(stack.map(\.label) == ["L1", "L2", "L3", "L4", "L5"])
    #expect(stack.filter(\.focal).map(\.title) == ["Platform services"])
    #expect(stack[0].items.map(\.text).contains("3× HP EliteDesk"))
    #expect(stack[0].items.contains { $0.planned && $0.text.contains("+3× HP EliteDesk") })
    #expect(stack[1].items.map(\.text) == ["Talos Linux — API-driven, no SSH"])
    #expect(stack[2].items.first?.text == "core · dev · prod — 9 control/worker nodes")
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
    // The planned cluster is apart from today's counts, never under "Redundant today".
    #expect(!map.redundant.contains { $0.title == "talos-prod-b · etcd quorum" })
    #expect(map.planned.contains { $0.title == "talos-prod-b · etcd quorum" && $0.planned })
    #expect(map.redundant.count == 7 && map.single.count == 4)
    #expect(map.redundant.contains { $0.title == "cloudflared · per cluster" && $0.badge == "×2" })
    #expect(map.redundant.contains { $0.badge == "split" && $0.detail == "eg-internal + eg-public" })
    #expect(Set(map.single.map(\.title)) == ["ArgoCD", "step-ca (private PKI)", "LGTM observability", "Primary NAS"])
    #expect(map.single.first { $0.title == "LGTM observability" }?.detail == "→ migrate to Kubernetes")
    #expect(map.single.first { $0.title == "step-ca (private PKI)" }?.badge == "×1 → ×2")
  }

  @Test(arguments: [2, 10])
  func largerLabsStayLegible(_ scale: Int) async throws {
    let (yaml, files) = LargeLab.make(scale: scale)
    let lab = try Support.load(yaml, files: files)
    #expect(lab.machines.count >= 13 * scale)
    let example = try TestLab.loadExample()
    let problems = try await offPool { () throws -> [String] in
      let site = renderPage(lab, audience: .internal)
      let base = renderPage(example, audience: .internal)
      var problems: [String] = []
      for name in Self.names {
        let svg = try Support.text(site, "diagrams/\(name).svg")
        problems += Self.problems(svg, "diagrams/\(name).svg ×\(scale)")
        // The canvas grows with the lab rather than the labels shrinking.
        let grown = SVGGeometry.parse(svg).height
        let seed = SVGGeometry.parse(try Support.text(base, "diagrams/\(name).svg")).height
        if name != "delivery", grown <= seed { problems.append("\(name) does not grow: \(grown) vs \(seed)") }
      }
      for (i, svg) in Support.inlineSVGs(try Support.text(site, "index.html")).enumerated() {
        problems += Self.problems(svg, "inline svg #\(i) ×\(scale)")
      }
      return problems
    }
    #expect(problems.isEmpty, "\(problems)")
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
