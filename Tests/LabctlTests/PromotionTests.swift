import Foundation
import LabTestSupport
import Testing

/// Promotion by pull request: the git side against a real repository served by git daemon, the GitHub side
/// against `GitHubStandIn` — a local stand-in answering GitHub's documented REST shapes, since GitHub
/// itself cannot run here.
@Suite(
  Peers.needs("git", install: "apt-get install git"), Peers.needs("python3", install: "apt-get install python3"))
struct PromotionTests {
  static let token = "ghp_standin_\(UUID().uuidString.prefix(8))"

  @Test func promotionPullRequestsAgainstTheGitHubStandIn() async throws {
    let fixture = try await offPool { try PromotionFixture(token: Self.token) }
    defer { fixture.stop() }
    let (repo, github) = (fixture.repo, fixture.github)
    func bump(_ tag: String) async throws -> Labctl.Run {
      try await fixture.labctl("bump", app: "kian-coffee", ["--tag", tag])
    }
    let mainBefore = try repo.git(["rev-parse", "main"])

    let first = try await bump("v2.0.0")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("pull request #1 created"), "\(first.stdout)")
    #expect(try repo.git(["rev-parse", "main"]) == mainBefore, "prod's bump must not touch main")
    #expect(
      try repo.show("clusters/prod/kian-coffee/kustomization.yaml", ref: "promote/kian-coffee")
        == GitOpsFixtures.kustomization(tag: "v2.0.0"))
    var requests = github.requests()
    #expect(requests.map { $0["method"] as? String } == ["GET", "POST"])
    #expect(requests.allSatisfy { $0["authorized"] as? Bool == true })
    #expect(requests.first?["query"] as? String == "head=OWNER:promote/kian-coffee&state=open")
    let created = try #require(requests.last?["body"] as? [String: String])
    #expect(created["head"] == "promote/kian-coffee" && created["base"] == "main")
    #expect(created["body"]?.contains("`v1.0.0` → `v2.0.0`") == true)

    // A newer tag refreshes the branch (one commit over main) and the same pull request.
    let second = try await bump("v2.1.0")
    #expect(second.stdout.contains("pull request #1 updated"), "\(second.stdout)\(second.stderr)")
    #expect(try repo.log("main..promote/kian-coffee").count == 1)
    requests = github.requests()
    #expect(requests.map { $0["method"] as? String } == ["GET", "POST", "GET", "PATCH"])
    #expect(requests.last?["path"] as? String == "/repos/OWNER/homelab/pulls/1")

    // The same tag again, or prod's own tag: no push and no GitHub call at all.
    let same = try await bump("v2.1.0")
    #expect(same.status == 0 && same.stdout.contains("no pull request call"), "\(same.stdout)\(same.stderr)")
    let back = try await bump("v1.0.0")
    #expect(back.status == 0 && back.stdout.contains("no pull request call"), "\(back.stdout)\(back.stderr)")
    #expect(github.requests().count == 4)

    // A human's commit on the branch stops labctl, and the branch keeps it.
    try fixture.humanCommit(on: "promote/kian-coffee")
    let humanHead = try repo.git(["rev-parse", "promote/kian-coffee"])
    let stopped = try await bump("v3.0.0")
    #expect(stopped.status == 1)
    #expect(stopped.stderr.contains("that labctl did not make"), "\(stopped.stderr)")
    #expect(stopped.stderr.contains("by Test Human"))
    #expect(try repo.git(["rev-parse", "promote/kian-coffee"]) == humanHead)
    #expect(github.requests().count == 4)
    #expect(!github.requests().contains { ($0["path"] as? String)?.hasSuffix("/merge") == true })
    for run in [first, second, same, back, stopped] {
      #expect(!(run.stdout + run.stderr).contains(Self.token), "the token leaked")
    }
  }

  @Test func aWrongTokenIsAClearErrorThatDoesNotShowIt() async throws {
    let wrong = "ghp_wrong_\(UUID().uuidString.prefix(8))"
    let fixture = try await offPool { try PromotionFixture(token: Self.token, fileToken: wrong) }
    defer { fixture.stop() }
    let run = try await fixture.labctl("bump", app: "kian-coffee", ["--tag", "v2"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("GitHub answered GET /repos/OWNER/homelab/pulls with 401"), "\(run.stderr)")
    #expect(!(run.stdout + run.stderr).contains(wrong))
  }

  /// End to end: one signed dispatch to a running labctl serve → a commit on main for dev, and for prod the
  /// branch plus exactly one pull request request to the stand-in.
  @Test func aDispatchCommitsDevAndOpensOnePullRequestForProd() async throws {
    try await WebhookLab.withGitHubStandIn(token: Self.token) { lab, github throws in
      let body = WebhookLab.body(app: "hausparty", tag: "v4.2.0", cluster: nil)
      #expect(try await lab.post(body, delivery: "d-e2e", signature: WebhookLab.sign(body)).status == 202)
      let done = await waitUntil(seconds: 120) {
        github.requests().contains { $0["method"] as? String == "POST" }
      }
      #expect(done, "\(lab.server?.stderr ?? "")")
      #expect(try lab.repo.show("clusters/dev/argocd/hausparty.yaml") == GitOpsFixtures.application(tag: "v4.2.0"))
      #expect(try lab.repo.show("clusters/prod/argocd/hausparty.yaml") == GitOpsFixtures.application(tag: "v1.0.0"))
      #expect(
        try lab.repo.show("clusters/prod/argocd/hausparty.yaml", ref: "promote/hausparty")
          == GitOpsFixtures.application(tag: "v4.2.0"))
      #expect(github.requests().filter { $0["method"] as? String == "POST" }.count == 1)
      #expect(await waitUntil(seconds: 60) { await lab.metric(#"labctl_promotion_prs_total{action="created"}"#) == 1 })
      let log = lab.server?.stderr ?? ""
      #expect(!log.contains(Self.token), "the token leaked")
    }
  }
}
