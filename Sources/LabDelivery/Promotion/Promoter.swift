import Foundation

/// A promotion: the git side, then the pull request.
public struct Promoter: Sendable {
  public var checkout: GitOpsCheckout
  public var github: GitHubClient

  public init(checkout: GitOpsCheckout, github: GitHubClient) {
    self.checkout = checkout
    self.github = github
  }

  /// Runs blocking `git` work (a thread of its own in the server, the caller's in a command).
  public typealias Blocking<T: Sendable> = @Sendable (@escaping @Sendable () throws -> T) async throws -> T

  /// Pushes `promote/APP` and opens or updates its pull request; an unchanged diff makes no GitHub call.
  public func promote(_ request: BumpRequest, blocking: Blocking<(PromotionPush, BumpResult)>) async throws
    -> (summary: String, action: GitHubClient.Action?)
  {
    let checkout = checkout
    let (push, result) = try await blocking { try checkout.promote(request) }
    let what = "\(request.app) on \(request.cluster)"
    guard let commit = push.pullRequestCommit else {
      if case .alreadyDone(let done) = push {
        return ("\(what): delivery already carried out by \(done.prefix(12)) on promote/\(request.app)", nil)
      }
      return ("\(what): already at \(request.tag) (or the open pull request holds it); no pull request call", nil)
    }
    let old = result.oldTags.joined(separator: ", ")
    var body = """
      Promotes **\(request.app)** on **\(request.cluster)**: `\(old)` → `\(request.tag)`.

      - image: `\(request.image)`
      - tag: `\(old)` → `\(request.tag)`
      """
    if let digest = request.digest { body += "\n- digest: `\(digest)`" }
    if let source = request.source { body += "\n- built from: \(source)" }
    body += "\n- changed: \(Self.places(result.places))"
    body += Self.footer
    let (action, pull) = try await github.ensurePull(
      head: GitOpsCheckout.promotionBranch(request.app), base: checkout.branch,
      title: "promote \(request.app) to \(request.tag) on \(request.cluster)", body: body)
    return ("\(what): \(old) → \(request.tag), \(Self.pushed(push, commit, request.app, pull, action))", action)
  }

  /// Reverts the app's last merged bump on `promote/APP` and opens or updates its pull request, whose body
  /// says it is a rollback (old → new tag, the commit reverted); a revert that changes nothing makes no call.
  public func rollback(_ request: BumpRequest, blocking: Blocking<PromotionRollback>) async throws
    -> (summary: String, action: GitHubClient.Action?)
  {
    let checkout = checkout
    let rollback = try await blocking { try checkout.promoteRollback(request) }
    let what = "\(request.app) on \(request.cluster)"
    let from = rollback.fromTags.joined(separator: ", ")
    let to = rollback.toTags.joined(separator: ", ")
    guard let commit = rollback.push.pullRequestCommit else {
      if case .alreadyDone(let done) = rollback.push {
        return ("\(what): rollback already carried out by \(done.prefix(12)); nothing done again", nil)
      }
      return (
        "\(what): reverting \(rollback.reverted.prefix(12)) (\(rollback.subject)) changes nothing on "
          + "\(checkout.branch), or the open pull request holds it already; no pull request call", nil
      )
    }
    let body = """
      Rolls back **\(request.app)** on **\(request.cluster)**: `\(from)` → `\(to)`.

      This is a rollback: `git revert` of \(rollback.reverted) (\(rollback.subject)), the last bump of \
      \(request.app) on \(request.cluster) that \(checkout.branch) holds.

      - image: `\(request.image)`
      - tag: `\(from)` → `\(to)`
      - changed: \(Self.places(rollback.places))
      """
    let (action, pull) = try await github.ensurePull(
      head: GitOpsCheckout.promotionBranch(request.app), base: checkout.branch,
      title: "rollback \(request.app) to \(to) on \(request.cluster)", body: body + Self.footer)
    return (
      "\(what): rollback \(from) → \(to) (reverts \(rollback.reverted.prefix(12))), "
        + Self.pushed(rollback.push, commit, request.app, pull, action), action
    )
  }

  static let footer =
    "\n\nOpened by labctl; a human merges it. labctl never merges, and stops if this branch gets a commit it did not make."

  static func places(_ places: [(file: String, occurrence: TagOccurrence)]) -> String {
    places.map { "`\($0.file):\($0.occurrence.line)`" }.joined(separator: ", ")
  }

  static func pushed(
    _ push: PromotionPush, _ commit: String, _ app: String, _ pull: GitHubClient.PullRequest,
    _ action: GitHubClient.Action
  ) -> String {
    let what = if case .resumed = push { "found \(commit.prefix(12)) on" } else { "pushed \(commit.prefix(12)) to" }
    return "\(what) promote/\(app), pull request #\(pull.number) \(action.rawValue)"
  }
}
