import Foundation
import LabDelivery
import LabTestSupport
import Testing

/// Bumps against a real bare repository served by `git daemon` on 127.0.0.1: commit and push, nothing for an
/// unchanged tag, and parallel bumps racing for the same branch, every one landing.
@Suite(Peers.needs("git", install: "apt-get install git"))
struct GitOpsBumpTests {
  static func request(_ app: String, _ image: String, tag: String, cluster: String = "dev", delivery: String? = nil)
    -> BumpRequest
  {
    BumpRequest(
      app: app, cluster: cluster, image: image, tag: tag, source: "4f2a9c1d", delivery: delivery,
      directory: "clusters/\(cluster)")
  }

  static let kian = ("kian-coffee", "ghcr.io/OWNER/kian.coffee")

  static func checkout(_ url: String) throws -> GitOpsCheckout {
    try GitOpsCheckout(remote: url, directory: NSTemporaryDirectory() + "labctl-work-" + UUID().uuidString)
  }

  @Test func aBumpCommitsOnlyTheTagAndPushes() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let result = try Self.checkout(url).bump(Self.request(Self.kian.0, Self.kian.1, tag: "v1.1.0"))
    guard case .committed = result.outcome else {
      Issue.record("expected a commit, got \(result.outcome)")
      return
    }
    #expect(result.places.count == 3)
    #expect(result.oldTags == ["v1.0.0"])
    #expect(try repo.show("clusters/dev/kian-coffee/kustomization.yaml") == GitOpsFixtures.kustomization(tag: "v1.1.0"))
    #expect(try repo.show("clusters/dev/kian-coffee/deployment.yaml") == GitOpsFixtures.deployment(tag: "v1.1.0"))
    // prod and the other apps are untouched.
    #expect(
      try repo.show("clusters/prod/kian-coffee/kustomization.yaml") == GitOpsFixtures.kustomization(tag: "v1.0.0"))
    let changed = try repo.git(["diff", "--name-only", "main~1", "main"]).split(separator: "\n")
    #expect(changed == ["clusters/dev/kian-coffee/deployment.yaml", "clusters/dev/kian-coffee/kustomization.yaml"])
    let message = try repo.log(format: "%B").joined(separator: "\n")
    #expect(message.contains("bump kian-coffee on dev: v1.0.0 → v1.1.0"))
    #expect(message.contains("Built from commit 4f2a9c1d."))
    #expect(message.contains("Labctl-Bump: kian-coffee/dev"))
  }

  @Test func theSameTagAgainCommitsNothing() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let before = try repo.log()
    let result = try Self.checkout(url).bump(Self.request(Self.kian.0, Self.kian.1, tag: "v1.0.0"))
    #expect(result.outcome == .unchanged)
    #expect(try repo.log() == before)
  }

  @Test func aDeliveryIsCarriedOutOnceEvenWhenAskedAgain() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let checkout = try Self.checkout(url)
    let first = try checkout.bump(Self.request(Self.kian.0, Self.kian.1, tag: "v2", delivery: "d-1"))
    _ = try checkout.bump(Self.request(Self.kian.0, Self.kian.1, tag: "v3", delivery: "d-2"))
    let again = try checkout.bump(Self.request(Self.kian.0, Self.kian.1, tag: "v2", delivery: "d-1"))
    guard case .committed(let commit) = first.outcome else {
      Issue.record("expected a commit, got \(first.outcome)")
      return
    }
    #expect(again.outcome == .alreadyDone(commit: commit))
    #expect(try repo.show("clusters/dev/kian-coffee/kustomization.yaml").contains("newTag: \"v3\""))
  }

  @Test func anImageMissingFromTheClusterIsAClearError() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    #expect {
      try Self.checkout(url).bump(Self.request("nope", "ghcr.io/OWNER/nope", tag: "v2"))
    } throws: { error in
      (error as? DeliveryError)?.message.contains("image ghcr.io/OWNER/nope is not in clusters/dev/") ?? false
    }
    #expect {
      try Self.checkout(url).bump(Self.request(Self.kian.0, Self.kian.1, tag: "v2", cluster: "staging"))
    } throws: { error in
      (error as? DeliveryError)?.message.contains("no folder 'clusters/staging'") ?? false
    }
  }

  /// Six bumps for six apps at once, each from its own clone: all land (no lost update), each exactly once.
  @Test func parallelBumpsForDifferentAppsAllLand() async throws {
    var files = GitOpsFixtures.repo()
    let apps = (1...6).map { "app\($0)" }
    for app in apps {
      files["clusters/dev/\(app)/deployment.yaml"] = "spec:\n  containers:\n    - image: ghcr.io/o/\(app):v1\n"
    }
    let repo = try await offPool { [files] in try GitOpsRepo(files: files) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let results = try await withThrowingTaskGroup(of: BumpResult.self) { group in
      for app in apps {
        group.addTask {
          try await offPool { try Self.checkout(url).bump(Self.request(app, "ghcr.io/o/\(app)", tag: "v2")) }
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.count == 6)
    #expect(results.allSatisfy { if case .committed = $0.outcome { true } else { false } })
    for app in apps {
      #expect(try repo.show("clusters/dev/\(app)/deployment.yaml").contains("ghcr.io/o/\(app):v2"))
    }
    #expect(try repo.log().filter { $0.hasPrefix("bump app") }.count == 6)
    print("parallel bumps: pushes per bump \(results.map(\.attempts).sorted())")
  }

  /// Four bumps of the same app at once: every one lands as its own commit, and the file ends at the tag of
  /// the one pushed last.
  @Test func parallelBumpsForTheSameAppEndAtTheLastPushed() async throws {
    let repo = try await offPool { try GitOpsRepo(files: GitOpsFixtures.repo()) }
    defer { repo.stop() }
    let url = try await offPool { try repo.serve() }
    let tags = ["v2", "v3", "v4", "v5"]
    _ = try await withThrowingTaskGroup(of: BumpResult.self) { group in
      for tag in tags {
        group.addTask {
          try await offPool { try Self.checkout(url).bump(Self.request(Self.kian.0, Self.kian.1, tag: tag)) }
        }
      }
      return try await group.reduce(into: [BumpResult]()) { $0.append($1) }
    }
    let subjects = try repo.log().filter { $0.hasPrefix("bump kian-coffee") }
    #expect(subjects.count == 4)
    let last = try #require(subjects.first?.split(separator: " ").last)
    #expect(try repo.show("clusters/dev/kian-coffee/kustomization.yaml").contains("newTag: \"\(last)\""))
    #expect(Set(try repo.log(format: "%(trailers:key=Labctl-Tag,valueonly)").filter { !$0.isEmpty }) == Set(tags))
  }
}
