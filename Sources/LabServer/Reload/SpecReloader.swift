import Foundation
import LabCheck
import LabIO
import LabModel
import LabPipeline
import LabRender
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Watches the lab's sources and re-renders on change: polls their stamps every `interval`, reloads at
/// once on SIGHUP, and reloads when the date moves on while the lab has a waiver with an expiry (so a waiver
/// expires in a running server as it does for `labctl check`). A build with errors is never served: the
/// last good site stays, the diagnostics go to the log (`file:line:col: error: …`) and to `/healthz`.
///
/// Stamping the sources and rebuilding run on a thread of the reloader's own (a one-thread NIO thread
/// pool), never on the event loops that serve requests, so a poll or a long render does not hold up a
/// response, and never behind other work queued on a shared pool.
public struct SpecReloader: ServiceLifecycle.Service {
  public let builder: PageBuilder
  public let store: PageStore
  public let metrics: ServerMetrics
  public let interval: Duration
  public let logger: Logger

  public init(
    builder: PageBuilder, store: PageStore, metrics: ServerMetrics, interval: Duration = .seconds(1),
    logger: Logger
  ) {
    self.builder = builder
    self.store = store
    self.metrics = metrics
    self.interval = interval
    self.logger = logger
  }

  enum Trigger: Sendable { case tick, hangup }

  public func run() async throws {
    // Trap SIGHUP before the first build: its default action ends the process, and the first build
    // (with the all-single tables) takes a moment during which someone may already send it.
    let hangups = await UnixSignalsSequence(trapping: .sighup)
    // The reloader's own thread: builds never wait behind other users of a shared pool.
    let pool = NIOThreadPool(numberOfThreads: 1)
    pool.start()
    do {
      try await watch(hangups, on: pool)
    } catch {
      try? await pool.shutdownGracefully()
      throw error
    }
    try await pool.shutdownGracefully()
  }

  private func watch(_ hangups: UnixSignalsSequence, on pool: NIOThreadPool) async throws {
    func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
      try await pool.runIfActive(work)
    }
    // A transient failure at start (nil): stamps that differ from any real ones make the next tick retry.
    let first = try await offLoop { reloadAndStamp(reason: "start") }
    var stamps = first?.stamps ?? SourceStamps(entries: [:])
    // The day the last build judged waivers on, when it matters (the lab has a waiver with an expiry).
    var judgedOn = first?.judgedOn
    let (triggers, continuation) = AsyncStream.makeStream(of: Trigger.self, bufferingPolicy: .bufferingNewest(1))
    await withDiscardingTaskGroup { group in
      group.addTask { [interval] in
        while !Task.isCancelled {
          try? await Task.sleep(for: interval)
          continuation.yield(.tick)
        }
      }
      group.addTask {
        for await _ in hangups { continuation.yield(.hangup) }
      }
      for await trigger in triggers.cancelOnGracefulShutdown() {
        guard let now = try? await offLoop({ [stamps] in SourceStamps(stamps.paths) }) else { break }
        let newDay = judgedOn.map { $0 != builder.pipeline.today() } ?? false
        if trigger == .hangup || now != stamps || newDay {
          let reason = trigger == .hangup ? "SIGHUP" : now != stamps ? "change" : "new day"
          let next: (stamps: SourceStamps, judgedOn: CalendarDay?)?
          do {
            next = try await offLoop { reloadAndStamp(reason: reason) }
          } catch {
            break
          }
          // nil: a transient failure (out of file descriptors); the old stamps make the next tick retry.
          if let next { (stamps, judgedOn) = next }
        }
      }
      group.cancelAll()
    }
    continuation.finish()
  }

  /// Reloads and returns the stamps to compare with from now on: each source's stamp as the pipeline's
  /// loader first touched it, so an edit made during the build or at any moment after is seen on the next
  /// tick; and the day the waivers were judged on, when the lab has one that expires. The all-single tables
  /// are computed last, after the page is published.
  private func reloadAndStamp(reason: String) -> (stamps: SourceStamps, judgedOn: CalendarDay?)? {
    let (next, published, judgedOn) = publishReload(reason: reason)
    guard let stamps = next else { return nil }
    if let (snapshot, resilience) = published { snapshot.warmSimulations(from: resilience) }
    return (stamps, judgedOn)
  }

  /// Builds once and publishes a good page; returns the stamps to watch, the snapshot published, if any, and
  /// the day the build judged waivers on when the lab has a waiver that expires (nil: the date does not
  /// matter). A build that failed for the process's own reason (out of file descriptors) changes nothing: the
  /// page and the health report stay as they are, the files watched too, and `stamps` is nil (retry).
  func publishReload(
    reason: String
  ) -> (stamps: SourceStamps?, published: (PageSnapshot, Resilience)?, judgedOn: CalendarDay?) {
    let build = builder.build()
    let date = Date()
    let judgedOn = build.datesMatter ? build.today : nil
    if let transient = build.transient {
      metrics.recordReload(ok: false, duration: build.duration, at: date, generation: 0)
      let served = store.snapshot.map { "still serving generation \($0.generation)" } ?? "nothing to serve yet"
      logger.warning(
        "reload skipped (\(reason)): \(transient.path): \(transient.reason); \(served); retrying on the next poll")
      return (nil, nil, nil)
    }
    // What /healthz shows: the public audience sees diagnostics redacted as the page is; the log keeps them whole.
    let reported = builder.audience == .public ? PublicRedaction.redact(build.diagnostics) : build.diagnostics
    let sources = build.stamps.entries.isEmpty ? SourceStamps([builder.specFile]) : build.stamps
    if let site = build.page, let resilience = build.resilience {
      let generation = store.nextGeneration
      let warnings = reported.filter { $0.severity != .error }
      let snapshot = PageSnapshot(
        site, audience: builder.audience, generation: generation, renderedAt: date, warnings: warnings,
        metrics: metrics, lab: build.lab)
      store.publish(snapshot, diagnostics: reported, at: date)
      metrics.recordReload(ok: true, duration: build.duration, at: date, generation: generation)
      logDiagnostics(build.diagnostics)
      logger.info(
        "rendered \(site.files.count) files (generation \(generation), \(reason))",
        metadata: ["duration_ms": "\(build.duration.nanoseconds / 1_000_000)"])
      return (sources, (snapshot, resilience), judgedOn)
    } else {
      store.recordFailure(reported, at: date)
      metrics.recordReload(ok: false, duration: build.duration, at: date, generation: 0)
      logDiagnostics(build.diagnostics)
      let served = store.snapshot.map { "still serving generation \($0.generation)" } ?? "nothing to serve yet"
      logger.error("reload failed (\(reason)): \(build.diagnostics.errorCount) error(s); \(served)")
      return (sources, nil, judgedOn)
    }
  }

  private func logDiagnostics(_ diagnostics: [Diagnostic]) {
    for d in diagnostics {
      let text = DiagnosticRenderer.human([d]).trimmingCharacters(in: .newlines)
      switch d.severity {
      case .error: logger.error("\(text)")
      case .warning: logger.warning("\(text)")
      case .note: logger.notice("\(text)")
      }
    }
  }
}

extension Array where Element == Diagnostic {
  var errorCount: Int { filter { $0.severity == .error }.count }
}
