import Foundation
import LabTestSupport
import Testing

/// Rolling back a cluster promoted by pull request: the `git revert` of the app's last merged bump goes to
/// `promote/APP` and the one promotion pull request. The git side against a real repository served by git
/// daemon; the GitHub side against `GitHubStandIn`, a local stand-in answering GitHub's documented REST shapes.
@Suite(
  Peers.needs("git", install: "apt-get install git"), Peers.needs("python3", install: "apt-get install python3"))
struct PromotionRollbackTests {
  static let token = PromotionTests.token

  @Test func rollbackOfAPullRequestClusterGoesThroughThePromotionPullRequestOnTheStandIn() async throws {
    let fixture = try await offPool { try PromotionFixture(token: Self.token) }
    defer { fixture.stop() }
    let repo = fixture.repo
    func rollback() async throws -> Labctl.Run { try await fixture.labctl("rollback", app: "kian-coffee") }
    let kustomization = "clusters/prod/kian-coffee/kustomization.yaml"
    let deployment = "clusters/prod/kian-coffee/deployment.yaml"

    // Nothing merged yet: nothing to roll back, and no GitHub call.
    let none = try await rollback()
    #expect(none.status == 1 && none.stderr.contains("no bump of kian-coffee on prod to roll back"), "\(none.stderr)")
    #expect(fixture.requests().isEmpty)

    // v2.0.0 promoted and merged by a person (a merge commit; the branch kept).
    let bump = try await fixture.labctl("bump", app: "kian-coffee", ["--tag", "v2.0.0"])
    #expect(bump.stdout.contains("pull request #1 created"), "\(bump.stdout)\(bump.stderr)")
    try await fixture.humanMerge("promote/kian-coffee", pull: 1, deleteBranch: false)
    #expect(try repo.show(kustomization) == GitOpsFixtures.kustomization(tag: "v2.0.0"))
    let mainBefore = try repo.git(["rev-parse", "main"])

    let first = try await rollback()
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("rollback v2.0.0 → v1.0.0"), "\(first.stdout)")
    #expect(first.stdout.contains("pull request #2 created"), "\(first.stdout)")
    #expect(try repo.git(["rev-parse", "main"]) == mainBefore, "a rollback by pull request must not touch main")
    #expect(try repo.show(kustomization, ref: "promote/kian-coffee") == GitOpsFixtures.kustomization(tag: "v1.0.0"))
    #expect(try repo.show(deployment, ref: "promote/kian-coffee") == GitOpsFixtures.deployment(tag: "v1.0.0"))
    let commits = try repo.log("main..promote/kian-coffee", format: "%B%x00").joined(separator: "\n")
    #expect(try repo.log("main..promote/kian-coffee").count == 1)
    #expect(commits.contains("This reverts commit ") && commits.contains("Labctl-Rollback: kian-coffee/prod"))
    let posts = fixture.requests("POST")
    #expect(posts.count == 2)
    let created = try #require(posts.last?["body"] as? [String: String])
    #expect(created["head"] == "promote/kian-coffee" && created["base"] == "main")
    #expect(created["title"] == "rollback kian-coffee to v1.0.0 on prod")
    #expect(created["body"]?.contains("This is a rollback") == true, "\(created["body"] ?? "")")
    #expect(created["body"]?.contains("`v2.0.0` → `v1.0.0`") == true, "\(created["body"] ?? "")")

    // The same rollback again before anyone merged it: nothing pushed, no GitHub call.
    let calls = fixture.requests().count
    let again = try await rollback()
    #expect(again.status == 0 && again.stdout.contains("no pull request call"), "\(again.stdout)\(again.stderr)")
    #expect(fixture.requests().count == calls)

    // A person's commit on the branch stops the rollback, and the branch keeps it.
    try fixture.humanCommit(on: "promote/kian-coffee")
    let humanHead = try repo.git(["rev-parse", "promote/kian-coffee"])
    let stopped = try await rollback()
    #expect(stopped.status == 1 && stopped.stderr.contains("that labctl did not make"), "\(stopped.stderr)")
    #expect(try repo.git(["rev-parse", "promote/kian-coffee"]) == humanHead)
    #expect(fixture.requests().count == calls)
    #expect(!fixture.requests().contains { ($0["path"] as? String)?.hasSuffix("/merge") == true })
    for run in [none, bump, first, again, stopped] {
      #expect(!(run.stdout + run.stderr).contains(Self.token), "the token leaked")
    }
  }

  /// labctl's own rollback commit on the branch is not a person's: a later bump replaces it and updates the
  /// same pull request.
  @Test func aBumpAfterARollbackUpdatesTheSamePullRequestOnTheStandIn() async throws {
    let fixture = try await offPool { try PromotionFixture(token: Self.token) }
    defer { fixture.stop() }
    _ = try await fixture.labctl("bump", app: "techgarden", ["--tag", "v2"])
    try await fixture.humanMerge("promote/techgarden", pull: 1, deleteBranch: true)
    let rolled = try await fixture.labctl("rollback", app: "techgarden", ["--cluster", "prod"])
    #expect(rolled.status == 0 && rolled.stdout.contains("pull request #2 created"), "\(rolled.stdout)\(rolled.stderr)")
    let bumped = try await fixture.labctl("bump", app: "techgarden", ["--tag", "v3", "--cluster", "prod"])
    #expect(bumped.status == 0 && bumped.stdout.contains("pull request #2 updated"), "\(bumped.stdout)\(bumped.stderr)")
    #expect(
      try fixture.repo.show("clusters/prod/techgarden/values.yaml", ref: "promote/techgarden")
        == GitOpsFixtures.values(tag: "v3"))
    #expect(try fixture.repo.log("main..promote/techgarden", format: "%B").contains("Labctl-Bump: techgarden/prod"))
    #expect(fixture.requests("POST").count == 2)
  }

  /// The webhook's `rollback` event for a cluster promoted by pull request: the revert on `promote/APP` and a
  /// pull request to the stand-in; the same delivery again does nothing.
  @Test func aRollbackEventForThePullRequestClusterOpensItsPullRequestOnTheStandIn() async throws {
    try await WebhookLab.withGitHubStandIn(token: Self.token) { lab, github throws in
      func posts() -> Int { github.requests().filter { $0["method"] as? String == "POST" }.count }
      let bump = WebhookLab.body(app: "app4", tag: "v1", cluster: "prod")
      #expect(try await lab.post(bump, delivery: "p-bump", signature: WebhookLab.sign(bump)).status == 202)
      #expect(await waitUntil(seconds: 120) { posts() == 1 }, "\(lab.server?.stderr ?? "")")
      // A person merges the promotion on GitHub, and GitHub deletes its branch.
      let clone = lab.repo.root + "/human"
      try GitOpsRepo.git(["clone", "-q", lab.url, clone], in: lab.repo.root)
      try GitOpsRepo.git(["merge", "-q", "--no-ff", "-m", "Merge pull request #1", "origin/promote/app4"], in: clone)
      try GitOpsRepo.git(["push", "-q", "origin", "main", ":promote/app4"], in: clone)
      try await github.close(1, repository: "OWNER/homelab")
      #expect(try lab.repo.show("clusters/prod/app4/deployment.yaml") == WebhookLab.deployment("app4", tag: "v1"))
      let mainBefore = try lab.repo.git(["rev-parse", "main"])

      let rollback = WebhookLab.body(app: "app4", tag: nil, cluster: "prod", event: "rollback")
      #expect(try await lab.post(rollback, delivery: "p-back", signature: WebhookLab.sign(rollback)).status == 202)
      #expect(await waitUntil(seconds: 120) { posts() == 2 }, "\(lab.server?.stderr ?? "")")
      #expect(try lab.repo.git(["rev-parse", "main"]) == mainBefore)
      #expect(
        try lab.repo.show("clusters/prod/app4/deployment.yaml", ref: "promote/app4")
          == WebhookLab.deployment("app4", tag: "v0"))
      #expect(try lab.commits(carrying: "p-back", on: "promote/app4") == 1)
      let created = try #require(
        github.requests().last { $0["method"] as? String == "POST" }?["body"] as? [String: String])
      #expect(created["body"]?.contains("This is a rollback") == true)
      #expect(created["body"]?.contains("`v1` → `v0`") == true, "\(created["body"] ?? "")")
      #expect(await waitUntil(seconds: 60) { await lab.metric(#"labctl_bumps_total{result="rolled_back"}"#) == 1 })
      let replay = try await lab.post(rollback, delivery: "p-back", signature: WebhookLab.sign(rollback))
      #expect(replay.status == 200 && replay.body.contains("duplicate"))
      let log = lab.server?.stderr ?? ""
      #expect(!log.contains(Self.token), "the token leaked")
    }
  }

  @Test func aRollbackOfAPullRequestClusterWithoutATokenChangesNothing() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let before = try repo.git(["for-each-ref"])
    let run = try await Labctl.run([
      "rollback", TestLab.repoRoot + "/examples/03lab", "--app", "kian-coffee", "--repo", url,
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("its rollback is a pull request; set LABCTL_GITHUB_TOKEN"), "\(run.stderr)")
    #expect(try repo.git(["for-each-ref"]) == before)
  }
}
