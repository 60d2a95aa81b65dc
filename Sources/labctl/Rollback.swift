import ArgumentParser
import Foundation
import LabCheck
import LabDelivery
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl rollback`: `git revert` the app's last bump on a cluster, pushed as a bump is.
  struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revert an app's last bump on a cluster with git revert, and push it.",
      discussion: """
        Finds the newest commit on the GitOps repo's branch carrying Labctl-Bump: APP/CLUSTER that no \
        rollback has reverted yet, reverts it with git revert (not a new hand-made edit) and pushes \
        through the same fetch, re-apply and retry path as bump. Run again to go one bump further back. \
        For a cluster that delivery.promotion says is promoted by pull-request, the revert of the last \
        bump merged into the branch goes to promote/APP instead (the same rules as bump: force-with-lease \
        on labctl's own branch, a human's commit there stops it) and the one promotion pull request is \
        opened or updated, saying it is a rollback; it needs LABCTL_GITHUB_TOKEN or --github-token-file. \
        Exit status: 0 rolled back (or already proposed), 1 nothing to roll back or the revert failed, \
        2 unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "The app, as lab.yaml's apps name it.") var app: String
    @Option(name: .long, help: "The cluster (default: the app's cluster in lab.yaml).") var cluster: String?
    @Option(
      name: .long,
      help: "The GitOps repo: a path or a git URL (default: https://github.com/ + delivery.gitops_repo).")
    var repo: String?
    @OptionGroup var github: GitHubOptions

    func run() async throws {
      let checked = try Loading.check(lab.path)
      guard let model = checked.lab else {
        Terminal.standardError(DiagnosticRenderer.human(checked.diagnostics))
        throw ExitCode(1)
      }
      do {
        // Resolved as a bump is, so the app and cluster get the same checks and hints.
        let request = try BumpRequest.resolve(lab: model, app: app, tag: "rollback", cluster: cluster)
        let delivery = model.delivery ?? Delivery()
        let client = try github.client(delivery: delivery)
        if request.promotion == .pullRequest, client == nil {
          throw DeliveryError(
            "cluster '\(request.cluster)' is promoted by pull request (delivery.promotion): its rollback is a pull "
              + "request; set LABCTL_GITHUB_TOKEN or --github-token-file; nothing committed")
        }
        let work = NSTemporaryDirectory() + "labctl-rollback-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        let checkout = try GitOpsCheckout(
          remote: try GitOpsRemote.url(repo, delivery: delivery), branch: delivery.branch, directory: work)
        if request.promotion == .pullRequest, let client {
          print(
            try await Promoter(checkout: checkout, github: client).rollback(request, blocking: { work in try work() })
              .summary)
          return
        }
        let result = try checkout.rollback(app: request.app, cluster: request.cluster)
        if case .committed(let commit) = result.commit {
          print(
            "\(request.app) on \(request.cluster): reverted \(result.reverted.prefix(12)) (\(result.subject)), "
              + "committed \(commit.prefix(12)) to \(delivery.branch)")
        }
      } catch let error as DeliveryError {
        Terminal.standardError("rollback: \(error.message)\n")
        throw ExitCode(1)
      } catch {
        Terminal.standardError("rollback: \(error)\n")
        throw ExitCode(1)
      }
    }
  }
}
