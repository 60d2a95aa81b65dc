import Crypto
import Foundation
import LabTestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A labctl serve with its delivery webhook wired to a GitOps repo served by git daemon, and a client that
/// signs dispatches as GitHub does.
final class WebhookLab: @unchecked Sendable {
  static let secret = "s3cret-webhook-\(UUID().uuidString)"
  let lab: TempCopy
  let repo: GitOpsRepo
  let url: String
  let state: String
  let secretFile: String
  var server: ServeProcess?
  /// Servers already stopped, kept until the end so their pipes outlive the watches on them.
  var retired: [ServeProcess] = []

  /// examples/03lab plus app4 and app5 on dev, and the GitOps repo for them.
  init() throws {
    lab = try TempCopy(of: TestLab.repoRoot + "/examples/03lab")
    var spec = try lab.read("lab.yaml")
    spec = spec.replacingOccurrences(
      of: "apps:\n",
      with:
        "apps:\n  app4: { image: ghcr.io/OWNER/app4, cluster: dev }\n  app5: { image: ghcr.io/OWNER/app5, cluster: dev }\n"
    )
    try lab.write("lab.yaml", spec)
    var files = GitOpsFixtures.repo()
    for app in ["app4", "app5"] {
      for cluster in ["dev", "prod"] {
        files["clusters/\(cluster)/\(app)/deployment.yaml"] = Self.deployment(app, tag: "v0")
      }
    }
    repo = try GitOpsRepo(files: files)
    url = try repo.serve()
    state = lab.path + "/state"
    secretFile = lab.path + "/webhook.secret"
    try (Self.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
  }

  /// The plain manifest app4 and app5 are in, on both clusters.
  static func deployment(_ app: String, tag: String) -> String {
    "spec:\n  containers:\n    - image: ghcr.io/OWNER/\(app):\(tag)\n"
  }

  func start(_ extra: [String] = []) async throws {
    let server = try await ServeProcess.start(
      [lab.path, "--webhook-secret-file", secretFile, "--gitops-repo", url, "--state-dir", state] + extra)
    if let old = self.server { retired.append(old) }
    self.server = server
    _ = await server.waitReady()
  }

  func stop() {
    server?.kill()
    repo.stop()
    lab.remove()
  }

  /// The `serve` arguments that point it at `github`, with the stand-in's token in a file beside the lab.
  func gitHubArguments(_ github: GitHubStandIn) throws -> [String] {
    let tokenFile = lab.path + "/token"
    try github.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
    return ["--github-api", github.base, "--github-token-file", tokenFile]
  }

  /// Runs `body` with a started lab whose server promotes through a GitHub stand-in taking `token`; both are
  /// stopped after it.
  static func withGitHubStandIn(
    token: String, _ body: (WebhookLab, GitHubStandIn) async throws -> Void
  ) async throws {
    let lab = try await offPool { try WebhookLab() }
    defer { lab.stop() }
    let github = try await offPool { try GitHubStandIn(token: token) }
    defer { github.stop() }
    try await lab.start(lab.gitHubArguments(github))
    try await body(lab, github)
  }

  /// The JSON body GitHub sends for `repository_dispatch` (a rollback's `tag: nil` sends none).
  static func body(app: String, tag: String?, cluster: String? = "dev", event: String = "image-tag") -> Data {
    var payload: [String: String] = ["app": app]
    if let tag { payload["tag"] = tag }
    if let cluster { payload["cluster"] = cluster }
    let object: [String: Any] = [
      "action": event, "branch": "main", "client_payload": payload,
      "repository": ["full_name": "OWNER/homelab"],
    ]
    return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  }

  static func sign(_ body: Data, secret: String = WebhookLab.secret) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
    return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
  }

  /// POSTs `body` to /hooks/github; `signature: nil` sends none.
  func post(_ body: Data, delivery: String, signature: String?, event: String = "repository_dispatch") async throws
    -> (status: Int, body: String)
  {
    let server = try requireServer()
    var request = URLRequest(url: URL(string: server.base + "/hooks/github")!)
    request.httpMethod = "POST"
    request.timeoutInterval = 60
    request.httpBody = body
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.setValue(event, forHTTPHeaderField: "X-GitHub-Event")
    request.setValue(delivery, forHTTPHeaderField: "X-GitHub-Delivery")
    if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
  }

  private func requireServer() throws -> ServeProcess {
    guard let server else { throw ServeError(message: "the server is not started") }
    return server
  }

  /// The commits on `ref` (default main) carrying `Labctl-Delivery: id`.
  func commits(carrying id: String, on ref: String = "main") throws -> Int {
    try repo.log(ref, format: "%(trailers:key=Labctl-Delivery,valueonly)").filter { $0 == id }.count
  }

  /// The `Labctl-Delivery` of each commit `ref` of the bare repo pointed at, one per update, from its reflog
  /// (the test sets `core.logAllRefUpdates` first): a branch force-pushed over keeps every push here.
  func deliveriesPushed(to ref: String) throws -> [String] {
    guard (try? repo.git(["rev-parse", "--verify", "-q", ref])) != nil else { return [] }
    return try repo.git(["log", "-g", "--format=%(trailers:key=Labctl-Delivery,valueonly)", ref])
      .split(separator: "\n").map(String.init)
  }

  /// The value of a metric line (`name{labels}`) on /metrics, if present.
  func metric(_ line: String) async -> Double? {
    guard let server, let r = try? await server.get("/metrics") else { return nil }
    let text = String(decoding: r.body, as: UTF8.self)
    for row in text.split(separator: "\n") where row.hasPrefix(line + " ") {
      return Double(row.split(separator: " ").last ?? "")
    }
    return nil
  }
}
