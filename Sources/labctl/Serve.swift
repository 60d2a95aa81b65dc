import ArgumentParser
import Foundation
import Hummingbird
import LabDelivery
import LabIO
import LabModel
import LabPipeline
import LabProbe
import LabRender
import LabServer
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Labctl {
  /// `labctl serve`: the page, its JSON API, health and metrics, re-rendered when the lab changes.
  struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Serve the lab's page, JSON API, /healthz, /readyz and /metrics; reload on change.",
      discussion: """
        Polls lab.yaml, the inventory, talconfigs and prose about once a second (and reloads at once on \
        SIGHUP). An edit with errors is never served: the last good page stays up and /healthz names the \
        errors. Stops gracefully on SIGTERM or SIGINT. See docs/serve.md.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "Who the page is for: public (no addresses) or internal.")
    var audience: Audience = .public
    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on.") var port = 8080
    @Option(name: .long, help: "Seconds between checks of the sources for changes.") var poll = 1.0
    @Option(name: .long, help: "Event loop threads serving HTTP.") var threads = 2
    @Option(name: .long, help: "Seconds a connection may stay idle between requests before it is closed (0: never).")
    var idleTimeout = 60.0
    @Option(
      name: .long,
      help: "Seconds to drain on SIGTERM: answer requests already sent, then close (0: close at once).")
    var drainTimeout = 10.0
    @Option(
      name: .long,
      help: "Connections open at once; past it a new one gets 503 (default: the open-file limit minus 64).")
    var maxConnections: Int?

    @Option(
      name: .long,
      help: "A file holding the delivery webhook's secret (else LABCTL_WEBHOOK_SECRET); enables POST /hooks/github.")
    var webhookSecretFile: String?
    @Option(
      name: .long,
      help:
        "The GitOps repo the webhook bumps: a path or git URL (default: https://github.com/ + delivery.gitops_repo).")
    var gitopsRepo: String?
    @Option(
      name: .long,
      help: "Where the webhook keeps its durable queue and its clone of the GitOps repo (default: LAB/.labctl).")
    var stateDir: String?
    @OptionGroup var github: GitHubOptions

    @Flag(
      name: .long,
      help: "Probe the lab's checks continuously and show the live state on the page and at /api/v1/status.")
    var probe = false
    @OptionGroup var targets: ProbeTargetOptions
    @Option(name: .long, help: "With --probe: the most checks in flight at once.") var probeConcurrency = 64
    @Option(name: .long, help: "With --probe: deadline of a check that declares none, in seconds.")
    var probeTimeout = 5.0
    @Option(name: .long, help: "With --probe: seconds between runs of a check that declares no interval.")
    var probeInterval = 30.0
    @Option(
      name: .long,
      help: "With --probe: the SQLite history file (default: the state dir's history.sqlite; 'none': keep none).")
    var history: String?
    @Option(name: .long, help: "With --probe: days of history to keep.") var retention = 90
    @Option(name: .long, help: "With --probe: POST each root cause going down or coming back, as JSON, to this URL.")
    var notifyURL: String?
    @Option(
      name: .long,
      help: "With --notify-url: seconds a root cause must hold before it is posted (default: 2 × interval + timeout).")
    var notifyAfter: Double?

    func validate() throws {
      guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
      guard poll > 0 else { throw ValidationError("--poll must be a positive number of seconds") }
      guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
      guard idleTimeout >= 0 else {
        throw ValidationError("--idle-timeout must be 0 (never) or a positive number of seconds")
      }
      guard drainTimeout >= 0 else {
        throw ValidationError("--drain-timeout must be 0 (no drain) or a positive number of seconds")
      }
      if let maxConnections, maxConnections < 1 {
        throw ValidationError("--max-connections must be at least 1")
      }
      guard probeConcurrency >= 1 else { throw ValidationError("--probe-concurrency must be at least 1") }
      guard probeTimeout > 0, probeTimeout.isFinite else {
        throw ValidationError("--probe-timeout must be a positive number of seconds")
      }
      guard probeInterval > 0, probeInterval.isFinite else {
        throw ValidationError("--probe-interval must be a positive number of seconds")
      }
      if let notifyAfter, !(notifyAfter >= 0 && notifyAfter.isFinite) {
        throw ValidationError("--notify-after must be 0 or a positive number of seconds")
      }
      guard retention >= 1 else { throw ValidationError("--retention must be at least 1 day") }
      if let notifyURL, ProbeURL(notifyURL) == nil {
        throw ValidationError("--notify-url must be an http:// or https:// URL, found '\(notifyURL)'")
      }
    }

    @Flag(
      name: .long, inversion: .prefixedNo,
      help: "Run request handling on the event loop threads (fewer thread hops; the default).")
    var loopExecutor = true
    @Flag(
      name: .long, inversion: .prefixedNo,
      help: "Handle each connection on its own event loop thread (the default).")
    var pinConnections = true

    func run() async throws {
      // SIGHUP means "reload" here, never "hang up": ignore it from the first moment, before the
      // reloader traps it, so one sent while the server starts cannot end the process.
      signal(SIGHUP, SIG_IGN)
      LoggingSystem.bootstrap { ServerLogHandler(label: $0) }
      var logger = Logger(label: "labctl.serve")
      logger.logLevel = .info
      let shared = loopExecutor && useEventLoopsAsGlobalExecutor(threads: threads)
      var options = ServerOptions(
        path: lab.path, audience: audience, host: host, port: port,
        pollInterval: .milliseconds(Int(poll * 1000)), threads: shared ? 0 : threads)
      options.pinConnections = pinConnections
      options.idleTimeout = idleTimeout > 0 ? .milliseconds(Int(idleTimeout * 1000)) : nil
      options.drainTimeout = drainTimeout > 0 ? .milliseconds(Int(drainTimeout * 1000)) : nil
      // Every connection takes a descriptor: use all the system allows, and keep connections below it.
      let softLimit = FileDescriptorLimit.raise()
      let cap = softLimit.map { FileDescriptorLimit.defaultMaxConnections(softLimit: $0) }
      options.maxConnections = maxConnections ?? cap
      if let maxConnections, let cap, maxConnections > cap {
        let advice =
          "--max-connections \(maxConnections) leaves fewer than \(FileDescriptorLimit.reserve) of the "
          + "\(softLimit ?? 0) file descriptors for reading the lab; \(cap) or fewer is safe"
        logger.warning("\(advice)")
      }
      options.delivery = try deliveryContext(logger: logger)
      if probe { (options.probe, options.history) = try probeOptions(logger: logger) }
      let app = buildApplication(options, logger: logger)
      // The drain bounds each connection; this bounds the whole shutdown, should anything else hang.
      var group = ServiceGroupConfiguration(
        services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
      group.maximumGracefulShutdownDuration = .milliseconds(Int(drainTimeout * 1000)) + .seconds(5)
      try await ServiceGroup(configuration: group).run()
    }
  }
}

extension Labctl.Serve {
  /// The webhook's secret, queue and GitOps clone, when a secret is configured (else nil: no webhook).
  func deliveryContext(logger: Logger) throws -> DeliveryContext? {
    do {
      guard let secret = try WebhookSecret.load(file: webhookSecretFile) else { return nil }
      let checked = LabPipeline(path: lab.path, today: SystemCalendar.today).check()
      let delivery = checked.lab?.delivery ?? Delivery()
      let remote = try GitOpsRemote.url(gitopsRepo, delivery: delivery)
      let state = stateDirectory
      let queue = try DeliveryQueue(path: state + "/delivery.sqlite")
      let checkout = try GitOpsCheckout(remote: remote, branch: delivery.branch, directory: state + "/gitops")
      logger.info("delivery webhook on POST /hooks/github; queue \(state)/delivery.sqlite")
      return DeliveryContext(
        secret: secret, queue: queue, checkout: checkout, github: try github.client(delivery: delivery))
    } catch let error as DeliveryError {
      throw ValidationError(error.message)
    }
  }
}

extension Labctl.Serve {
  /// The directory the server keeps its state in: --state-dir, else LAB/.labctl.
  var stateDirectory: String {
    let labDirectory = lab.path.hasSuffix(".yaml") ? (lab.path as NSString).deletingLastPathComponent : lab.path
    return stateDir ?? (labDirectory.isEmpty ? "." : labDirectory) + "/.labctl"
  }

  /// The prober's options and history store, for --probe.
  func probeOptions(logger: Logger) throws -> (ProbeOptions, (any HistoryStore)?) {
    var options = ProbeOptions(
      policy: try targets.policy(), concurrency: probeConcurrency,
      defaults: ProbeDefaults(timeout: probeTimeout, interval: probeInterval))
    options.retentionDays = retention
    options.webhook = notifyURL.flatMap(ProbeURL.init)
    options.notifyHold = notifyAfter
    if let url = options.webhook,
      case .failure(let refused) = options.policy.dial(Endpoint(host: url.host, port: url.port))
    {
      throw ValidationError("--notify-url: \(refused.message)")
    }
    var store: (any HistoryStore)?
    if history != "none" {
      let path = history ?? stateDirectory + "/history.sqlite"
      do {
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent,
          withIntermediateDirectories: true)
        store = try SQLiteHistoryStore(path: path)
      } catch {
        throw ValidationError("--history: cannot open '\(path)' as a history file: \(error)")
      }
      logger.info("probe history in \(path)")
    }
    return (options, store)
  }
}

extension Audience: ExpressibleByArgument {}
