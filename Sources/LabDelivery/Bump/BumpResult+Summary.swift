import LabModel

extension BumpResult {
  /// One line for a person: what changed, where, and how many pushes it took.
  public func summary(_ request: BumpRequest, branch: String) -> String {
    let what = "\(request.app) on \(request.cluster)"
    switch outcome {
    case .committed(let commit):
      let places = places.count
      return "\(what): \(oldTags.joined(separator: ", ")) → \(request.tag), committed \(commit.prefix(12)) to "
        + "\(branch) (\(places) place\(places == 1 ? "" : "s"), \(attempts) push\(attempts == 1 ? "" : "es"))"
    case .unchanged:
      return "\(what): already at \(request.tag); nothing committed"
    case .alreadyDone(let commit):
      return "\(what): delivery \(request.delivery ?? "") was already carried out by \(commit.prefix(12)); "
        + "nothing done again"
    }
  }
}

/// Where the GitOps repo is.
public enum GitOpsRemote {
  /// `--repo` as given (a path or URL), else GitHub's address of `delivery.gitops_repo`.
  public static func url(_ repo: String?, delivery: Delivery) throws(DeliveryError) -> String {
    if let repo, !repo.isEmpty { return repo }
    guard let slug = delivery.gitopsRepo, !slug.isEmpty else {
      throw DeliveryError("no GitOps repo: pass --repo PATH|URL, or set delivery.gitops_repo in lab.yaml")
    }
    return "https://github.com/\(slug).git"
  }
}
