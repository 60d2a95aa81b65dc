import Foundation
import LabTestSupport
import Testing

extension WebhookTests {
  /// 50 dispatches for 5 apps at once (each app's in order), dev and prod, prod promoted by pull request to
  /// the GitHub stand-in; the server is killed with SIGKILL while it works through them and restarted on the
  /// same state. Every acknowledged dispatch is done exactly once — a commit on main for dev, a push of
  /// `promote/APP` for prod (counted in the bare repo's reflog, since each push replaces the last) — each app
  /// ends at its last tag, each app promoted has exactly one pull request, and app5, whose prod dispatches
  /// name the tag prod already runs, has no branch and no pull request call at all.
  @Test func fiftyDispatchesSurviveKillNineExactlyOnce() async throws {
    let lab = try await offPool { try WebhookLab() }
    let github = try await offPool { try GitHubStandIn(token: "ghp_standin_kill") }
    defer {
      lab.stop()
      github.stop()
    }
    try lab.repo.git(["config", "core.logAllRefUpdates", "always"])
    let serve = try lab.gitHubArguments(github)
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
    // All 50 fired at once; the server is killed beside them once it has acknowledged 40 and its worker has
    // pushed to main and opened a pull request: mid-queue, often mid-job, maybe while the last are arriving.
    var acknowledged: [String] = []
    var depthAtKill: Double?
    var started = false
    await withTaskGroup(of: ([String], Double?, Bool).self) { group in
      for app in apps { group.addTask { (await send(app, from: 1), nil, false) } }
      group.addTask {
        let started = await waitUntil(seconds: 600) {
          guard await lab.metric(#"labctl_dispatches_total{outcome="accepted"}"#) ?? 0 >= 40 else { return false }
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
