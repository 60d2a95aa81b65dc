import Foundation
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// The GitOps flow tells the truth, checked on the SVG's structure: Actions publishes to the registry and dispatches
/// to the GitOps repo (two edges out of it), the registry triggers nothing, the target pulls from the registry, and
/// the flow is one row on the wide drawing.
@Suite struct DeliveryFlowTests {
  struct Box {
    var x, y, width, height: Double
  }

  /// The stage boxes (the first rects after the background, one per stage, in stage order) and the edge labels.
  static func parse(_ svg: String, stages: Int) -> (boxes: [Box], labels: [String: (x: Double, y: Double)]) {
    let rects = svg.matches(of: /<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"/).map {
      Box(x: Double($0.output.1)!, y: Double($0.output.2)!, width: Double($0.output.3)!, height: Double($0.output.4)!)
    }
    var labels: [String: (x: Double, y: Double)] = [:]
    for m in svg.matches(of: /<text x="([0-9.]+)" y="([0-9.]+)"[^>]*>([A-Z]+)<\/text>/) {
      labels[String(m.output.3)] = (Double(m.output.1)!, Double(m.output.2)!)
    }
    return (Array(rects.prefix(stages)), labels)
  }

  @Test func theExamplesFlowHasTheSeedsEdges() throws {
    let lab = try TestLab.loadExample()
    let svg = try Support.text(renderPage(lab), "diagrams/delivery.svg")
    let (boxes, labels) = Self.parse(svg, stages: 6)
    // Stage order: push, build, registry, dispatch, gitops, rollout.
    let (push, build, registry, dispatch, gitops, rollout) = (
      boxes[0], boxes[1], boxes[2], boxes[3], boxes[4], boxes[5]
    )
    // One row of the flow on the wide drawing; the registry below it, under the stage that publishes to it.
    #expect(Set([push.y, build.y, dispatch.y, gitops.y, rollout.y]).count == 1)
    #expect(registry.y > build.y + build.height)
    #expect(abs(registry.x - build.x) < 1)
    // DISPATCH sits between Actions and the dispatch stage: the registry does not trigger it.
    let d = try #require(labels["DISPATCH"])
    #expect(d.x > build.x + build.width && d.x < dispatch.x)
    for (label, from, to) in [("BUILD", push, build), ("COMMIT", dispatch, gitops), ("SYNC", gitops, rollout)] {
      let l = try #require(labels[label], "no \(label)")
      #expect(l.x > from.x + from.width && l.x < to.x, "\(label) is not on its edge")
    }
    // Publish and pull are real edges into the registry, below the flow.
    let publish = try #require(labels["PUBLISH"])
    let pull = try #require(labels["PULL"])
    #expect(publish.y > build.y + build.height && publish.y < registry.y)
    #expect(pull.y > rollout.y + rollout.height && pull.y < registry.y)
    #expect(pull.x > rollout.x)
    // Nothing leaves the registry's right edge towards the dispatch stage.
    let right = registry.x + registry.width + 3
    #expect(!svg.contains("x1=\"\(fmt(right))\""))
    #expect(!svg.contains("stroke-dasharray"), "nothing in the flow is planned, so nothing is dashed")
    #expect(svg.contains("APP CI + HOMELAB GITOPS REPO") || svg.contains("app CI + homelab GitOps repo"))
    #expect(!svg.contains("OWNER"))
  }

  @Test func bareNameStagesGetTitlesOneFocalStageAndSolidArrows() throws {
    let result = try LabLoader().load(SecondLabTests.dir)
    let lab = try #require(result.lab)
    let svg = try Support.text(renderPage(lab), "diagrams/delivery.svg")
    #expect(!svg.contains("stroke-dasharray"))
    #expect(svg.components(separatedBy: ">FOCAL<").count == 2)
    for title in ["Commit", "Build", "Publish", "Reconcile", "Deploy"] {
      #expect(svg.contains(">\(title)<"), "\(title)")
    }
    #expect(!svg.contains(">async"))
  }
}

/// Wrapped diagram labels never end on one orphaned word when the word before it fits on the last line too.
@Suite struct OrphanTests {
  @Test func wrapTakesTheWordBeforeAnOrphanDown() {
    #expect(
      Metrics.wrap("cloudflared · 2 replicas/cluster ×2", limit: 30) == ["cloudflared · 2", "replicas/cluster ×2"])
    #expect(
      Metrics.wrap("deny-by-default between tiers · 2 allow rules", limit: 40) == [
        "deny-by-default between tiers · 2", "allow rules",
      ])
    // A single word that does not fit with its neighbour stays alone rather than overflowing.
    #expect(Metrics.wrap("abcdefgh ijklmnop", limit: 9) == ["abcdefgh", "ijklmnop"])
  }

  /// Every diagram of the example and the second lab, wide and narrow: no paragraph's last line is one short word
  /// (`×2`, `AXFR`) under a line of several words.
  @Test func noDiagramLabelEndsOnAnOrphan() throws {
    let second = try #require(try LabLoader().load(SecondLabTests.dir).lab)
    for lab in [try TestLab.loadExample(), second] {
      let site = renderPage(lab)
      for path in site.files.map(\.path) where path.hasPrefix("diagrams/") {
        let svg = try Support.text(site, path)
        let texts = svg.matches(of: /<text x="([0-9.]+)" y="([0-9.]+)"[^>]* font-size="([0-9.]+)"[^>]*>([^<]*)<\/text>/)
          .map {
            (x: $0.output.1, y: Double($0.output.2)!, size: Double($0.output.3)!, text: String($0.output.4))
          }
        for (above, line) in zip(texts, texts.dropFirst())
        where above.x == line.x && above.size == line.size && abs(line.y - above.y - line.size * 1.35) < 0.2 {
          let orphan = !line.text.contains(" ") && line.text.count <= 6 && above.text.split(separator: " ").count >= 3
          #expect(!orphan, "\(lab.meta.name) \(path): '\(above.text)' / '\(line.text)'")
        }
      }
    }
  }
}
