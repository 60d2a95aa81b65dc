import ArgumentParser
import Foundation
import LabDelivery
import LabModel

/// Where promotion pull requests are opened, and with what token.
struct GitHubOptions: ParsableArguments {
  @Option(name: .long, help: "GitHub's REST API base URL (promotion pull requests).")
  var githubAPI = "https://api.github.com"
  @Option(
    name: .long,
    help: "A file holding the GitHub token for promotion pull requests (else LABCTL_GITHUB_TOKEN); never printed.")
  var githubTokenFile: String?

  /// The client, when a token is configured (nil otherwise).
  func client(delivery: Delivery) throws(DeliveryError) -> GitHubClient? {
    guard let token = try GitHubClient.token(file: githubTokenFile) else { return nil }
    guard let repository = delivery.gitopsRepo, repository.contains("/") else {
      throw DeliveryError("promotion pull requests need delivery.gitops_repo (owner/name) in lab.yaml")
    }
    guard let api = URL(string: githubAPI), ["http", "https"].contains(api.scheme ?? "") else {
      throw DeliveryError("--github-api must be an http(s) URL, found '\(githubAPI)'")
    }
    return GitHubClient(api: api, repository: repository, token: token)
  }
}
