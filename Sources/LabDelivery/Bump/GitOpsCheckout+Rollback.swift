import Foundation

extension GitOpsCheckout {
  /// Reverts the last bump of `app` on `cluster` not yet rolled back (`git revert` of the commit carrying
  /// `Labctl-Bump: APP/CLUSTER`), and pushes the revert through the same fetch, re-apply and retry path as a
  /// bump. The revert's trailers (`Labctl-Rollback`, `Labctl-Reverts`) let the next rollback go one further
  /// back. A delivery id makes it happen once.
  public func rollback(app: String, cluster: String, delivery: String? = nil) throws -> (
    reverted: String, subject: String, commit: BumpOutcome
  ) {
    for attempt in 1...max(1, retry.attempts) {
      try reset()
      let ref = "refs/remotes/origin/\(branch)"
      if let id = delivery, let done = try commit(carrying: id, on: ref) {
        return ("", "", .alreadyDone(commit: done))
      }
      let (target, subject) = try revertLastBump(app: app, cluster: cluster, delivery: delivery, on: ref)
      if try push(to: branch) {
        let commit = try git.run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return (target, subject, .committed(commit: commit))
      }
      if attempt < retry.attempts { sleep(retry.delay(after: attempt)) }
    }
    throw DeliveryError("gave up after \(retry.attempts) pushes to \(branch): the GitOps repo moved each time")
  }

  /// Commits, on the work tree's head, the `git revert` of the last bump of `app` on `cluster` that `ref`'s
  /// history holds; returns the reverted commit and its subject. The commit is left unpushed.
  func revertLastBump(app: String, cluster: String, delivery: String?, on ref: String) throws -> (String, String) {
    guard let (target, subject) = try lastBump(app: app, cluster: cluster, on: ref) else {
      throw DeliveryError(
        "no bump of \(app) on \(cluster) to roll back in the last 2000 commits of \(branch) "
          + "(labctl finds its bumps by their Labctl-Bump trailer)")
    }
    let reverted = try git.attempt(["revert", "--no-commit", target])
    if reverted.status != 0 {
      _ = try git.attempt(["revert", "--abort"])
      throw DeliveryError(
        "the bump \(target.prefix(12)) (\(subject)) does not revert cleanly: a later commit changed the same "
          + "lines; roll back by hand or bump the tag you want")
    }
    var message = "rollback \(app) on \(cluster): revert \"\(subject)\"\n\nThis reverts commit \(target).\n\n"
    message += "Labctl-Rollback: \(app)/\(cluster)\nLabctl-Reverts: \(target)\n"
    if let delivery { message += "Labctl-Delivery: \(delivery)\n" }
    try git.run(["commit", "-q", "--allow-empty", "-F", "-"], input: message)
    return (target, subject)
  }

  /// The newest commit with `Labctl-Bump: APP/CLUSTER` that no later commit's `Labctl-Reverts` names.
  func lastBump(app: String, cluster: String, on ref: String) throws -> (String, String)? {
    let log = try git.run(["log", "-n", "2000", "--format=%H%x1f%s%x1f%B%x1e", ref])
    var reverted = Set<String>()
    for record in log.split(separator: "\u{1e}") {
      let fields = record.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let hash = fields[0].trimmingCharacters(in: .whitespacesAndNewlines)
      let lines = fields[2].split(separator: "\n")
      for line in lines where line.hasPrefix("Labctl-Reverts: ") {
        reverted.insert(String(line.dropFirst("Labctl-Reverts: ".count)))
      }
      if lines.contains(where: { $0 == "Labctl-Bump: \(app)/\(cluster)" }), !reverted.contains(hash) {
        return (hash, String(fields[1]))
      }
    }
    return nil
  }
}
