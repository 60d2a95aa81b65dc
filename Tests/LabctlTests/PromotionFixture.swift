import Foundation
import LabTestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// What each promotion test starts from: the GitOps repo served by git daemon, the GitHub stand-in, and a
/// token file; commands run against examples/03lab with all three wired in, and a person's steps on GitHub
/// (a commit on the branch, merging the pull request) are done as that person would.
final class PromotionFixture: Sendable {
  let repo: GitOpsRepo
  let github: GitHubStandIn
  let url: String
  let tokenFile: String

  /// `token` is the one the stand-in accepts; `fileToken` the one labctl is given (default the same).
  init(token: String, fileToken: String? = nil) throws {
    repo = try GitOpsRepo(files: GitOpsFixtures.repo())
    github = try GitHubStandIn(token: token)
    url = try repo.serve()
    tokenFile = repo.root + "/token"
    try ((fileToken ?? token) + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
  }

  func stop() {
    repo.stop()
    github.stop()
  }

  /// `labctl COMMAND examples/03lab --app APP ARGS` against the repo and the stand-in.
  func labctl(_ command: String, app: String, _ arguments: [String] = []) async throws -> Labctl.Run {
    try await Labctl.run(
      [command, TestLab.repoRoot + "/examples/03lab", "--app", app] + arguments + [
        "--repo", url, "--github-api", github.base, "--github-token-file", tokenFile,
      ])
  }

  /// The stand-in's requests from labctl (not the test's own `close`), with this method when given.
  func requests(_ method: String? = nil) -> [[String: Any]] {
    github.requests().filter {
      (method == nil || $0["method"] as? String == method) && ($0["body"] as? [String: Any])?["state"] == nil
    }
  }

  /// A person's commit on `branch`, pushed.
  func humanCommit(on branch: String) throws {
    let clone = try humanClone(branch)
    try "note\n".write(toFile: clone + "/NOTE.md", atomically: true, encoding: .utf8)
    try GitOpsRepo.git(["add", "NOTE.md"], in: clone)
    try GitOpsRepo.git(["commit", "-q", "-m", "a human's fix"], in: clone)
    try GitOpsRepo.git(["push", "-q", "origin", branch], in: clone)
  }

  /// A person merges pull request `number` of `branch` on GitHub: a merge commit on main, pushed, the pull
  /// request closed on the stand-in (`PATCH …/pulls/N` with `state: closed`, GitHub's documented call), and
  /// the branch deleted when `deleteBranch`.
  func humanMerge(_ branch: String, pull number: Int, deleteBranch: Bool) async throws {
    let clone = try humanClone("main")
    try GitOpsRepo.git(
      ["merge", "-q", "--no-ff", "-m", "Merge pull request #\(number) from \(branch)", "origin/\(branch)"], in: clone)
    try GitOpsRepo.git(["push", "-q", "origin", "main"], in: clone)
    if deleteBranch { try GitOpsRepo.git(["push", "-q", "origin", "--delete", branch], in: clone) }
    try await github.close(number, repository: "OWNER/homelab")
  }

  private func humanClone(_ branch: String) throws -> String {
    let clone = repo.root + "/human-" + UUID().uuidString
    try GitOpsRepo.git(["clone", "-q", "-b", branch, url, clone], in: repo.root)
    return clone
  }
}

extension GitHubStandIn {
  /// Closes pull request `number` as GitHub's `PATCH /repos/{owner}/{repo}/pulls/{number}` does.
  func close(_ number: Int, repository: String) async throws {
    var request = URLRequest(url: URL(string: "\(base)/repos/\(repository)/pulls/\(number)")!)
    request.httpMethod = "PATCH"
    request.timeoutInterval = 60
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    request.httpBody = Data(#"{"state": "closed"}"#.utf8)
    let (_, response) = try await URLSession.shared.data(for: request)
    guard (response as? HTTPURLResponse)?.statusCode == 200 else {
      throw DaemonError(message: "the stand-in did not close pull request #\(number)")
    }
  }
}
