import ArgumentParser
import Foundation
import LabDelivery

extension Labctl {
  /// `labctl dispatch`: send the image-tag event a GitHub workflow sends, signed the same way, to a labctl.
  struct Dispatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Send an image-tag dispatch, signed as GitHub signs it, straight to a labctl serve.",
      discussion: """
        Posts GitHub's repository_dispatch body (action image-tag, client_payload {app, tag, cluster, \
        digest, source}) to URL with X-GitHub-Event, a fresh X-GitHub-Delivery id and \
        X-Hub-Signature-256 (HMAC-SHA256 of the body under the secret in --secret-file). The secret is \
        never printed. Exit status: 0 accepted (202) or a replay (200), 1 refused or unreachable, \
        2 bad arguments.
        """)

    @Option(name: .long, help: "The app, as lab.yaml's apps name it.") var app: String
    @Option(name: .long, help: "The new image tag.") var tag: String
    @Option(name: .long, help: "The webhook's address, e.g. http://127.0.0.1:8080/hooks/github.") var url: String
    @Option(name: .long, help: "A file holding the webhook's secret.") var secretFile: String
    @Option(name: .long, help: "The cluster (default: every cluster delivery.promotion names).") var cluster: String?
    @Option(name: .long, help: "The image's digest (sha256:…).") var digest: String?
    @Option(name: .long, help: "The app repo's commit the image was built from.") var source: String?
    @Option(name: .long, help: "The GitOps repo's owner/name, as GitHub would name it.") var repository: String?
    @Option(name: .long, help: "The delivery id (default: a new UUID).") var delivery: String?

    func validate() throws {
      guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
        throw ValidationError("--url must be an http(s) URL, e.g. http://127.0.0.1:8080/hooks/github")
      }
      do {
        try Validate.tag(tag)
        if let digest { try Validate.digest(digest) }
        if let source { try Validate.commit(source) }
        if let delivery { try Validate.delivery(delivery) }
      } catch {
        throw ValidationError(error.message)
      }
    }

    func run() async throws {
      let secret: [UInt8]
      do {
        guard let loaded = try WebhookSecret.load(file: secretFile, environment: [:]) else { throw ExitCode(2) }
        secret = loaded
      } catch let error as DeliveryError {
        throw ValidationError(error.message)
      }
      let id = delivery ?? UUID().uuidString.lowercased()
      let body = try DispatchSender.body(
        app: app, tag: tag, cluster: cluster, digest: digest, source: source, repository: repository)
      let answer: (status: Int, body: String)
      do {
        answer = try await DispatchSender.send(body, to: URL(string: url)!, secret: secret, delivery: id)
      } catch {
        Terminal.standardError("dispatch: \(url) did not answer: \(error.localizedDescription)\n")
        throw ExitCode(1)
      }
      let text = answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
      guard answer.status == 202 || answer.status == 200 else {
        Terminal.standardError("dispatch: refused (\(answer.status)): \(text)\n")
        throw ExitCode(1)
      }
      print("dispatch \(id): \(answer.status == 202 ? "queued" : "already received") (\(answer.status))")
    }
  }
}
