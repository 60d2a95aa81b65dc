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

  public init(secret: [UInt8], queue: DeliveryQueue, checkout: GitOpsCheckout) {
    self.secret = secret
    self.queue = queue
    self.checkout = checkout
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
      if request.promotion == .pullRequest {
        logger.warning(
          "delivery: \(dispatch.delivery): \(request.cluster) is promoted by pull request, which this labctl does not open yet; skipped"
        )
        outcomes.append("\(request.cluster): skipped (pull-request promotion)")
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

/// Runs blocking work on a thread of its own, never on an event loop or the cooperative pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { done in
    let thread = Thread { done.resume(with: Result { try work() }) }
    thread.name = "labctl delivery"
    thread.start()
  }
}
