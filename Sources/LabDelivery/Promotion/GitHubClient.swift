import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The three GitHub REST calls a promotion makes: list open pull requests by head, create one, update one.
/// Never merges. The token goes only into the Authorization header: it is never logged nor put in an error.
public struct GitHubClient: Sendable {
  public var api: URL
  /// `owner/name` of the GitOps repo.
  public var repository: String
  let token: String

  public init(api: URL, repository: String, token: String) {
    self.api = api
    self.repository = repository
    self.token = token
  }

  /// A pull request, as GitHub answers it (the fields used).
  public struct PullRequest: Sendable, Decodable {
    public var number: Int
    public var htmlURL: String?

    enum CodingKeys: String, CodingKey {
      case number
      case htmlURL = "html_url"
    }
  }

  /// What became of the pull request.
  public enum Action: String, Sendable { case created, updated }

  /// Opens the promotion pull request, or updates the open one for the same branch: never two.
  public func ensurePull(head branch: String, base: String, title: String, body: String) async throws
    -> (Action, PullRequest)
  {
    let owner = repository.split(separator: "/").first.map(String.init) ?? repository
    var list = URLComponents(url: endpoint("pulls"), resolvingAgainstBaseURL: false)!
    list.queryItems = [.init(name: "head", value: "\(owner):\(branch)"), .init(name: "state", value: "open")]
    let open: [PullRequest] = try await call("GET", list.url!, body: nil, expect: 200)
    if let pull = open.first {
      let updated: PullRequest = try await call(
        "PATCH", endpoint("pulls/\(pull.number)"), body: ["title": title, "body": body], expect: 200)
      return (.updated, updated)
    }
    let created: PullRequest = try await call(
      "POST", endpoint("pulls"), body: ["title": title, "head": branch, "base": base, "body": body], expect: 201)
    return (.created, created)
  }

  func endpoint(_ path: String) -> URL { api.appendingPathComponent("repos/\(repository)/\(path)") }

  func call<T: Decodable>(_ method: String, _ url: URL, body: [String: String]?, expect: Int) async throws -> T {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 60
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
    request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
    request.setValue("labctl", forHTTPHeaderField: "User-Agent")
    if let body {
      request.httpBody = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == expect else {
      let text = String(decoding: data.prefix(300), as: UTF8.self).replacingOccurrences(of: token, with: "***")
      throw DeliveryError("GitHub answered \(method) \(url.path) with \(status) (expected \(expect)): \(text)")
    }
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch {
      throw DeliveryError("GitHub's answer to \(method) \(url.path) is not the documented shape")
    }
  }

  /// The token: `LABCTL_GITHUB_TOKEN`, else the file given.
  public static func token(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(DeliveryError) -> String?
  {
    if let file {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw DeliveryError("--github-token-file \(file) cannot be read")
      }
      let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      return text.isEmpty ? nil : text
    }
    return environment["LABCTL_GITHUB_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
  }
}
