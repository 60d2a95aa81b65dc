import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

@Suite struct SiteTests {
  @Test func rendersEveryContractFile() throws {
    let lab = try TestLab.loadExample()
    let site = renderSite(lab, audience: .public)
    for path in ["index.html", "style.css", "lab.json", "diagrams/layers.svg", "api/v1/summary.json"] {
      #expect(site[path] != nil, "missing \(path)")
    }
  }
}
