import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabModel
import LabRender
import LabServer
import Logging
import NIOCore

/// A small hand-made site with every kind of file the real render gives, so routing is tested
/// independently of what the page holds.
enum SamplePage {
  static let html =
    "<!doctype html><html lang=\"en\"><head><title>t</title></head><body>"
    + String(repeating: "<p>the rack under the desk</p>", count: 200) + "</body></html>\n"
  static let site = ArtifactSet([
    Artifact(path: "index.html", contents: Array(html.utf8), contentType: "text/html; charset=utf-8"),
    Artifact(
      path: "diagrams/layers.svg",
      contents: Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>L</title></svg>\n".utf8),
      contentType: "image/svg+xml"),
    Artifact(path: "style.css", contents: Array("body{margin:0}\n".utf8), contentType: "text/css; charset=utf-8"),
    Artifact(path: "lab.json", contents: Array("{\"name\":\"03//lab\"}\n".utf8), contentType: "application/json"),
    Artifact(
      path: "api/v1/summary.json", contents: Array("{\"inventoryHosts\":13}\n".utf8),
      contentType: "application/json"),
  ])

  /// A store already serving the sample site.
  static func store(metrics: ServerMetrics) -> PageStore {
    let store = PageStore()
    store.publish(PageSnapshot(site, audience: .public, generation: 1, metrics: metrics), diagnostics: [], at: Date())
    return store
  }

  /// An application around the sample site, with no reloader, on the server `labctl serve` uses.
  static func app(metrics: ServerMetrics = ServerMetrics()) -> some ApplicationProtocol {
    app(store: store(metrics: metrics), metrics: metrics)
  }

  static func app(store: PageStore, metrics: ServerMetrics = ServerMetrics()) -> some ApplicationProtocol {
    Application(responder: buildResponder(store: store, metrics: metrics), server: .page(store: store))
  }

  /// Runs `test` against a fresh sample application twice: in-process through the responder (the router
  /// and the responder-level fast path), then over a socket (the server, whose pipeline answers site files).
  static func onBothPaths(
    metrics: ServerMetrics = ServerMetrics(), _ test: @Sendable (any TestClientProtocol) async throws -> Void
  ) async throws {
    try await onBothPaths(store: store(metrics: metrics), metrics: metrics, test)
  }

  static func onBothPaths(
    store: PageStore, metrics: ServerMetrics = ServerMetrics(),
    _ test: @Sendable (any TestClientProtocol) async throws -> Void
  ) async throws {
    for setup in [TestingSetup.router, .live] {
      try await app(store: store, metrics: metrics).test(setup, test)
    }
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }
}

/// Polls `check` every 50 ms until it is true or `seconds` pass.
func eventually(seconds: Double = 120, _ check: () async throws -> Bool) async throws -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try await check() { return true }
    try await Task.sleep(for: .milliseconds(50))
  }
  return try await check()
}

/// Decodes gzip with zlib, independently of the server's encoder settings.
enum Gunzip {
  static func decode(_ bytes: [UInt8]) throws -> [UInt8] {
    var buffer = ByteBuffer(bytes: bytes)
    let out = try buffer.decompress(with: .gzip())
    return Array(out.readableBytesView)
  }
}
