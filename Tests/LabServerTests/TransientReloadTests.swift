import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabIO
import LabPipeline
import LabRender
import LabServer
import LabTestSupport
import Logging
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Out of file descriptors, a reload says nothing about the lab: it is skipped and retried, never
/// reported as a missing spec, and an edit made meanwhile is picked up once descriptors are back.
@Suite struct TransientReloadTests {
  /// The disk, failing every read and listing with EMFILE while `exhausted` is set.
  final class ExhaustedFileSystem: FileSystem, @unchecked Sendable {
    let base = LocalFileSystem()
    private let lock = NSLock()
    private var isExhausted = false
    var exhausted: Bool {
      get { lock.withLock { isExhausted } }
      set { lock.withLock { isExhausted = newValue } }
    }

    func read(_ path: String) throws(SpecIOError) -> String {
      if exhausted { throw SpecIOError.system(path, errno: EMFILE, reading: "file") }
      return try base.read(path)
    }

    func list(_ path: String) throws(SpecIOError) -> [String] {
      if exhausted { throw SpecIOError.system(path, errno: EMFILE, reading: "directory") }
      return try base.list(path)
    }

    func kind(_ path: String) -> FileKind? { base.kind(path) }

    func stamp(_ path: String) -> String { base.stamp(path) }
  }

  @Test func emfileIsTransientAndSaysSo() {
    let error = SpecIOError.system("lab/lab.yaml", errno: EMFILE, reading: "file")
    #expect(error.transient)
    #expect(error.reason.contains("too many open files"))
    #expect(!SpecIOError.system("lab/lab.yaml", errno: ENOENT, reading: "file").transient)
    #expect(SpecIOError.system("lab/lab.yaml", errno: ENOENT, reading: "file").reason.contains("does it exist?"))
  }

  @Test func aReloadOutOfDescriptorsKeepsHealthOkAndRetries() async throws {
    let lab = try TempCopy(of: TestLab.example)
    defer { lab.remove() }
    let disk = ExhaustedFileSystem()
    let log = LogRecorder()
    var logger = Logger(label: "test") { _ in log }
    logger.logLevel = .info
    let store = PageStore()
    let metrics = ServerMetrics()
    let builder = PageBuilder(
      path: lab.path, audience: .public, pipeline: LabPipeline(path: lab.path, fileSystem: disk, today: TestLab.today))
    let reloader = SpecReloader(
      builder: builder, store: store, metrics: metrics, interval: .milliseconds(50), logger: logger)
    let app = Application(
      responder: buildResponder(store: store, metrics: metrics), server: .page(store: store), services: [reloader])
    try await app.test(.router) { client in
      #expect(try await eventually { try await client.execute(uri: "/readyz", method: .get).status == .ok })
      disk.exhausted = true
      try lab.write("site/intro.md", try lab.read("site/intro.md") + "\nBack again.\n")
      #expect(try await eventually { log.messages.contains { $0.contains("too many open files") } })
      let health = try await ReloadTests.health(client)
      #expect(health["status"] as? String == "ok", "\(health)")
      #expect(health["reload"] as? String == "ok", "\(health)")
      #expect((health["diagnostics"] as? [Any])?.isEmpty == true, "\(health)")
      disk.exhausted = false
      #expect(
        try await eventually {
          String(buffer: try await client.execute(uri: "/", method: .get).body).contains("Back again.")
        }, "the edit made while out of descriptors was never picked up")
      #expect(try await ReloadTests.health(client)["status"] as? String == "ok")
    }
  }
}
