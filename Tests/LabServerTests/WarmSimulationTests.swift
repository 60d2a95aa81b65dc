import Foundation
import LabModel
import LabRender
import LabTestSupport
import Logging
import NIOCore
import Testing

@testable import LabServer

@Suite("The all-single tables are ready when a reload publishes")
struct WarmSimulationTests {
  @Test(
    "A reload computes the all-single tables for today and the plan before any request asks",
    arguments: [
      Audience.public, .internal,
    ])
  func reloadWarms(audience: Audience) async throws {
    let store = PageStore()
    let reloader = SpecReloader(
      builder: PageBuilder(path: TestLab.example, audience: audience), store: store, metrics: ServerMetrics(),
      logger: Logger(label: "test"))
    let running = Task { try await reloader.run() }
    defer { running.cancel() }
    // A first reload renders the whole example; beside the full suite on two busy cores that took over 120 s.
    let warmed = try await eventually(seconds: 600) {
      guard let cache = store.snapshot?.simulationCache else { return false }
      return cache.isStarted(.today) && cache.isStarted(.plan)
    }
    #expect(warmed, "no all-single table was computed after the first reload")
    let snapshot = try #require(store.snapshot)
    let lab = try #require(snapshot.lab)
    for horizon in [Horizon.today, .plan] {
      #expect(snapshot.simulationCache.isStarted(horizon))
      let (body, etag) = await snapshot.simulationCache.singles(horizon) {
        Issue.record("the \(horizon) table was computed again on request")
        return ByteBuffer()
      }
      let fresh = PageSnapshot.allSingleBody(lab, horizon, audience: audience)
      #expect(body == fresh)
      #expect(etag == ETag.strong(fresh.readableBytesView, count: fresh.readableBytes))
    }
  }
}
