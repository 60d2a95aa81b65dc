import Hummingbird
import HummingbirdCore
import LabDelivery
import LabIO
import LabModel
import LabPipeline
import LabProbe
import LabRender
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// How `labctl serve` runs.
public struct ServerOptions: Sendable {
  /// The lab directory (holding lab.yaml) or the spec file.
  public var path: String
  public var audience: Audience
  public var host: String
  public var port: Int
  /// How often the reloader checks the sources for changes.
  public var pollInterval: Duration
  /// Event loop threads serving HTTP; 0 uses NIO's shared singleton group.
  public var threads: Int
  /// Run each connection's request handling on its own event loop (no thread hops per request).
  public var pinConnections: Bool = true
  /// Close a connection that sends no request for this long (nil: never).
  public var idleTimeout: Duration? = .seconds(60)
  /// On SIGTERM, how long connections may drain: requests already sent are answered, idle connections
  /// close, and none stays open past this (nil: close each once its last response is out).
  public var drainTimeout: Duration? = .seconds(10)
  /// Connections open at once; past it a new one is answered 503 and closed (nil: no limit).
  public var maxConnections: Int? = nil
  /// The delivery webhook and its queue (nil: `POST /hooks/github` answers 503, not configured).
  public var delivery: DeliveryContext? = nil
  /// Live probing (`--probe`): nil probes nothing and `/api/v1/events` is 404.
  public var probe: ProbeOptions? = nil
  /// Where probe results are kept (with `probe`).
  public var history: (any HistoryStore)? = nil
  /// The day each reload judges waivers on (the system's date; tests pass their own).
  public var today: @Sendable () -> CalendarDay = SystemCalendar.today

  public init(
    path: String, audience: Audience = .public, host: String = "127.0.0.1", port: Int = 8080,
    pollInterval: Duration = .seconds(1), threads: Int = 2
  ) {
    self.path = path
    self.audience = audience
    self.host = host
    self.port = port
    self.pollInterval = pollInterval
    self.threads = threads
  }
}

/// Makes NIO's singleton event loop group, with `threads` loops, Swift Concurrency's global executor too,
/// so request handling runs on the loops that do the I/O instead of hopping to another thread pool.
/// Call once, first thing in the process, then build the application with `threads: 0`.
/// Returns false when the hook could not be installed (the server then works as usual).
@discardableResult
public func useEventLoopsAsGlobalExecutor(threads: Int) -> Bool {
  #if os(Linux)
    NIOSingletons.groupLoopCountSuggestion = threads
    return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
  #else
    // On Darwin NIO requires the main thread, which an async command's run() is not on.
    return false
  #endif
}

/// The router: the page in front (middleware), then health, readiness, metrics and what-if routes.
public func buildRouter(
  store: PageStore, metrics: ServerMetrics, delivery: DeliveryContext? = nil, live: LiveBoard? = nil,
  logger: Logger = Logger(label: "labctl.serve")
) -> Router<BasicRequestContext> {
  let router = Router(options: .autoGenerateHeadEndpoints)
  router.add(middleware: PageMiddleware(store: store, metrics: metrics))
  router.add(middleware: RouterMetricsMiddleware(metrics: metrics))
  HealthController(store: store).addRoutes(to: router)
  MetricsController(metrics: metrics).addRoutes(to: router)
  SimulateController(store: store).addRoutes(to: router)
  FaviconController().addRoutes(to: router)
  if let live { LiveController(board: live).addRoutes(to: router) }
  if let delivery {
    WebhookController(delivery: delivery, store: store, metrics: metrics, logger: logger).addRoutes(to: router)
  } else {
    router.post("/hooks/github") { _, _ -> Response in
      throw APIError(
        .serviceUnavailable, "the delivery webhook is not configured",
        hint: "start labctl serve with LABCTL_WEBHOOK_SECRET or --webhook-secret-file, and --gitops-repo")
    }
  }
  return router
}

/// The responder `labctl serve` runs: the router (the page's files are answered by its middleware; the
/// common keep-alive `GET`s of them never reach it, see `PageFastPathHandler`).
public func buildResponder(
  store: PageStore, metrics: ServerMetrics, delivery: DeliveryContext? = nil, live: LiveBoard? = nil,
  logger: Logger = Logger(label: "labctl.serve")
) -> some HTTPResponder<BasicRequestContext> {
  buildRouter(store: store, metrics: metrics, delivery: delivery, live: live, logger: logger).buildResponder()
}

/// The labctl server: the pre-rendered site in front of the router, and the spec reloader beside it.
public func buildApplication(
  _ options: ServerOptions, store: PageStore = PageStore(), metrics: ServerMetrics = ServerMetrics(),
  logger: Logger = Logger(label: "labctl.serve")
) -> some ApplicationProtocol {
  let board = options.probe.map { _ in LiveBoard() }
  let responder = buildResponder(
    store: store, metrics: metrics, delivery: options.delivery, live: board, logger: logger)
  let reloader = SpecReloader(
    builder: PageBuilder(
      path: options.path, audience: options.audience, pipeline: LabPipeline(path: options.path, today: options.today)),
    store: store, metrics: metrics,
    interval: options.pollInterval, logger: logger)
  let group =
    options.threads > 0
    ? MultiThreadedEventLoopGroup(numberOfThreads: options.threads) : MultiThreadedEventLoopGroup.singleton
  return Application(
    responder: responder,
    server: .page(
      store: store, pinned: options.pinConnections, idleTimeout: options.idleTimeout,
      drainTimeout: options.drainTimeout, limit: options.maxConnections.map { ConnectionLimit(maximum: $0) }),
    configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
    services: [reloader]
      + (options.delivery.map { [DeliveryService(delivery: $0, store: store, metrics: metrics, logger: logger)] }
        ?? [])
      + (options.probe.map { probe in
        [
          ProbeService(
            options: probe, store: store, board: board!, metrics: metrics, history: options.history, logger: logger)
        ]
      } ?? []),
    eventLoopGroupProvider: .shared(group),
    logger: logger
  )
}
