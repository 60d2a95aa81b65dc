import Foundation
import LabTestSupport
import Testing

/// `POST /hooks/github` on a running `labctl serve`, against a real GitOps repo served by git daemon.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct WebhookTests {
  /// End to end: a signed dispatch → 202 → a commit on main for dev; every bad dispatch changes nothing
  /// and is logged with its reason; the secret is never logged.
  @Test func aSignedDispatchCommitsAndEveryBadOneChangesNothing() async throws {
    let lab = try WebhookLab()
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
    let lab = try WebhookLab()
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

  /// 50 dispatches for 5 apps at once (each app's in order), dev and prod, prod promoted by pull request to
  /// the GitHub stand-in; the server is killed with SIGKILL while it works through them and restarted on the
  /// same state. Every acknowledged dispatch is done exactly once — a commit on main for dev, a push of
  /// `promote/APP` for prod (counted in the bare repo's reflog, since each push replaces the last) — each app
  /// ends at its last tag, each app promoted has exactly one pull request, and app5, whose prod dispatches
  /// name the tag prod already runs, has no branch and no pull request call at all.
  @Test func fiftyDispatchesSurviveKillNineExactlyOnce() async throws {
    let lab = try WebhookLab()
    let github = try GitHubStandIn(token: "ghp_standin_kill")
    defer {
      lab.stop()
      github.stop()
    }
    try lab.repo.git(["config", "core.logAllRefUpdates", "always"])
    let tokenFile = lab.lab.path + "/token"
    try github.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
    let serve = ["--github-api", github.base, "--github-token-file", tokenFile]
    try await lab.start(serve)
    let promoted = ["kian-coffee", "techgarden", "hausparty", "app4"]
    /// app's dispatch n: both clusters for the promoted apps; app5 dev on odd n, prod at its own tag on even n.
    @Sendable func dispatch(_ app: String, _ n: Int) -> (body: Data, id: String, deliveries: [String: String]) {
      let id = "\(app)-\(n)"
      if app != "app5" {
        return (WebhookLab.body(app: app, tag: "t\(n)", cluster: nil), id, ["dev": id + ".dev", "prod": id + ".prod"])
      }
      if n % 2 == 1 { return (WebhookLab.body(app: app, tag: "t\(n)", cluster: "dev"), id, ["dev": id]) }
      return (WebhookLab.body(app: app, tag: "v0", cluster: "prod"), id, [:])
    }
    let apps = promoted + ["app5"]
    /// Sends app's dispatches `from` on, in order, until one is not acknowledged (the server is gone): the ids
    /// acknowledged, 202 queued or 200 already received (queued before an answer that was lost to the kill).
    @Sendable func send(_ app: String, from first: Int) async -> [String] {
      var ids: [String] = []
      for n in first...10 {
        let (body, id, _) = dispatch(app, n)
        guard let r = try? await lab.post(body, delivery: id, signature: WebhookLab.sign(body)),
          r.status == 202 || (r.status == 200 && r.body.contains("duplicate"))
        else { break }
        ids.append(id)
      }
      return ids
    }
    // All 50 fired at once; the server is killed beside them, once the worker has pushed to main and opened a
    // pull request — mid-queue, and likely while dispatches are still arriving.
    var acknowledged: [String] = []
    var depthAtKill: Double?
    var started = false
    await withTaskGroup(of: ([String], Double?, Bool).self) { group in
      for app in apps { group.addTask { (await send(app, from: 1), nil, false) } }
      group.addTask {
        let started = await waitUntil(seconds: 600) {
          let onMain = (try? lab.repo.log(format: "%(trailers:key=Labctl-Delivery,valueonly)").filter { !$0.isEmpty })
          return (onMain?.count ?? 0) >= 2 && github.requests().contains { $0["method"] as? String == "POST" }
        }
        let depth = await lab.metric("labctl_delivery_queue_depth")
        lab.server?.send(SIGKILL)
        _ = await lab.server?.waitExit(seconds: 60)
        return ([], depth, started)
      }
      for await (ids, depth, killed) in group {
        acknowledged += ids
        depthAtKill = depthAtKill ?? depth
        started = started || killed
      }
    }
    #expect(started, "\(lab.server?.stderr ?? "")")
    let beforeKill = acknowledged.count
    let devIDs = (promoted + ["app5"]).flatMap { app in (1...10).compactMap { dispatch(app, $0).deliveries["dev"] } }
    let devDoneBeforeKill = try devIDs.filter { try lab.commits(carrying: $0) == 1 }.count
    try await lab.start(serve)
    // What the dead server did not acknowledge is sent again, in order, as a sender retries.
    for app in apps {
      let sent = acknowledged.filter { $0.hasPrefix(app + "-") }.count
      if sent < 10 { acknowledged += await send(app, from: sent + 1) }
    }
    #expect(acknowledged.count == 50, "\(acknowledged)")
    let finished = await waitUntil(seconds: 900) {
      guard await lab.metric("labctl_delivery_queue_depth") == 0 else { return false }
      return (try? devIDs.allSatisfy { try lab.commits(carrying: $0) >= 1 }) == true
        && (try? promoted.allSatisfy { try lab.deliveriesPushed(to: "refs/heads/promote/\($0)").count >= 10 }) == true
    }
    #expect(finished, "\(lab.server?.stderr ?? "")")
    for id in devIDs { #expect(try lab.commits(carrying: id) == 1, "\(id) not done exactly once") }
    for app in promoted {
      let pushed = try lab.deliveriesPushed(to: "refs/heads/promote/\(app)")
      #expect(pushed.sorted() == (1...10).map { "\(app)-\($0).prod" }.sorted(), "\(app): \(pushed)")
    }
    #expect(try lab.deliveriesPushed(to: "refs/heads/promote/app5").isEmpty, "app5's prod tag never changed")
    #expect(
      try lab.repo.log("main", format: "%(trailers:key=Labctl-Delivery,valueonly)").allSatisfy {
        !$0.hasSuffix(".prod")
      }, "prod's bumps never land on main")

    // Final tags: dev on main, prod on its promotion branch (main's prod untouched).
    #expect(try lab.repo.show("clusters/dev/kian-coffee/kustomization.yaml").contains("newTag: \"t10\""))
    #expect(try lab.repo.show("clusters/dev/techgarden/values.yaml").contains("tag: t10"))
    #expect(try lab.repo.show("clusters/dev/argocd/hausparty.yaml").contains("value: \"t10\""))
    #expect(try lab.repo.show("clusters/dev/app4/deployment.yaml") == WebhookLab.deployment("app4", tag: "t10"))
    #expect(try lab.repo.show("clusters/dev/app5/deployment.yaml") == WebhookLab.deployment("app5", tag: "t9"))
    let prod = [
      ("kian-coffee", "clusters/prod/kian-coffee/kustomization.yaml", "newTag: \"t10\""),
      ("techgarden", "clusters/prod/techgarden/values.yaml", "tag: t10"),
      ("hausparty", "clusters/prod/argocd/hausparty.yaml", "value: \"t10\""),
      ("app4", "clusters/prod/app4/deployment.yaml", "ghcr.io/OWNER/app4:t10"),
    ]
    for (app, file, line) in prod {
      #expect(try lab.repo.show(file, ref: "promote/\(app)").contains(line), "\(app) on prod")
      #expect(try !lab.repo.show(file).contains(line), "\(app): prod's bump reached main")
    }
    #expect(try lab.repo.show("clusters/prod/app5/deployment.yaml") == WebhookLab.deployment("app5", tag: "v0"))

    // One pull request per promoted app, its last title the last tag; none for app5, and GitHub never refused.
    let requests = github.requests()
    for app in promoted {
      let creates = requests.filter {
        $0["method"] as? String == "POST" && ($0["body"] as? [String: Any])?["head"] as? String == "promote/\(app)"
      }
      #expect(creates.count == 1, "\(app): \(creates.count) pull requests created")
    }
    #expect(requests.filter { $0["method"] as? String == "POST" }.count == promoted.count)
    let titles = requests.compactMap { ($0["body"] as? [String: Any])?["title"] as? String }
    for app in promoted {
      #expect(titles.last { $0.hasPrefix("promote \(app) ") } == "promote \(app) to t10 on prod", "\(app): \(titles)")
    }
    #expect(!requests.contains { ($0["query"] as? String)?.contains("promote/app5") == true })
    let log = lab.server?.stderr ?? ""
    #expect(!log.contains("GitHub answered"), "a GitHub call failed")
    print(
      "kill -9: \(beforeKill) of 50 dispatches acknowledged and queue depth "
        + "\(depthAtKill.map { String(Int($0)) } ?? "?") at the kill, \(devDoneBeforeKill) of "
        + "\(devIDs.count) dev bumps done before it, the rest after the restart; "
        + "\(requests.count) GitHub requests in all")
  }
}

/// The webhook's `rollback` event: a git revert of the last bump, done once.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct WebhookRollbackTests {
  @Test func aRollbackEventRevertsTheLastBump() async throws {
    let lab = try WebhookLab()
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
    let lab = try WebhookLab()
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
    let repo = try GitOpsRepo(files: GitOpsFixtures.repo())
    defer { repo.stop() }
    let url = try repo.serve()
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
    let repo = try GitOpsRepo(files: GitOpsFixtures.repo())
    defer { repo.stop() }
    let url = try repo.serve()
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
