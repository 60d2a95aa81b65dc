import Foundation

/// What the git side of a promotion did.
public enum PromotionPush: Sendable, Equatable {
  /// `promote/APP` was pushed with this commit: open or refresh the pull request.
  case pushed(commit: String)
  /// The branch's tip is this delivery's commit, pushed by a run cut short before it finished (a crash,
  /// `kill -9`): nothing pushed again, but the pull request is made sure of, as after a push.
  case resumed(commit: String)
  /// The cluster already runs the tag on the branch, or the branch already holds exactly this change:
  /// nothing pushed, and no pull request call at all.
  case unchanged
  /// The delivery was already carried out (an older commit on the branch, or merged into the main branch).
  case alreadyDone(commit: String)

  /// The commit the pull request shows, when it is to be opened or refreshed.
  public var pullRequestCommit: String? {
    switch self {
    case .pushed(let commit), .resumed(let commit): commit
    case .unchanged, .alreadyDone: nil
    }
  }

  /// The commit that carried the change out, if any.
  public var commit: String? {
    switch self {
    case .pushed(let commit), .resumed(let commit), .alreadyDone(let commit): commit
    case .unchanged: nil
    }
  }
}

extension GitOpsCheckout {
  /// The branch a promotion of `app` goes to.
  public static func promotionBranch(_ app: String) -> String { "promote/\(app)" }

  /// Builds the bump on a fresh branch from the main branch's head and force-pushes it to `promote/APP`,
  /// with a lease on the branch's head as fetched (so only labctl's own, unchanged branch is replaced).
  /// A commit on that branch that labctl did not make (no `Labctl-Bump` or `Labctl-Rollback` trailer) stops
  /// it: a human's work is never overwritten.
  public func promote(_ request: BumpRequest) throws -> (push: PromotionPush, result: BumpResult) {
    let name = Self.promotionBranch(request.app)
    for attempt in 1...max(1, retry.attempts) {
      try reset(extra: [name])
      let head = try promotionHead(name)
      if let done = try promotionDone(request.delivery, head: head) {
        // Cut short after its push: what the pull request shows is the branch's change over main.
        let places = done.pullRequestCommit == nil ? [] : try apply(request, write: false)
        let outcome: BumpOutcome = .alreadyDone(commit: done.commit ?? "")
        return (done, BumpResult(outcome: outcome, places: places, oldTags: Self.oldTags(places), attempts: attempt))
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
      if let pushed = try pushPromotion(name, over: head) {
        let outcome: BumpOutcome = pushed.pullRequestCommit.map { .committed(commit: $0) } ?? .unchanged
        return (pushed, BumpResult(outcome: outcome, places: places, oldTags: oldTags, attempts: attempt))
      }
      if attempt < retry.attempts { sleep(retry.delay(after: attempt)) }
    }
    throw DeliveryError("gave up after \(retry.attempts) pushes to \(name): the branch moved each time; dispatch again")
  }

  /// The head of `promote/APP` as fetched (nil when there is none), after checking that labctl made every
  /// commit it has past the main branch.
  func promotionHead(_ name: String) throws -> String? {
    let head = try git.attempt(["rev-parse", "--verify", "-q", "refs/remotes/origin/\(name)"]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard !head.isEmpty else { return nil }
    try refuseForeignCommits(on: head, branch: name)
    return head
  }

  /// Whether delivery `id` was carried out already: merged into the main branch, or by an older commit on
  /// the branch (`alreadyDone`), or as the branch's tip, not merged yet (`resumed`).
  func promotionDone(_ id: String?, head: String?) throws -> PromotionPush? {
    guard let id else { return nil }
    if let done = try commit(carrying: id, on: "refs/remotes/origin/\(branch)") { return .alreadyDone(commit: done) }
    if let head, let done = try commit(carrying: id, on: head) {
      return done == head ? .resumed(commit: done) : .alreadyDone(commit: done)
    }
    return nil
  }

  /// Pushes the commit at `HEAD` to `promote/APP` with a lease on `head` (or on its absence): `.pushed`,
  /// `.unchanged` when the branch already holds exactly this tree, nil when the branch moved (try again).
  func pushPromotion(_ name: String, over head: String?) throws -> PromotionPush? {
    if let head, try tree("HEAD") == tree(head) { return .unchanged }
    guard try push(to: name, lease: head ?? "") else { return nil }
    return .pushed(commit: try git.run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  func tree(_ ref: String) throws -> String {
    try git.run(["rev-parse", "\(ref)^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Throws when a commit on `head` past the main branch lacks labctl's trailers (a bump's or a rollback's).
  func refuseForeignCommits(on head: String, branch name: String) throws {
    let log = try git.run(["log", "--format=%H%x1f%an%x1f%B%x1e", "refs/remotes/origin/\(branch)..\(head)"])
    for record in log.split(separator: "\u{1e}") {
      let fields = record.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let hash = fields[0].trimmingCharacters(in: .whitespacesAndNewlines)
      let lines = fields[2].split(separator: "\n")
      if !lines.contains(where: { $0.hasPrefix("Labctl-Bump: ") || $0.hasPrefix("Labctl-Rollback: ") }) {
        throw DeliveryError(
          "\(name) has commit \(hash.prefix(12)) by \(fields[1]) that labctl did not make; labctl stops rather "
            + "than overwrite it: merge or close the pull request, or delete the branch, then dispatch again")
      }
    }
  }
}
