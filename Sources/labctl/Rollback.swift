import ArgumentParser
import Foundation
import LabCheck
import LabDelivery
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl rollback`: `git revert` the app's last bump on a cluster, pushed as a bump is.
  struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revert an app's last bump on a cluster with git revert, and push it.",
      discussion: """
        Finds the newest commit on the GitOps repo's branch carrying Labctl-Bump: APP/CLUSTER that no \
        rollback has reverted yet, reverts it with git revert (not a new hand-made edit) and pushes \
        through the same fetch, re-apply and retry path as bump. Run again to go one bump further back. \
        Clusters promoted by pull request are not rolled back here yet. Exit status: 0 rolled back, \
        1 nothing to roll back or the revert failed, 2 unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "The app, as lab.yaml's apps name it.") var app: String
    @Option(name: .long, help: "The cluster (default: the app's cluster in lab.yaml).") var cluster: String?
    @Option(
      name: .long,
      help: "The GitOps repo: a path or a git URL (default: https://github.com/ + delivery.gitops_repo).")
    var repo: String?

    func run() throws {
      let checked = try Loading.check(lab.path)
      guard let model = checked.lab else {
        Terminal.standardError(DiagnosticRenderer.human(checked.diagnostics))
        throw ExitCode(1)
      }
      do {
        // Resolved as a bump is, so the app and cluster get the same checks and hints.
        let request = try BumpRequest.resolve(lab: model, app: app, tag: "rollback", cluster: cluster)
        let delivery = model.delivery ?? Delivery()
        if request.promotion == .pullRequest {
          throw DeliveryError(
            "cluster '\(request.cluster)' is promoted by pull request: rolling it back through a promotion pull "
              + "request is not built yet; revert the merged promotion on GitHub instead")
        }
        let work = NSTemporaryDirectory() + "labctl-rollback-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        let checkout = try GitOpsCheckout(
          remote: try GitOpsRemote.url(repo, delivery: delivery), branch: delivery.branch, directory: work)
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
