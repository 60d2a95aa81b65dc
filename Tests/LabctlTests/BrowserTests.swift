import Foundation
import LabTestSupport
import Testing

/// Headless Chromium, the peer that looks at the page as a person would.
enum Chromium {
  static let path: String? = {
    let env = ProcessInfo.processInfo.environment
    let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
    for dir in dirs {
      for name in ["chromium", "chromium-browser"] {
        if FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
      }
    }
    return nil
  }()

  static var required: Bool { ProcessInfo.processInfo.environment["LABCTL_REQUIRE_PEERS"] == "1" }
}

@Suite("The served page in a real browser")
struct BrowserTests {
  @Test(
    """
    Full-page screenshots at 1280, 768, 390 and 360 px, light and dark; no blank page, console error, CSP violation or \
    broken SVG; no diagram text below 11 CSS px, no overlapping labels, WCAG AA contrast for diagram and planned text
    """,
    .enabled(
      if: Chromium.path != nil || Chromium.required,
      "chromium is not installed (apt-get install chromium); set LABCTL_REQUIRE_PEERS=1 to fail instead"),
    .timeLimit(.minutes(4)))
  func pageInChromium() async throws {
    let chromium = try #require(Chromium.path, "chromium is not installed: apt-get install chromium (scripts/test.sh)")
    let server = try await ServeProcess.start([TestLab.example])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")

    let page = String(decoding: try await server.get("/").body, as: UTF8.self)
    var diagrams = Set<String>()
    for match in page.matches(of: /diagrams\/[a-z0-9_-]+\.svg/) { diagrams.insert(String(match.output)) }
    let out = TestLab.repoRoot + "/.build/screenshots"
    var arguments = [
      TestLab.repoRoot + "/scripts/browser-check.py", server.base + "/", "--out", out,
      "--width", "1280", "--width", "768", "--width", "390", "--width", "360", "--scheme", "light", "--scheme", "dark",
      "--min-font", "11", "--min-contrast", "4.5", "--measures", out + "/measures.json", "--timeout", "160",
      "--chromium", chromium,
    ]
    for name in diagrams.sorted() { arguments += ["--svg", server.base + "/" + name] }

    let run = try await Self.python(arguments, timeout: 170)
    print(run.output)
    #expect(run.status == 0, "browser check failed:\n\(run.output)")
    for width in [1280, 768, 390, 360] {
      for scheme in ["light", "dark"] {
        let name = "page-\(width)-\(scheme).png"
        let shot = try #require(FileManager.default.contents(atPath: "\(out)/\(name)"), "no \(name)")
        #expect(shot.count > 10_000, "\(name) is suspiciously small")
      }
    }
    // What was measured, read back: every width and scheme saw diagram labels, none below the floor.
    let data = try #require(FileManager.default.contents(atPath: out + "/measures.json"))
    let measures = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    #expect(measures.count == 8)
    for m in measures {
      let smallest = try #require(m["smallest_font_px"] as? Double, "\(m)")
      #expect(smallest >= 11, "\(m)")
      #expect((m["labels"] as? Int ?? 0) > 50, "\(m)")
      #expect((m["lowest_contrast"] as? Double ?? 0) >= 4.5, "\(m)")
    }
  }

  /// Runs python3 with `arguments`, awaited off the cooperative pool; stdout and stderr together.
  static func python(_ arguments: [String], timeout: Double) async throws -> (status: Int32, output: String) {
    let run = try await ChildProcess.run("/usr/bin/env", ["python3"] + arguments, timeout: timeout, mergeOutput: true)
    return (run.timedOut ? -1 : run.status, run.stdout + (run.timedOut ? "\n[timed out after \(Int(timeout)) s]" : ""))
  }
}
