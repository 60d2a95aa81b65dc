import Foundation
import LabDelivery
import LabModel
import LabTestSupport
import Testing

/// A promotion or rollback cut short between its push and its pull request (a crash, `kill -9`) makes sure of
/// the pull request when it runs again, without pushing again. The git side against a real repository served
/// by git daemon; the GitHub side against `GitHubStandIn`, a local stand-in answering GitHub's documented
/// REST shapes.
@Suite(
  Peers.needs("git", install: "apt-get install git"), Peers.needs("python3", install: "apt-get install python3"))
struct PromotionRecoveryTests {
  static let token = "ghp_standin_recovery"

  static func request(tag: String, delivery: String) -> BumpRequest {
    BumpRequest(
      app: "kian-coffee", cluster: "prod", image: "ghcr.io/OWNER/kian.coffee", tag: tag, delivery: delivery,
      directory: "clusters/prod", promotion: .pullRequest)
  }

  @Test func aPromotionCutShortAfterItsPushGetsItsPullRequestOnTheStandIn() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    let github = try await offPool { try GitHubStandIn(token: Self.token) }
    defer {
      repo.stop()
      github.stop()
    }
    let url = try await offPool { try repo.serve() }
    let checkout = try GitOpsCheckout(
      remote: url, directory: NSTemporaryDirectory() + "labctl-work-" + UUID().uuidString)
    let client = GitHubClient(
      api: try #require(URL(string: github.base)), repository: "OWNER/homelab", token: Self.token)
    let promoter = Promoter(checkout: checkout, github: client)
    let request = Self.request(tag: "v2.0.0", delivery: "d-cut")
    func methods() -> [String] { github.requests().compactMap { $0["method"] as? String } }

    // The git side alone, as a run killed before its pull request leaves it.
    let (push, _) = try checkout.promote(request)
    let pushed = try #require(push.pullRequestCommit)
    #expect(methods().isEmpty)

    // Run again: nothing pushed again, the pull request opened.
    let again = try await promoter.promote(request, blocking: { work in try work() })
    #expect(again.action == .created)
    #expect(again.summary.contains("found \(pushed.prefix(12)) on promote/kian-coffee"), "\(again.summary)")
    #expect(try repo.git(["rev-parse", "promote/kian-coffee"]).hasPrefix(pushed))
    #expect(methods() == ["GET", "POST"])
    let body = try #require(github.requests().last?["body"] as? [String: String])
    #expect(body["body"]?.contains("`v1.0.0` → `v2.0.0`") == true, "\(body)")

    // Cut short after the pull request too: the same pull request is updated, never a second one.
    let third = try await promoter.promote(request, blocking: { work in try work() })
    #expect(third.action == .updated)
    #expect(methods() == ["GET", "POST", "GET", "PATCH"])

    // A rollback cut short the same way, once the promotion is merged (fast-forward, as a rebase merge).
    try repo.git(["update-ref", "refs/heads/main", "refs/heads/promote/kian-coffee"])
    let rollback = Self.request(tag: "rollback", delivery: "r-cut")
    let reverted = try checkout.promoteRollback(rollback)
    let revert = try #require(reverted.push.pullRequestCommit)
    #expect(reverted.fromTags == ["v2.0.0"] && reverted.toTags == ["v1.0.0"])
    let resumed = try await promoter.rollback(rollback, blocking: { work in try work() })
    #expect(resumed.summary.contains("found \(revert.prefix(12))"), "\(resumed.summary)")
    #expect(try repo.git(["rev-parse", "promote/kian-coffee"]).hasPrefix(revert))
    let rolled = try #require(github.requests().last?["body"] as? [String: String])
    #expect(rolled["body"]?.contains("This is a rollback") == true)
    #expect(rolled["body"]?.contains("`v2.0.0` → `v1.0.0`") == true, "\(rolled)")
    #expect(github.requests().filter { $0["method"] as? String == "POST" }.count == 1)

    // Merged, the delivery is found on main: nothing at all, no GitHub call.
    try repo.git(["update-ref", "refs/heads/main", "refs/heads/promote/kian-coffee"])
    let calls = github.requests().count
    let merged = try await promoter.rollback(rollback, blocking: { work in try work() })
    #expect(merged.action == nil && merged.summary.contains("already carried out"), "\(merged.summary)")
    #expect(github.requests().count == calls)
  }
}
