import CoreMetrics
import Foundation
import LabDelivery
import LabModel
import Logging
import ServiceLifecycle

/// What the webhook and the delivery worker share: the secret, the durable queue and the GitOps clone.
public final class DeliveryContext: Sendable {
  public let secret: [UInt8]
  public let queue: DeliveryQueue
  public let checkout: GitOpsCheckout
  /// For clusters promoted by pull request (nil: no token, such bumps are skipped and logged).
  public let github: GitHubClient?

  public init(secret: [UInt8], queue: DeliveryQueue, checkout: GitOpsCheckout, github: GitHubClient? = nil) {
    self.secret = secret
    self.queue = queue
    self.checkout = checkout
    self.github = github
  }
}

/// Runs the queued dispatches one at a time, in the order they were acknowledged: each bump on a thread
/// of its own (git blocks), the job marked done only after its work.
struct DeliveryService: ServiceLifecycle.Service {
  let delivery: DeliveryContext
  let store: PageStore
  let metrics: ServerMetrics
  let logger: Logger

  func run() async throws {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        do {
          try await updateGauges()
          if let lab = store.snapshot?.lab, let job = try await delivery.queue.next() {
            let outcome = await execute(job, lab: lab)
            try await delivery.queue.finish(job.id, outcome: outcome)
            try await updateGauges()
            continue
          }
        } catch {
          logger.error("delivery: queue error: \(error)")
        }
        // The queue is read again in a moment: a dispatch waits at most this long to be started.
        try? await Task.sleep(for: .milliseconds(200))
      }
    }
  }

  func updateGauges() async throws {
    let (count, age) = try await delivery.queue.depth()
    metrics.recordQueue(depth: count, oldestAge: age)
  }

  /// Carries out one dispatch; returns its outcome, one `cluster: what` per bump.
  func execute(_ job: DeliveryQueue.Job, lab: Lab) async -> String {
    let dispatch = job.dispatch
    let requests: [BumpRequest]
    do {
      requests = try dispatch.requests(lab: lab)
    } catch {
      metrics.bumps(result: "failed").increment()
      logger.error("delivery: \(dispatch.delivery) failed: \(error.message)")
      return "failed: \(error.message)"
    }
    var outcomes: [String] = []
    for request in requests {
      if dispatch.event == "rollback" {
        outcomes.append(await rollback(request, dispatch: dispatch))
        continue
      }
      if request.promotion == .pullRequest {
        outcomes.append(await promote(request, dispatch: dispatch))
        continue
      }
      let checkout = delivery.checkout
      do {
        let result = try await onThread { try checkout.bump(request) }
        let line = result.summary(request, branch: checkout.branch)
        switch result.outcome {
        case .committed: metrics.bumps(result: "committed").increment()
        case .unchanged: metrics.bumps(result: "unchanged").increment()
        case .alreadyDone: metrics.bumps(result: "already_done").increment()
        }
        logger.info("delivery: \(dispatch.delivery): \(line)")
        outcomes.append("\(request.cluster): \(line)")
      } catch {
        metrics.bumps(result: "failed").increment()
        let message = (error as? DeliveryError)?.message ?? "\(error)"
        logger.error("delivery: \(dispatch.delivery) on \(request.cluster) failed: \(message)")
        outcomes.append("\(request.cluster): failed: \(message)")
      }
    }
    return outcomes.joined(separator: "; ")
  }
}

extension DeliveryService {
  /// A rollback event: `git revert` of the last bump, pushed to the main branch of an auto cluster, or to
  /// `promote/APP` with its pull request for a cluster promoted by pull request.
  func rollback(_ request: BumpRequest, dispatch: Dispatch) async -> String {
    if request.promotion == .pullRequest { return await promoteRollback(request, dispatch: dispatch) }
    let checkout = delivery.checkout
    do {
      let result = try await onThread {
        try checkout.rollback(app: request.app, cluster: request.cluster, delivery: request.delivery)
      }
      let line: String
      switch result.commit {
      case .committed(let commit):
        metrics.bumps(result: "rolled_back").increment()
        line =
          "\(request.app) on \(request.cluster): reverted \(result.reverted.prefix(12)), committed \(commit.prefix(12))"
      default:
        metrics.bumps(result: "already_done").increment()
        line = "\(request.app) on \(request.cluster): rollback already carried out"
      }
      logger.info("delivery: \(dispatch.delivery): \(line)")
      return "\(request.cluster): \(line)"
    } catch {
      metrics.bumps(result: "failed").increment()
      let message = (error as? DeliveryError)?.message ?? "\(error)"
      logger.error("delivery: \(dispatch.delivery) rollback on \(request.cluster) failed: \(message)")
      return "\(request.cluster): failed: \(message)"
    }
  }

  /// A bump for a cluster promoted by pull request: the branch `promote/APP`, then the pull request.
  func promote(_ request: BumpRequest, dispatch: Dispatch) async -> String {
    await throughPullRequest(request, dispatch: dispatch) { promoter in
      try await promoter.promote(request, blocking: { work in try await onThread(work) })
    }
  }

  /// A rollback for a cluster promoted by pull request: the revert on `promote/APP`, then the pull request.
  func promoteRollback(_ request: BumpRequest, dispatch: Dispatch) async -> String {
    await throughPullRequest(request, dispatch: dispatch) { promoter in
      let (summary, action) = try await promoter.rollback(request, blocking: { work in try await onThread(work) })
      if action != nil { metrics.bumps(result: "rolled_back").increment() }
      return (summary, action)
    }
  }

  /// Runs `work` with a promoter when a GitHub token is set (else logs and skips), counts the pull request
  /// it opened or updated, and logs what it did.
  func throughPullRequest(
    _ request: BumpRequest, dispatch: Dispatch,
    _ work: (Promoter) async throws -> (summary: String, action: GitHubClient.Action?)
  ) async -> String {
    guard let github = delivery.github else {
      logger.warning(
        "delivery: \(dispatch.delivery): \(request.cluster) is promoted by pull request and no GitHub token is set (LABCTL_GITHUB_TOKEN or --github-token-file); skipped"
      )
      return "\(request.cluster): skipped (pull-request promotion without a GitHub token)"
    }
    do {
      let (summary, action) = try await work(Promoter(checkout: delivery.checkout, github: github))
      if let action { metrics.pullRequests(action: action.rawValue).increment() }
      logger.info("delivery: \(dispatch.delivery): \(summary)")
      return "\(request.cluster): \(summary)"
    } catch {
      metrics.bumps(result: "failed").increment()
      let message = (error as? DeliveryError)?.message ?? "\(error)"
      logger.error("delivery: \(dispatch.delivery) on \(request.cluster) failed: \(message)")
      return "\(request.cluster): failed: \(message)"
    }
  }
}

/// Runs blocking work on a thread of its own, never on an event loop or the cooperative pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { done in
    let thread = Thread { done.resume(with: Result { try work() }) }
    thread.name = "labctl delivery"
    thread.start()
  }
}
