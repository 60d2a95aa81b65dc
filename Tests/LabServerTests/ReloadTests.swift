import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabModel
import LabRender
import LabServer
import LabSpec
import LabTestSupport
import Logging
import NIOCore
import Testing

@Suite("Hot reload of a lab on disk")
struct ReloadTests {
  /// An app serving a temporary copy of the example, polling every 50 ms.
  static func app(_ lab: TempCopy, log: LogRecorder = LogRecorder()) -> some ApplicationProtocol {
    var logger = Logger(label: "test") { _ in log }
    logger.logLevel = .info
    let options = ServerOptions(path: lab.path, pollInterval: .milliseconds(50), threads: 0)
    return buildApplication(options, logger: logger)
  }

  static func health(_ client: some TestClientProtocol) async throws -> [String: Any] {
    let response = try await client.execute(uri: "/healthz", method: .get)
    return try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
  }

  /// The site renderPage gives for the lab as it is on disk now.
  static func expectedSite(_ lab: TempCopy) throws -> ArtifactSet {
    let result = try LabLoader().load(lab.path)
    return renderPage(try #require(result.lab), audience: .public)
  }

  /// The number of Ansible hosts a JSON view of the site reports, when the render has one.
  static func inventoryHosts(in site: ArtifactSet) -> Int? {
    for path in ["api/v1/summary.json", "lab.json"] {
      guard let file = site[path], let json = try? JSONSerialization.jsonObject(with: Data(file.contents)) else {
        continue
      }
      if let n = find("inventoryHosts", in: json) ?? find("inventory_hosts", in: json) { return n }
    }
    return nil
  }

  private static func find(_ key: String, in json: Any) -> Int? {
    if let object = json as? [String: Any] {
      if let n = object[key] as? Int { return n }
      for value in object.values { if let n = find(key, in: value) { return n } }
    } else if let array = json as? [Any] {
      for value in array { if let n = find(key, in: value) { return n } }
    }
    return nil
  }

  /// Serves a fresh copy of the example until `body` returns: waits for the first good render, then hands
  /// `body` the copy, the client, the server's log and the first page served.
  static func withServedExample(
    _ body: @Sendable (TempCopy, any TestClientProtocol, LogRecorder, TestResponse) async throws -> Void
  ) async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    let log = LogRecorder()
    try await app(lab, log: log).test(.router) { client in
      #expect(try await eventually { try await client.execute(uri: "/readyz", method: .get).status == .ok })
      let first = try await client.execute(uri: "/", method: .get)
      try await body(lab, client, log, first)
    }
  }

  /// After a failed reload: /healthz says `degraded` with the first error diagnostic matching `rule` (any rule when
  /// nil) at `location` mentioning `mentions`, the log names the same place, and the last good page is still served
  /// byte for byte and ready.
  static func expectLastGoodKept(
    _ client: some TestClientProtocol, log: LogRecorder, good: TestResponse, rule: String? = nil,
    location expected: String, mentions: String
  ) async throws {
    #expect(try await eventually { (try await Self.health(client)["reload"] as? String) == "failed" })
    let response = try await client.execute(uri: "/healthz", method: .get)
    #expect(response.status == .ok)
    let health = try await Self.health(client)
    #expect(health["status"] as? String == "degraded")
    #expect(health["reloads"] as? Int == 1)
    #expect((health["generation"] as? String)?.count == 16)
    let diagnostics = try #require(health["diagnostics"] as? [[String: Any]])
    let error = try #require(
      diagnostics.first { d in d["severity"] as? String == "error" && rule.map { d["rule"] as? String == $0 } ?? true })
    let location = try #require(error["location"] as? String)
    #expect(location.hasSuffix(expected), "got \(location)")
    #expect((error["message"] as? String)?.contains(mentions) == true)
    #expect(log.messages.contains { $0.contains("\(expected): error:") })

    let served = try await client.execute(uri: "/", method: .get)
    #expect(served.status == .ok)
    #expect(served.body == good.body)
    #expect(served.headers[.eTag] == good.headers[.eTag])
    #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
  }

  @Test("Adding a host to the inventory re-renders without a restart")
  func addHost() async throws {
    try await Self.withServedExample { lab, client, _, first in
      let before = try Self.expectedSite(lab)
      #expect(Array(first.body.readableBytesView) == before["index.html"]?.contents)

      let inventory = try lab.read("ansible/hosts.yml")
      let anchor = "        arr-vm: { ansible_host: 10.30.0.51 }\n"
      try #require(inventory.contains(anchor))
      try lab.write(
        "ansible/hosts.yml", inventory.replacingOccurrences(of: anchor, with: anchor + "        arr-vm2: {}\n"))
      let after = try Self.expectedSite(lab)
      #expect(try LabLoader().load(lab.path).lab?.inventory?.hosts.count == 14)

      #expect(try await eventually { (try await Self.health(client)["reloads"] as? Int) == 2 })
      let health = try await Self.health(client)
      #expect(health["status"] as? String == "ok")
      #expect(health["reload"] as? String == "ok")
      for file in after.files {
        let response = try await client.execute(uri: PageSnapshot.requestPaths(for: file.path)[0], method: .get)
        #expect(Array(response.body.readableBytesView) == file.contents, "\(file.path) is not the new render")
      }
      if let hosts = Self.inventoryHosts(in: after) {
        #expect(hosts == 14)
        #expect(Self.inventoryHosts(in: before) == 13)
      }
    }
  }

  @Test("Renaming the lab changes the page on reload")
  func rename() async throws {
    try await Self.withServedExample { lab, client, _, first in
      #expect(first.text.contains("03//lab"))
      let spec = try lab.read("lab.yaml")
      try lab.write("lab.yaml", spec.replacingOccurrences(of: "name: \"03//lab\"", with: "name: \"04//lab\""))
      #expect(try await eventually { try await client.execute(uri: "/", method: .get).text.contains("04//lab") })
      let second = try await client.execute(uri: "/", method: .get)
      #expect(second.headers[.eTag] != first.headers[.eTag])
    }
  }

  @Test("A broken edit is never served: the last good page stays and /healthz names file:line")
  func brokenEdit() async throws {
    try await Self.withServedExample { lab, client, log, good in
      let spec = try lab.read("lab.yaml")
      let lines = spec.split(separator: "\n", omittingEmptySubsequences: false)
      let line = try #require(lines.firstIndex { $0.hasPrefix("  inventory: ") }) + 1
      try lab.write(
        "lab.yaml", spec.replacingOccurrences(of: "inventory: ansible/hosts.yml", with: "inventory: ansible/gone.yml"))

      try await Self.expectLastGoodKept(
        client, log: log, good: good, location: "lab.yaml:\(line):14", mentions: "gone.yml")

      try lab.write("lab.yaml", spec)
      #expect(try await eventually { (try await Self.health(client)["reload"] as? String) == "ok" })
      #expect(try await Self.health(client)["status"] as? String == "ok")
    }
  }

  @Test("An unknown {{ fact }} in the prose fails the reload, as labctl build refuses it")
  func unknownFact() async throws {
    try await Self.withServedExample { lab, client, log, good in
      let prose = try lab.read("site/principles.md")
      let lines = prose.split(separator: "\n", omittingEmptySubsequences: false)
      let index = try #require(lines.firstIndex { $0.contains("{{etcd.voters | word}}") })
      let column = try #require(lines[index].range(of: "{{etcd.voters")).lowerBound.utf16Offset(in: lines[index]) + 1
      try lab.write("site/principles.md", prose.replacingOccurrences(of: "{{etcd.voters |", with: "{{etcd.voter |"))

      try await Self.expectLastGoodKept(
        client, log: log, good: good, rule: "page-fact", location: "site/principles.md:\(index + 1):\(column)",
        mentions: "etcd.voter")
      #expect(!(try await client.execute(uri: "/", method: .get).text.contains("{{")))

      try lab.write("site/principles.md", prose)
      #expect(try await eventually { (try await Self.health(client)["reload"] as? String) == "ok" })
    }
  }

  @Test("A lab that never loaded is not ready, and /healthz says why with a 503")
  func neverLoaded() async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    try lab.write("lab.yaml", "lab:\n  name: [unclosed\n")
    try await Self.app(lab).test(.router) { client in
      #expect(try await eventually { (try await Self.health(client)["reload"] as? String) == "failed" })
      let health = try await client.execute(uri: "/healthz", method: .get)
      #expect(health.status == .serviceUnavailable)
      #expect(health.text.contains("lab.yaml:"))
      #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
      #expect(try await client.execute(uri: "/", method: .get).status == .serviceUnavailable)
    }
  }

  @Test("/metrics counts requests by route and status, and reloads")
  func metrics() async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    try await Self.app(lab).test(.router) { client in
      #expect(try await eventually { try await client.execute(uri: "/readyz", method: .get).status == .ok })
      _ = try await client.execute(uri: "/", method: .get)
      _ = try await client.execute(uri: "/", method: .get)
      _ = try await client.execute(uri: "/missing", method: .get)
      let text = try await client.execute(uri: "/metrics", method: .get).text
      #expect(text.contains("labctl_http_requests_total{route=\"/\",status=\"200\"} 2"))
      #expect(text.contains("labctl_http_requests_total{route=\"unmatched\",status=\"404\"} 1"))
      #expect(text.contains("labctl_reloads_total{result=\"ok\"} 1"))
      #expect(text.contains("labctl_render_duration_seconds_count 1"))
      #expect(text.contains("labctl_last_reload_timestamp_seconds "))
    }
  }
}

/// A log handler that keeps every message, for asserting on what the server logs.
final class LogRecorder: LogHandler, @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .info

  var messages: [String] { lock.withLock { stored } }

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    lock.withLock { stored.append(event.message.description) }
  }
}
