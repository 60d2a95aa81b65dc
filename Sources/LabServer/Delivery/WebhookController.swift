import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import LabDelivery
import Logging
import NIOCore

/// `POST /hooks/github`: GitHub's `repository_dispatch`, checked in this order — the body's size (413 past
/// 1 MiB, before reading further), its `X-Hub-Signature-256` (401), and only then its JSON (400 malformed,
/// 422 not for this lab); a delivery id seen before does nothing (200 duplicate); else it is queued
/// durably and answered 202 at once.
public struct WebhookController: Sendable {
  /// The largest body read: 1 MiB.
  public static let maximumBody = 1 << 20

  public let delivery: DeliveryContext
  public let store: PageStore
  public let metrics: ServerMetrics
  public let logger: Logger

  public init(delivery: DeliveryContext, store: PageStore, metrics: ServerMetrics, logger: Logger) {
    self.delivery = delivery
    self.store = store
    self.metrics = metrics
    self.logger = logger
  }

  public func addRoutes(to router: Router<some RequestContext>) {
    router.post("/hooks/github") { request, _ in try await self.handle(request) }
  }

  func handle(_ request: Request) async throws -> Response {
    let id = request.headers[HTTPField.Name("X-GitHub-Delivery")!].map { Validate.printable($0) } ?? "none"
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBody {
      return tooLarge("body of \(length) bytes is over \(Self.maximumBody)", id: id)
    }
    let body: ByteBuffer
    do {
      body = try await request.body.collect(upTo: Self.maximumBody)
    } catch {
      return tooLarge("body is over \(Self.maximumBody) bytes", id: id)
    }
    let bytes = Data(body.readableBytesView)
    let signature = request.headers[HTTPField.Name("X-Hub-Signature-256")!]
    guard WebhookSignature.isValid(signature, body: bytes, secret: delivery.secret) else {
      throw refuse(
        .unauthorized, "bad_signature", signature == nil ? "no X-Hub-Signature-256" : "bad X-Hub-Signature-256", id: id)
    }
    let event = request.headers[HTTPField.Name("X-GitHub-Event")!] ?? ""
    if event == "ping" {
      metrics.dispatches(outcome: "ping").increment()
      return HealthController.json(.ok, "{\"status\":\"pong\"}\n")
    }
    guard event == "repository_dispatch" else {
      throw refuse(
        .unprocessableContent, "rejected", "event '\(Validate.printable(event))' is not repository_dispatch", id: id)
    }
    guard let lab = store.snapshot?.lab else {
      throw refuse(.serviceUnavailable, "unavailable", "no good lab loaded yet", id: id)
    }
    let dispatch: Dispatch
    do {
      dispatch = try Dispatch.parse(bytes, delivery: request.headers[HTTPField.Name("X-GitHub-Delivery")!], lab: lab)
    } catch {
      throw refuse(
        error.unprocessable ? .unprocessableContent : .badRequest, error.unprocessable ? "rejected" : "malformed",
        error.message, id: id)
    }
    guard try await delivery.queue.enqueue(dispatch) else {
      metrics.dispatches(outcome: "duplicate").increment()
      logger.warning("webhook: delivery \(id) ignored: a replay (this delivery id was received before)")
      return HealthController.json(.ok, "{\"status\":\"duplicate\",\"delivery\":\"\(id)\"}\n")
    }
    metrics.dispatches(outcome: "accepted").increment()
    logger.info("webhook: delivery \(id) queued: \(dispatch.app) → \(dispatch.tag)")
    return HealthController.json(.accepted, "{\"status\":\"queued\",\"delivery\":\"\(id)\"}\n")
  }

  /// 413, and the connection closed: the rest of the body is never read.
  func tooLarge(_ reason: String, id: String) -> Response {
    var response = refuse(.contentTooLarge, "too_large", reason, id: id).json
    response.headers[.connection] = "close"
    return response
  }

  /// Counts and logs a refusal (with its reason, never the secret or the body), and makes its error.
  func refuse(_ status: HTTPResponse.Status, _ outcome: String, _ reason: String, id: String) -> APIError {
    metrics.dispatches(outcome: outcome).increment()
    logger.warning("webhook: delivery \(id) refused (\(status.code)): \(reason)")
    return APIError(status, reason)
  }
}
