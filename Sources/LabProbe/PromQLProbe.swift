import Foundation
import LabModel
import NIOCore

extension Dialer {
  /// Runs an instant query against Prometheus's HTTP API; up when it returns series and, with `expect`, every
  /// series has that value.
  func promql(_ base: ProbeURL, query: String, expect: String?, until deadline: NIODeadline) async throws {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query
    var url = base
    url.path = (base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path) + "/api/v1/query?query=\(encoded)"
    let answer = try await http(url, hostHeader: nil, verify: true, until: deadline)
    guard answer.status == 200 else {
      let detail = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["error"]
      throw ProbeFailure("Prometheus answered HTTP \(answer.status)" + ((detail as? String).map { ": \($0)" } ?? ""))
    }
    let samples = try Self.samples(answer.body)
    guard !samples.isEmpty else { throw ProbeFailure("'\(query)' returned no series") }
    guard let expect else { return }
    let wrong = samples.filter { !Self.same($0.value, expect) }
    if !wrong.isEmpty {
      let shown = wrong.prefix(3).map { "\($0.series)=\($0.value)" }.joined(separator: ", ")
      throw ProbeFailure("\(wrong.count) of \(samples.count) series are not \(expect): \(shown)")
    }
  }

  /// The samples of a `/api/v1/query` answer: vector or scalar.
  static func samples(_ body: String) throws -> [(series: String, value: String)] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
      let data = object["data"] as? [String: Any]
    else { throw ProbeFailure("Prometheus sent an answer that is not its query JSON") }
    if object["status"] as? String != "success" {
      throw ProbeFailure("Prometheus: \(object["error"] as? String ?? "query failed")")
    }
    switch data["resultType"] as? String {
    case "vector":
      return (data["result"] as? [[String: Any]] ?? []).compactMap { item in
        guard let value = item["value"] as? [Any], value.count == 2, let v = value[1] as? String else { return nil }
        let labels = (item["metric"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
        let name = labels.first { $0.key == "__name__" }?.value ?? ""
        let rest = labels.filter { $0.key != "__name__" }.map { "\($0.key)=\"\($0.value)\"" }
        return ("\(name){\(rest.joined(separator: ","))}", v)
      }
    case "scalar":
      guard let value = data["result"] as? [Any], value.count == 2, let v = value[1] as? String else { return [] }
      return [("scalar", v)]
    default:
      throw ProbeFailure("Prometheus returned a \(data["resultType"] as? String ?? "?") result; expected a vector")
    }
  }

  static func same(_ value: String, _ expected: String) -> Bool {
    if let a = Double(value), let b = Double(expected) { return a == b }
    return value == expected
  }
}
