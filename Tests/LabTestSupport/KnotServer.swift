import Foundation

/// One knotd on 127.0.0.1 at a high port (or the one given), serving the zones given as text: a DNS
/// instance a probe asks. It runs under `setpriv --pdeathsig KILL` (see `Daemon`), so it dies with the test.
public final class KnotServer: @unchecked Sendable {
  public let dir: String
  public let port: Int
  private var daemon: Daemon?
  let kdig: String

  /// `zones` maps an origin without the trailing dot (`lab.internal`) to its zone file's text.
  public init(zones: [String: String], port: Int? = nil) throws {
    guard let knotd = Peers.find("knotd"), let kdig = Peers.find("kdig") else {
      throw DaemonError(message: "knotd/kdig not installed (apt-get install knot knot-dnsutils)")
    }
    self.kdig = kdig
    dir = NSTemporaryDirectory() + "labctl-knot-\(UUID().uuidString)"
    self.port = try port ?? FreePort.pick()
    let fm = FileManager.default
    for sub in ["run", "db", "zones"] {
      try fm.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
    }
    for (origin, text) in zones {
      try text.write(toFile: "\(dir)/zones/\(origin).zone", atomically: true, encoding: .utf8)
    }
    let config = """
      server:
          rundir: "\(dir)/run"
          listen: 127.0.0.1@\(self.port)
          # Knot closes a TCP connection whose query takes more than 500 ms to arrive (its default): on
          # two busy cores a prober's connect-then-write can be slower than that. The tests ask for answers,
          # not for knot's patience, so they give it plenty.
          tcp-io-timeout: 30000
          tcp-idle-timeout: 120
      control:
          listen: "\(dir)/knot.sock"
      log:
        - target: stderr
          any: info
      database:
          storage: "\(dir)/db"
      template:
        - id: default
          storage: "\(dir)/zones"
          file: "%s.zone"
          zonefile-sync: -1
          journal-content: none
      zone:
      \(zones.keys.sorted().map { "  - domain: \($0)" }.joined(separator: "\n"))

      """
    try config.write(toFile: "\(dir)/knot.conf", atomically: true, encoding: .utf8)
    daemon = try Daemon(knotd, ["-c", "\(dir)/knot.conf"], log: "\(dir)/knot.log")
  }

  /// Waits until the server answers the origin's SOA (up to 60 s).
  public func waitUntilServing(_ origin: String) async throws {
    let up = try await waitUntil(seconds: 60) {
      let out: Peers.Output = try await Peers.run(
        kdig, ["@127.0.0.1", "-p", String(port), "+short", "+tcp", "+time=2", "+retry=0", origin, "SOA"], timeout: 20)
      return !out.stdout.isEmpty
    }
    if !up { throw DaemonError(message: "knotd never answered:\n\(daemon?.output ?? "")") }
  }

  public func stop() {
    daemon?.stop()
    daemon = nil
    try? FileManager.default.removeItem(atPath: dir)
  }

  deinit { stop() }
}
