import Foundation
import LabTestSupport
import Testing

/// `POST /hooks/github` on a running `labctl serve`, against a real GitOps repo served by git daemon.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct WebhookTests {
  /// End to end: a signed dispatch → 202 → a commit on main for dev; every bad dispatch changes nothing
  /// and is logged with its reason; the secret is never logged.
  @Test func aSignedDispatchCommitsAndEveryBadOneChangesNothing() async throws {
    let lab = try await offPool { try WebhookLab() }
    defer { lab.stop() }
    try await lab.start()
    let body = WebhookLab.body(app: "kian-coffee", tag: "v1.2.0")
    let ok = try await lab.post(body, delivery: "d-good", signature: WebhookLab.sign(body))
    #expect(ok.status == 202, "\(ok.body)")
    let landed = await waitUntil(seconds: 120) {
      (try? lab.repo.show("clusters/dev/kian-coffee/kustomization.yaml").contains("newTag: \"v1.2.0\"")) ?? false
    }
    #expect(landed, "\(lab.server?.stderr ?? "")")
    #expect(try lab.commits(carrying: "d-good") == 1)
    let before = try lab.repo.log()

    let other = WebhookLab.body(app: "kian-coffee", tag: "v6.6.6")
    let unsigned = try await lab.post(other, delivery: "d-unsigned", signature: nil)
    #expect(unsigned.status == 401)
    let tampered = try await lab.post(other, delivery: "d-tampered", signature: WebhookLab.sign(body))
    #expect(tampered.status == 401)
    let wrongKey = try await lab.post(other, delivery: "d-key", signature: WebhookLab.sign(other, secret: "guess"))
    #expect(wrongKey.status == 401)
    var big = Data(count: (1 << 20) + 1)
    big.replaceSubrange(0..<other.count, with: other)
    let oversize = try await lab.post(big, delivery: "d-big", signature: WebhookLab.sign(big))
    #expect(oversize.status == 413)
    let malformed = Data("{not json".utf8)
    #expect(try await lab.post(malformed, delivery: "d-bad", signature: WebhookLab.sign(malformed)).status == 400)
    let stranger = WebhookLab.body(app: "nope", tag: "v1")
    #expect(try await lab.post(stranger, delivery: "d-app", signature: WebhookLab.sign(stranger)).status == 422)
    let badTag = WebhookLab.body(app: "kian-coffee", tag: "v1;rm")
    #expect(try await lab.post(badTag, delivery: "d-tag", signature: WebhookLab.sign(badTag)).status == 422)
    let event = WebhookLab.body(app: "kian-coffee", tag: "v9", event: "deploy")
    #expect(try await lab.post(event, delivery: "d-event", signature: WebhookLab.sign(event)).status == 422)
    let replay = try await lab.post(body, delivery: "d-good", signature: WebhookLab.sign(body))
    #expect(replay.status == 200 && replay.body.contains("duplicate"))

    // Give the worker every chance to act on anything it wrongly queued: a later good dispatch lands, so
    // all before it were handled.
    let probe = WebhookLab.body(app: "app4", tag: "v-probe")
    #expect(try await lab.post(probe, delivery: "d-probe", signature: WebhookLab.sign(probe)).status == 202)
    #expect(
      await waitUntil(seconds: 120) { (try? lab.commits(carrying: "d-probe")) == 1 }, "\(lab.server?.stderr ?? "")")
    #expect(try lab.repo.log().dropFirst() == before[...])
    #expect(try lab.commits(carrying: "d-good") == 1)
    let log = lab.server?.stderr ?? ""
    for (id, reason) in [
      ("d-unsigned", "no X-Hub-Signature-256"), ("d-tampered", "bad X-Hub-Signature-256"),
      ("d-big", "(413)"), ("d-bad", "not a JSON object"), ("d-app", "unknown app 'nope'"),
      ("d-tag", "is not an image tag"), ("d-event", "event type 'deploy'"), ("d-good", "a replay"),
    ] {
      #expect(log.contains("delivery \(id) ") && log.contains(reason), "no '\(reason)' logged for \(id)")
    }
    #expect(!log.contains(WebhookLab.secret))
    #expect(await lab.metric(#"labctl_dispatches_total{outcome="bad_signature"}"#) == 3)
    #expect(await lab.metric(#"labctl_dispatches_total{outcome="duplicate"}"#) == 1)
    #expect(await lab.metric(#"labctl_bumps_total{result="committed"}"#) == 2)
  }

  /// A body announced as over 1 MiB is answered 413 before any of it is sent, and the connection closed.
  @Test func anOversizeBodyIsRefusedBeforeItIsRead() async throws {
    let lab = try await offPool { try WebhookLab() }
    defer { lab.stop() }
    try await lab.start()
    let port = try #require(lab.server?.port)
    let connection = try #require(RawConnection(port: port))
    #expect(
      connection.send(
        "POST /hooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "X-GitHub-Event: repository_dispatch\r\nX-GitHub-Delivery: d-huge\r\nContent-Length: 1048577\r\n\r\n{"))
    let response = await connection.readResponse(seconds: 60)
    #expect(response.status == 413)
    #expect(await connection.waitClosed(seconds: 60))
  }
}

/// The webhook's `rollback` event: a git revert of the last bump, done once.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct WebhookRollbackTests {
  @Test func aRollbackEventRevertsTheLastBump() async throws {
    let lab = try await offPool { try WebhookLab() }
    defer { lab.stop() }
    try await lab.start()
    let bump = WebhookLab.body(app: "app4", tag: "v1")
    #expect(try await lab.post(bump, delivery: "r-bump", signature: WebhookLab.sign(bump)).status == 202)
    #expect(await waitUntil(seconds: 120) { (try? lab.commits(carrying: "r-bump")) == 1 })
    let rollback = try JSONSerialization.data(
      withJSONObject: [
        "action": "rollback", "client_payload": ["app": "app4", "cluster": "dev"],
        "repository": ["full_name": "OWNER/homelab"],
      ], options: [.sortedKeys])
    #expect(try await lab.post(rollback, delivery: "r-back", signature: WebhookLab.sign(rollback)).status == 202)
    #expect(
      await waitUntil(seconds: 120) { (try? lab.commits(carrying: "r-back")) == 1 }, "\(lab.server?.stderr ?? "")")
    #expect(try lab.repo.show("clusters/dev/app4/deployment.yaml").contains("ghcr.io/OWNER/app4:v0"))
    #expect(try lab.repo.log(format: "%B").joined(separator: "\n").contains("This reverts commit "))
  }
}

/// `labctl dispatch` and `labctl bump` as a user runs them.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct DeliveryCommandTests {
  @Test func dispatchSendsASignedEventThatLands() async throws {
    let lab = try await offPool { try WebhookLab() }
    defer { lab.stop() }
    try await lab.start()
    let base = try #require(lab.server?.base)
    let run = try await Labctl.run([
      "dispatch", "--app", "app5", "--tag", "v7", "--cluster", "dev", "--url", base + "/hooks/github",
      "--secret-file", lab.secretFile, "--delivery", "d-cli",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "dispatch d-cli: queued (202)\n")
    #expect(await waitUntil(seconds: 120) { (try? lab.commits(carrying: "d-cli")) == 1 })
    let again = try await Labctl.run([
      "dispatch", "--app", "app5", "--tag", "v7", "--cluster", "dev", "--url", base + "/hooks/github",
      "--secret-file", lab.secretFile, "--delivery", "d-cli",
    ])
    #expect(again.stdout == "dispatch d-cli: already received (200)\n")
    try "wrong\n".write(toFile: lab.lab.path + "/wrong.secret", atomically: true, encoding: .utf8)
    let refused = try await Labctl.run([
      "dispatch", "--app", "app5", "--tag", "v8", "--url", base + "/hooks/github",
      "--secret-file", lab.lab.path + "/wrong.secret",
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("refused (401)"))
    #expect(!(refused.stdout + refused.stderr + run.stdout + run.stderr).contains(WebhookLab.secret))
  }

  @Test func bumpCommitsOnceAndSaysSoWhenTheTagIsThere() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let lab = TestLab.repoRoot + "/examples/03lab"
    let arguments = [
      "bump", lab, "--app", "techgarden", "--tag", "v3.1.0", "--cluster", "dev", "--repo", url, "--source", "abc1234",
    ]
    let first = try await Labctl.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.hasPrefix("techgarden on dev: v1.0.0 → v3.1.0, committed "))
    #expect(try repo.show("clusters/dev/techgarden/values.yaml") == GitOpsFixtures.values(tag: "v3.1.0"))
    let second = try await Labctl.run(arguments)
    #expect(second.status == 0)
    #expect(second.stdout == "techgarden on dev: already at v3.1.0; nothing committed\n")
    #expect(try repo.log().count == 2)
  }

  @Test(arguments: [
    (["--app", "kian-cofee", "--tag", "v2"], "unknown app 'kian-cofee' (did you mean 'kian-coffee'?)"),
    (["--app", "kian-coffee", "--tag", "v2;x"], "is not an image tag"),
    (["--app", "pelican", "--tag", "v2"], "app 'pelican' has no image in lab.yaml"),
    (["--app", "kian-coffee", "--tag", "v2"], "cluster 'prod' is promoted by pull request"),
    (["--app", "kian-coffee", "--tag", "v2", "--cluster", "prd"], "unknown cluster 'prd' (did you mean 'prod'?)"),
  ])
  func badBumpsAreClearErrors(_ extra: [String], _ message: String) async throws {
    let run = try await Labctl.run(
      ["bump", TestLab.repoRoot + "/examples/03lab", "--repo", "/nonexistent/repo.git"] + extra)
    #expect(run.status == 1)
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }
}

/// `labctl rollback`: a git revert of the last bump, then of the one before.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct RollbackCommandTests {
  @Test func rollbackRevertsTheLastBumpThenTheOneBefore() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let lab = TestLab.repoRoot + "/examples/03lab"
    for tag in ["v2", "v3"] {
      let run = try await Labctl.run([
        "bump", lab, "--app", "techgarden", "--tag", tag, "--cluster", "dev", "--repo", url,
      ])
      #expect(run.status == 0, "\(run.stderr)")
    }
    let rollback = ["rollback", lab, "--app", "techgarden", "--cluster", "dev", "--repo", url]
    let first = try await Labctl.run(rollback)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("reverted") && first.stdout.contains("bump techgarden on dev: v2 → v3"))
    #expect(try repo.show("clusters/dev/techgarden/values.yaml") == GitOpsFixtures.values(tag: "v2"))
    #expect(try repo.log(format: "%B").joined(separator: "\n").contains("This reverts commit "))
    let second = try await Labctl.run(rollback)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try repo.show("clusters/dev/techgarden/values.yaml") == GitOpsFixtures.values(tag: "v1.0.0"))
    let none = try await Labctl.run(rollback)
    #expect(none.status == 1)
    #expect(none.stderr.contains("no bump of techgarden on dev to roll back"), "\(none.stderr)")
    let prod = try await Labctl.run(["rollback", lab, "--app", "kian-coffee", "--repo", url])
    #expect(prod.status == 1 && prod.stderr.contains("promoted by pull request"), "\(prod.stderr)")
  }
}
