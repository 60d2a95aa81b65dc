import ArgumentParser
import Hummingbird
import LabRender
import LabServer
import Logging

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

    func validate() throws {
      guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
      guard poll > 0 else { throw ValidationError("--poll must be a positive number of seconds") }
      guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
      LoggingSystem.bootstrap(StreamLogHandler.standardError)
      var logger = Logger(label: "labctl.serve")
      logger.logLevel = .info
      let options = ServerOptions(
        path: lab.path, audience: audience, host: host, port: port,
        pollInterval: .milliseconds(Int(poll * 1000)), threads: threads)
      let app = buildApplication(options, logger: logger)
      try await app.runService()
    }
  }
}

extension Audience: ExpressibleByArgument {}
