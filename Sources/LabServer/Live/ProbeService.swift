import Foundation
import LabModel
import LabProbe
import Logging
import ServiceLifecycle

/// How `labctl serve --probe` probes.
public struct ProbeOptions: Sendable {
  public var policy: TargetPolicy
  public var concurrency: Int
  public var defaults: ProbeDefaults
  /// Days of history kept.
  public var retentionDays: Int = 90
  /// Seconds between history writes (each one transaction of the runs since the last).
  public var flushInterval: Double = 5
  /// Seconds between heartbeats to `/api/v1/events` listeners.
  public var heartbeatInterval: Double = 5
  /// Where root-cause changes are posted (nil: no notifier).
  public var webhook: ProbeURL?
  /// Seconds a root cause must hold before it is posted (nil: twice the default interval plus the default
  /// deadline, so the checks of a dead hypervisor's VMs have all failed and the event names them all).
  public var notifyHold: Double?

  public init(policy: TargetPolicy, concurrency: Int = 64, defaults: ProbeDefaults = ProbeDefaults()) {
    self.policy = policy
    self.concurrency = concurrency
    self.defaults = defaults
  }
}

/// The prober as a service beside the reloader: runs the served lab's checks continuously (restarted with the
/// new checks when a reload changes them), keeps the live board, the history, the metrics and the page's live
/// section current, and tells the notifier about root causes going down and coming back.
public struct ProbeService: ServiceLifecycle.Service, Sendable {
  let options: ProbeOptions
  let store: PageStore
  let board: LiveBoard
  let metrics: ServerMetrics
  let history: (any HistoryStore)?
  let logger: Logger

  public init(
    options: ProbeOptions, store: PageStore, board: LiveBoard, metrics: ServerMetrics,
    history: (any HistoryStore)? = nil, logger: Logger
  ) {
    self.options = options
    self.store = store
    self.board = board
    self.metrics = metrics
    self.history = history
    self.logger = logger
  }

  public func run() async throws {
    let metrics = metrics
    let board = board
    store.setDecorator { base in LiveSection.decorate(base, board: board.snapshot, metrics: metrics) }
    let hold = options.notifyHold ?? (2 * options.defaults.interval + options.defaults.timeout)
    let notifier = options.webhook.map {
      RootCauseNotifier(url: $0, policy: options.policy, logger: logger, hold: hold)
    }
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        let heartbeat = options.heartbeatInterval
        group.addTask {
          while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(heartbeat))
            board.heartbeat()
            metrics.recordLiveListeners(board.subscriberCount)
          }
        }
        if let notifier { group.addTask { await notifier.run() } }
        group.addTask { await self.follow(notifier: notifier) }
        await group.next()
        group.cancelAll()
      }
    }
    board.finishAll()
  }

  /// Probes the lab being served; a reload that changes the planned checks restarts the scheduler with them.
  func follow(notifier: RootCauseNotifier?) async {
    var generation = 0
    var running: [PlannedCheck] = []
    var task: Task<Void, Never>?
    defer { task?.cancel() }
    while !Task.isCancelled {
      if let site = store.base, site.generation != generation, let lab = site.lab {
        generation = site.generation
        let checks = plan(lab)
        if checks != running || task == nil {
          task?.cancel()
          await task?.value
          running = checks
          logger.info("probing \(checks.count) checks of \(lab.meta.name)")
          let run = Run(lab: lab, checks: checks, service: self, notifier: notifier)
          task = Task { await run.start() }
        }
      }
      try? await Task.sleep(for: .milliseconds(500))
    }
    task?.cancel()
    await task?.value
  }

  /// The lab's checks that the target policy lets through; the rest are logged once per reload.
  func plan(_ lab: Lab) -> [PlannedCheck] {
    let (checks, problems) = lab.plannedChecks(defaults: options.defaults)
    for p in problems { logger.warning("probe: \(p)") }
    let allowed = checks.filter { options.policy.refusals($0).isEmpty }
    let refused = checks.count - allowed.count
    if refused > 0 {
      logger.error(
        "probe: \(refused) of \(checks.count) checks aim outside 127.0.0.0/8 and are not run; map them with --resolve or --resolve-file, or give --allow-network"
      )
    }
    return allowed
  }
}

/// One lab's checks, run until cancelled.
struct Run: Sendable {
  let lab: Lab
  let checks: [PlannedCheck]
  let service: ProbeService
  let notifier: RootCauseNotifier?

  func start() async {
    let prober = Prober(policy: service.options.policy, concurrency: service.options.concurrency)
    let scheduler = Scheduler(prober: prober)
    let live = LiveState()
    let board = service.board
    let metrics = service.metrics
    let store = service.store
    board.restart(lab: lab.meta.name, planned: checks.count)
    store.redecorate()
    await withTaskGroup(of: Void.self) { group in
      if let history = service.history {
        group.addTask { await flushLoop(history, live) }
      }
      group.addTask {
        await scheduler.run(checks) { result, change in
          let now = Date()
          metrics.recordProbe(result, at: now)
          await live.add(result, change: change)
          if change != nil {
            let status = LiveStatus(lab: lab, results: await scheduler.tracker.current())
            board.publish(lab: lab.meta.name, status: status, planned: checks.count, at: now)
            metrics.recordStatus(status, planned: checks)
            store.redecorate()
            if let notifier { await notifier.observe(status, lab: lab.meta.name, at: now) }
          } else {
            board.touched(at: now)
          }
        }
      }
      await group.next()
      group.cancelAll()
    }
  }

  /// Writes the runs since the last write as one transaction, prunes past the retention, and puts uptime and
  /// the last incidents on the board.
  func flushLoop(_ history: any HistoryStore, _ live: LiveState) async {
    let options = service.options
    var lastUptime = Date.distantPast
    while !Task.isCancelled {
      try? await Task.sleep(for: .seconds(options.flushInterval))
      let pending = await live.take()
      guard !pending.isEmpty, let status = service.board.snapshot.status else { continue }
      let now = Date()
      do {
        let record = try await history.record(pending, status: status, at: now)
        guard !record.opened.isEmpty || !record.closed.isEmpty || now.timeIntervalSince(lastUptime) > 60 else {
          continue
        }
        lastUptime = now
        try await history.prune(before: now.addingTimeInterval(-Double(options.retentionDays) * 86400))
        let uptime = try await history.uptimeByWindow(at: now)
        let incidents = try await history.incidents(limit: 10)
        service.board.publishHistory(uptime: uptime, incidents: incidents)
        service.store.redecorate()
      } catch {
        service.logger.error("probe history: \(error)")
      }
    }
  }
}

/// The runs not yet written to the history, each with the state the tracker reports (which lags a first
/// failure by `fails`), so the history records the same state changes the page shows.
actor LiveState {
  private var reported: [String: ProbeState] = [:]
  private var pending: [CheckResult] = []

  func add(_ result: CheckResult, change: StateChange?) {
    var r = result
    let state = change?.to ?? reported[r.id] ?? r.state
    reported[r.id] = state
    r.state = state
    if pending.count < 100_000 { pending.append(r) }
  }

  func take() -> [CheckResult] {
    defer { pending = [] }
    return pending
  }
}
