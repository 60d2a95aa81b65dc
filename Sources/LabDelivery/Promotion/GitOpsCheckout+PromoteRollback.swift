import Foundation

/// What a rollback through the promotion pull request did on the git side.
public struct PromotionRollback: Sendable {
  public var push: PromotionPush
  /// The bump reverted and its subject (empty when the delivery was already carried out).
  public var reverted: String
  public var subject: String
  /// The tags the cluster has on the main branch now (distinct, `-` where none is written).
  public var fromTags: [String]
  /// The tags the revert brings back.
  public var toTags: [String]
  /// Where the app's image is, `path:line`, after the revert.
  public var places: [(file: String, occurrence: TagOccurrence)]
  public var attempts: Int
}

extension GitOpsCheckout {
  /// Rolls back `request.app` on a cluster promoted by pull request: the `git revert` of the app's last bump
  /// that the main branch holds (merged from an earlier promotion) is committed on a fresh branch from main's
  /// head and force-pushed to `promote/APP` with the same lease as a promotion, and under the same rule: a
  /// commit there that labctl did not make stops it. A revert that changes nothing, or exactly the tree the
  /// branch already holds, pushes nothing (and so makes no pull request call). The main branch is never
  /// touched: a human merges the pull request. `request.tag` is not used.
  public func promoteRollback(_ request: BumpRequest) throws -> PromotionRollback {
    let name = Self.promotionBranch(request.app)
    let main = "refs/remotes/origin/\(branch)"
    for attempt in 1...max(1, retry.attempts) {
      try reset(extra: [name])
      let head = try promotionHead(name)
      let from = Self.oldTags(try placesOfImage(request))
      if let done = try promotionDone(request.delivery, head: head) {
        guard case .resumed(let tip) = done else {
          return PromotionRollback(
            push: done, reverted: "", subject: "", fromTags: from, toTags: [], places: [], attempts: attempt)
        }
        // Cut short after its push: the branch's tip is this rollback; the pull request shows it.
        let reverted = try git.run(["log", "-1", "--format=%(trailers:key=Labctl-Reverts,valueonly)", tip])
          .trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = try git.run(["log", "-1", "--format=%s", reverted.isEmpty ? tip : reverted])
          .trimmingCharacters(in: .whitespacesAndNewlines)
        try git.run(["checkout", "-q", "-f", "-B", "labctl-work", tip])
        let places = try placesOfImage(request)
        return PromotionRollback(
          push: done, reverted: reverted, subject: subject, fromTags: from, toTags: Self.oldTags(places),
          places: places, attempts: attempt)
      }
      let (target, subject) = try revertLastBump(
        app: request.app, cluster: request.cluster, delivery: request.delivery, on: main)
      let places = try placesOfImage(request)
      var result = PromotionRollback(
        push: .unchanged, reverted: target, subject: subject, fromTags: from, toTags: Self.oldTags(places),
        places: places, attempts: attempt)
      if try tree("HEAD") == tree(main) { return result }
      if let pushed = try pushPromotion(name, over: head) {
        result.push = pushed
        return result
      }
      if attempt < retry.attempts { sleep(retry.delay(after: attempt)) }
    }
    throw DeliveryError("gave up after \(retry.attempts) pushes to \(name): the branch moved each time; dispatch again")
  }

  /// Where the request's image is in the work tree, with the tag each place has; only looks, and never
  /// refuses an image pinned by digest (a placeholder digest stands in for the new one).
  func placesOfImage(_ request: BumpRequest) throws -> [(file: String, occurrence: TagOccurrence)] {
    var look = request
    look.digest = "sha256:" + String(repeating: "0", count: 64)
    return try apply(look, write: false)
  }
}
