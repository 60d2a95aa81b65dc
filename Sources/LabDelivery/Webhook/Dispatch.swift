import Foundation
import LabModel

/// One image-tag dispatch, as the queue keeps it: GitHub's `repository_dispatch` with `event_type`
/// `image-tag` and a `client_payload` of `{app, tag, cluster?, digest?, source?}`.
public struct Dispatch: Sendable, Codable, Hashable {
  /// The event types labctl acts on.
  public static let eventTypes = ["image-tag", "rollback"]

  public var delivery: String
  public var event: String
  public var app: String
  public var tag: String
  public var cluster: String?
  public var digest: String?
  public var source: String?

  public init(
    delivery: String, event: String = "image-tag", app: String, tag: String, cluster: String? = nil,
    digest: String? = nil, source: String? = nil
  ) {
    self.delivery = delivery
    self.event = event
    self.app = app
    self.tag = tag
    self.cluster = cluster
    self.digest = digest
    self.source = source
  }

  /// Why a verified body is refused: malformed (400) or not for this lab (422).
  public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var unprocessable: Bool
    public var message: String
    public var description: String { message }
  }

  /// Reads a body whose signature was already verified, and checks it against the lab.
  public static func parse(_ body: Data, delivery: String?, lab: Lab) throws(Refusal) -> Dispatch {
    guard let delivery, (try? Validate.delivery(delivery)) != nil else {
      throw Refusal(unprocessable: false, message: "missing or malformed X-GitHub-Delivery header")
    }
    guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
      throw Refusal(unprocessable: false, message: "the body is not a JSON object")
    }
    guard let event = (object["action"] ?? object["event_type"]) as? String else {
      throw Refusal(unprocessable: false, message: "no event type (repository_dispatch's action)")
    }
    guard eventTypes.contains(event) else {
      throw Refusal(
        unprocessable: true,
        message:
          "event type '\(Validate.printable(event))' is not one labctl acts on (\(eventTypes.joined(separator: ", ")))")
    }
    if let want = lab.delivery?.gitopsRepo, !want.isEmpty {
      // GitHub always names the repository; `labctl dispatch` may leave it out (the signature vouches).
      let repository = (object["repository"] as? [String: Any])?["full_name"] as? String
      if object["repository"] != nil, repository?.lowercased() != want.lowercased() {
        throw Refusal(
          unprocessable: true,
          message: "the dispatch is for repository '\(Validate.printable(repository ?? "none"))', not \(want)")
      }
    }
    guard let payload = object["client_payload"] as? [String: Any] else {
      throw Refusal(unprocessable: false, message: "no client_payload object")
    }
    func text(_ key: String) throws(Refusal) -> String? {
      guard let value = payload[key] else { return nil }
      guard let string = value as? String else {
        throw Refusal(unprocessable: false, message: "client_payload.\(key) must be a string")
      }
      return string
    }
    // A rollback names no tag: it reverts the last bump.
    guard let app = try text("app"), let tag = try event == "rollback" ? text("tag") ?? "rollback" : text("tag")
    else {
      throw Refusal(unprocessable: false, message: "client_payload needs app and tag")
    }
    let dispatch = Dispatch(
      delivery: delivery, event: event, app: app, tag: tag, cluster: try text("cluster"), digest: try text("digest"),
      source: try text("source"))
    do {
      _ = try dispatch.requests(lab: lab)
    } catch {
      throw Refusal(unprocessable: true, message: error.message)
    }
    return dispatch
  }

  /// The bumps it asks for: its cluster, or every cluster `delivery.promotion` names (auto first), else the
  /// app's own.
  public func requests(lab: Lab) throws(DeliveryError) -> [BumpRequest] {
    var clusters: [String?] = [cluster]
    if cluster == nil, let promotion = lab.delivery?.promotion, !promotion.isEmpty {
      clusters = promotion.keys.sorted { (promotion[$0] == .auto ? 0 : 1, $0) < (promotion[$1] == .auto ? 0 : 1, $1) }
    }
    return try clusters.map { name throws(DeliveryError) in
      try BumpRequest.resolve(
        lab: lab, app: app, tag: tag, cluster: name, digest: digest, source: source,
        delivery: clusters.count > 1 ? "\(delivery).\(name ?? "")" : delivery)
    }
  }
}
