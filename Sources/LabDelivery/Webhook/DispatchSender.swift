import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Sends an image-tag dispatch straight to a labctl, signed as GitHub signs its webhooks.
public enum DispatchSender {
  /// The body GitHub delivers for `repository_dispatch`, with `event_type` as its `action`.
  public static func body(
    app: String, tag: String, cluster: String?, digest: String?, source: String?, repository: String?
  ) throws -> Data {
    var payload: [String: String] = ["app": app, "tag": tag]
    payload["cluster"] = cluster
    payload["digest"] = digest
    payload["source"] = source
    var object: [String: Any] = ["action": "image-tag", "client_payload": payload]
    if let repository { object["repository"] = ["full_name": repository] }
    return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  }

  /// POSTs `body` to `url` with GitHub's headers; returns the status and the answer's body.
  public static func send(_ body: Data, to url: URL, secret: [UInt8], delivery: String, timeout: Double = 60)
    async throws -> (status: Int, body: String)
  {
    var request = URLRequest(url: url)
    request.httpMethod = "POST"
    request.timeoutInterval = timeout
    request.httpBody = body
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.setValue("repository_dispatch", forHTTPHeaderField: "X-GitHub-Event")
    request.setValue(delivery, forHTTPHeaderField: "X-GitHub-Delivery")
    request.setValue(WebhookSignature.header(body: body, secret: secret), forHTTPHeaderField: "X-Hub-Signature-256")
    request.setValue("labctl-dispatch", forHTTPHeaderField: "User-Agent")
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }
}
