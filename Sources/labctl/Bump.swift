import ArgumentParser
import Foundation
import LabCheck
import LabDelivery
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl bump`: write an app's new image tag into the GitOps repo, commit and push it.
  struct Bump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write an app's new image tag into the GitOps repo, commit and push it.",
      discussion: """
        Finds the app's image (lab.yaml apps.APP.image) in the cluster's folder of the GitOps repo \
        (delivery.paths, default clusters/CLUSTER): kustomize images (newTag, digest), Helm values \
        (image.repository beside image.tag, with or without image.registry), manifests (image: REPO:TAG) \
        and Argo CD Application helm parameters. Only the tag's bytes change. A push refused because the \
        repo moved is fetched, re-applied and pushed again (12 tries at most). The same tag again commits \
        nothing. A cluster that delivery.promotion says is promoted by pull-request gets the branch \
        promote/APP and one pull request instead, never merged; the GitHub token comes from \
        LABCTL_GITHUB_TOKEN or --github-token-file and is never printed (see docs/delivery.md). Exit status: 0 bumped or already \
        there, 1 the bump failed, 2 unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "The app, as lab.yaml's apps name it.") var app: String
    @Option(name: .long, help: "The new image tag.") var tag: String
    @Option(name: .long, help: "The cluster (default: the app's cluster in lab.yaml).") var cluster: String?
    @Option(name: .long, help: "The image's new digest (sha256:…), for images pinned by digest.") var digest: String?
    @Option(name: .long, help: "The app repo's commit the image was built from (for the commit message).")
    var source: String?
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
        let request = try BumpRequest.resolve(
          lab: model, app: app, tag: tag, cluster: cluster, digest: digest, source: source)
        let delivery = model.delivery ?? Delivery()
        let client = try github.client(delivery: delivery)
        if request.promotion == .pullRequest, client == nil {
          throw DeliveryError(
            "cluster '\(request.cluster)' is promoted by pull request (delivery.promotion): set LABCTL_GITHUB_TOKEN "
              + "or --github-token-file; nothing committed")
        }
        let remote = try GitOpsRemote.url(repo, delivery: delivery)
        let work = NSTemporaryDirectory() + "labctl-bump-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        let checkout = try GitOpsCheckout(remote: remote, branch: delivery.branch, directory: work)
        var report: String
        if request.promotion == .pullRequest, let client {
          report = try await Promoter(checkout: checkout, github: client).promote(
            request, blocking: { work in try work() }
          ).summary
        } else {
          report = try checkout.bump(request).summary(request, branch: delivery.branch)
        }
        print(report)
      } catch let error as DeliveryError {
        Terminal.standardError("bump: \(error.message)\n")
        throw ExitCode(1)
      } catch {
        Terminal.standardError("bump: \(error)\n")
        throw ExitCode(1)
      }
    }
  }
}
