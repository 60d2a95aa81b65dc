import Foundation

/// What the git side of a promotion did.
public enum PromotionPush: Sendable, Equatable {
  /// `promote/APP` was pushed with this commit: open or refresh the pull request.
  case pushed(commit: String)
  /// The cluster already runs the tag on the branch, or the branch already holds exactly this change:
  /// nothing pushed, and no pull request call at all.
  case unchanged
  /// The delivery was already carried out on the branch.
  case alreadyDone(commit: String)
}

extension GitOpsCheckout {
  /// The branch a promotion of `app` goes to.
  public static func promotionBranch(_ app: String) -> String { "promote/\(app)" }

  /// Builds the bump on a fresh branch from the main branch's head and force-pushes it to `promote/APP`,
  /// with a lease on the branch's head as fetched (so only labctl's own, unchanged branch is replaced).
  /// A commit on that branch that labctl did not make (no `Labctl-Bump` trailer) stops it: a human's
  /// work is never overwritten.
  public func promote(_ request: BumpRequest) throws -> (push: PromotionPush, result: BumpResult) {
    let name = Self.promotionBranch(request.app)
    let remoteRef = "refs/remotes/origin/\(name)"
    for attempt in 1...max(1, retry.attempts) {
      try reset(extra: [name])
      let existing = try git.attempt(["rev-parse", "--verify", "-q", remoteRef]).stdout
        .trimmingCharacters(in: .whitespacesAndNewlines)
      let head = existing.isEmpty ? nil : existing
      if let head {
        try refuseForeignCommits(on: head, branch: name)
        if let id = request.delivery, let done = try commit(carrying: id, on: head) {
          return (
            .alreadyDone(commit: done),
            BumpResult(outcome: .alreadyDone(commit: done), places: [], oldTags: [], attempts: attempt)
          )
        }
      }
      let places = try apply(request)
      let oldTags = Self.oldTags(places)
      if try git.run(["status", "--porcelain"]).isEmpty {
        return (.unchanged, BumpResult(outcome: .unchanged, places: places, oldTags: oldTags, attempts: attempt))
      }
      try git.run(["add", "-A", "--", request.directory])
      try git.run(
        ["commit", "-q", "-F", "-"],
        input: Self.message(request, oldTags: oldTags, places: places.count, verb: "promote"))
      if let head, try tree("HEAD") == tree(head) {
        return (.unchanged, BumpResult(outcome: .unchanged, places: places, oldTags: oldTags, attempts: attempt))
      }
      if try push(to: name, lease: head ?? "") {
        let commit = try git.run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return (
          .pushed(commit: commit),
          BumpResult(outcome: .committed(commit: commit), places: places, oldTags: oldTags, attempts: attempt)
        )
      }
      if attempt < retry.attempts { sleep(retry.delay(after: attempt)) }
    }
    throw DeliveryError("gave up after \(retry.attempts) pushes to \(name): the branch moved each time; dispatch again")
  }

  func tree(_ ref: String) throws -> String {
    try git.run(["rev-parse", "\(ref)^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Throws when a commit on `head` past the main branch lacks labctl's trailer.
  func refuseForeignCommits(on head: String, branch name: String) throws {
    let log = try git.run(["log", "--format=%H%x1f%an%x1f%B%x1e", "refs/remotes/origin/\(branch)..\(head)"])
    for record in log.split(separator: "\u{1e}") {
      let fields = record.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let hash = fields[0].trimmingCharacters(in: .whitespacesAndNewlines)
      if !fields[2].split(separator: "\n").contains(where: { $0.hasPrefix("Labctl-Bump: ") }) {
        throw DeliveryError(
          "\(name) has commit \(hash.prefix(12)) by \(fields[1]) that labctl did not make; labctl stops rather "
            + "than overwrite it: merge or close the pull request, or delete the branch, then dispatch again")
      }
    }
  }
}
