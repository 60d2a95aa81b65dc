import Foundation

extension GitOpsCheckout {
  /// Commits the request's tag on the branch and pushes it. A push refused because the remote moved is
  /// fetched, re-applied on the new head and pushed again, up to `retry.attempts` times with a growing,
  /// jittered wait: so two bumps racing for different apps both land, and for the same app the one pushed
  /// last wins (the queue runs dispatches in the order labctl acknowledged them).
  public func bump(_ request: BumpRequest) throws -> BumpResult {
    for attempt in 1...max(1, retry.attempts) {
      try reset()
      if let id = request.delivery, let done = try commit(carrying: id, on: "refs/remotes/origin/\(branch)") {
        return BumpResult(outcome: .alreadyDone(commit: done), places: [], oldTags: [], attempts: attempt)
      }
      let places = try apply(request)
      let oldTags = Self.oldTags(places)
      if try git.run(["status", "--porcelain"]).isEmpty {
        return BumpResult(outcome: .unchanged, places: places, oldTags: oldTags, attempts: attempt)
      }
      try git.run(["add", "-A", "--", request.directory])
      try git.run(["commit", "-q", "-F", "-"], input: Self.message(request, oldTags: oldTags, places: places.count))
      if try push(to: branch) {
        let commit = try git.run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return BumpResult(outcome: .committed(commit: commit), places: places, oldTags: oldTags, attempts: attempt)
      }
      if attempt < retry.attempts { sleep(retry.delay(after: attempt)) }
    }
    throw DeliveryError(
      "gave up after \(retry.attempts) pushes to \(branch): the GitOps repo moved each time; dispatch again")
  }

  static func oldTags(_ places: [(file: String, occurrence: TagOccurrence)]) -> [String] {
    var seen: [String] = []
    for place in places {
      let tag = place.occurrence.oldTag ?? "-"
      if !seen.contains(tag) { seen.append(tag) }
    }
    return seen
  }

  /// The commit message: a subject with app, cluster and old → new, then trailers labctl finds it by.
  static func message(_ request: BumpRequest, oldTags: [String], places: Int, verb: String = "bump") -> String {
    let old = oldTags.joined(separator: ", ")
    var body = """
      \(verb) \(request.app) on \(request.cluster): \(old) → \(request.tag)

      Image \(request.image), tag \(old) → \(request.tag)\(request.digest.map { " (\($0))" } ?? "") in \
      \(request.directory)/ (\(places) place\(places == 1 ? "" : "s")).
      """
    if let source = request.source { body += "\nBuilt from commit \(source)." }
    body += "\n\nLabctl-Bump: \(request.app)/\(request.cluster)\nLabctl-Tag: \(request.tag)\n"
    if let delivery = request.delivery { body += "Labctl-Delivery: \(delivery)\n" }
    return body
  }
}
