import Foundation
import LabCheck
import LabModel
import LabSpec
import LabTestSupport
import Testing

@testable import LabRender

/// A lab of another shape than the example (`Fixtures/riverside`): two live sites, five VLANs, no tunnel, a
/// WireGuard port-forward, delivery stages as bare names, AdGuard Home for DNS, no game servers, no plan. Its page
/// must read naturally: none of the example's names or seed-specific phrases may show up on it.
@Suite struct SecondLabTests {
  static let dir = TestLab.repoRoot + "/Tests/LabRenderTests/Fixtures/riverside"

  let lab: Lab
  init() throws {
    let result = try LabLoader().load(Self.dir)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map { "\($0.location?.description ?? "?"): \($0.message)" })")
    lab = try #require(result.lab)
  }

  /// Everything a visitor can read: the page and the standalone diagrams, both audiences.
  func readable(_ audience: Audience) throws -> [(path: String, text: String)] {
    let site = renderPage(lab, audience: audience)
    return try site.files.map(\.path).filter { $0 == "index.html" || $0.hasPrefix("diagrams/") }.map {
      ($0, try Support.text(site, $0))
    }
  }

  /// The example's own names and the seed's lab-specific phrases: none belongs on another lab's page.
  static let seedWords = [
    "03//lab", "EliteDesk", "planned · site offline", "site offline", "once the plan lands", "once the second",
    "AZ is offline", "Talos", "talos", "Cloudflare", "cloudflared", "Technitium", "ArgoCD", "ghcr.io", "OWNER",
    "homelab", "game server", "Pelican", "kian", "Proxmox", "MetalLB", "ed-n1", "hx90", "bd-n1", "rpi-n1", "cm-nas",
    "jb-nas", "wings-n1", "core-cp", "dev-cp", "lgtm", "step-ca", "az-a", "az-b", "UniFi", "tunnel only",
    "prod is running",
  ]

  @Test(arguments: [Audience.public, .internal])
  func itsPageCarriesNoneOfTheExamplesWords(_ audience: Audience) throws {
    for (path, text) in try readable(audience) {
      for word in Self.seedWords {
        #expect(!text.contains(word), "\(path) (\(audience)) says '\(word)'")
      }
    }
  }

  /// The check is not vacuous: the example's own page says what the list forbids here.
  @Test func theExamplesPageSaysThoseWords() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    for word in ["03//lab", "EliteDesk", "once the second", "Technitium", "ArgoCD", "hx90", "AZ is offline"] {
      #expect(html.contains(word), "the example's page lacks '\(word)'")
    }
  }

  @Test func itsPageSaysWhatItsModelSays() throws {
    let text = Support.visibleText(try Support.text(renderPage(lab), "index.html"))
    for words in [
      "Riverside", "Two flats, one network.", "AdGuard Home", "k3s-home", "Five VLANs, one firewall.",
      "2 sites — North flat · South flat", "WireGuard",
    ] {
      #expect(text.contains(words), "the page lacks '\(words)'")
    }
    // Every site is live and nothing is planned: no banner, no plan next to a hero figure.
    #expect(!text.contains("offline"))
    #expect(!text.contains("planned"))
  }

  /// One node of the home cluster failing interrupts Flux (one replica, rescheduled: the cluster keeps quorum);
  /// two take the cluster and everything on it down.
  @Test func flux_isInterruptedByOneNodeAndDownWithTheCluster() throws {
    let one = simulate(lab, Scenario(down: try lab.failureDomains(parsing: "nuc-1").get()))
    #expect(one.item("flux")?.verdict == .interrupted)
    #expect(one.item("traefik")?.verdict == .degraded)
    #expect(one.item("home")?.verdict == .degraded)
    #expect(!one.takesSomethingDown)
    let two = simulate(lab, Scenario(down: try lab.failureDomains(parsing: "nuc-1,nuc-2").get()))
    #expect(two.item("home")?.verdict == .down)
    #expect(two.item("flux")?.verdict == .down)
    #expect(two.item("nextcloud")?.verdict == .down)
  }

  @Test func itsHAMapCountsTodayOnly() throws {
    let map = lab.haMap
    #expect(map.planned.isEmpty)
    #expect(
      map.redundant.map(\.title) == [
        "AdGuard Home", "k3s-home · etcd quorum", "Traefik · per cluster", "Kubernetes-managed",
      ])
    #expect(map.single.map(\.title) == ["Flux", "Nightly backups"])
  }
}
