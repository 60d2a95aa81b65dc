import Foundation

/// Two knotd servers on 127.0.0.1 at free high ports, each with its own config and storage in a temp dir:
/// a primary loading the exported zone files, and a secondary taking every zone from it by AXFR.
public final class KnotPair: @unchecked Sendable {
  public let dir: String
  public let primaryPort: Int
  public let secondaryPort: Int
  /// The zones served, absolute (`lab.internal.`).
  public let origins: [String]
  private var daemons: [Daemon] = []
  let kdig: String
  let knotc: String?

  /// Starts both servers; `zoneDir` holds `ORIGIN.zone` for each origin (without the trailing dot).
  public init(origins: [String], zoneDir: String) throws {
    guard let knotd = Peers.find("knotd"), let kdig = Peers.find("kdig") else {
      throw DaemonError(message: "knotd/kdig not installed (apt-get install knot knot-dnsutils)")
    }
    self.kdig = kdig
    knotc = Peers.find("knotc")
    self.origins = origins
    dir = NSTemporaryDirectory() + "labctl-knot-\(UUID().uuidString)"
    primaryPort = try FreePort.pick()
    var second = try FreePort.pick()
    while second == primaryPort { second = try FreePort.pick() }
    secondaryPort = second
    let fm = FileManager.default
    for sub in ["primary/run", "primary/db", "secondary/run", "secondary/db", "secondary/zones"] {
      try fm.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
    }
    let names = origins.map { String($0.dropLast()) }
    let primary = """
      server:
          rundir: "\(dir)/primary/run"
          listen: 127.0.0.1@\(primaryPort)
      control:
          listen: "\(dir)/primary/knot.sock"
      log:
        - target: stderr
          any: info
      database:
          storage: "\(dir)/primary/db"
      remote:
        - id: secondary
          address: 127.0.0.1@\(secondaryPort)
      acl:
        - id: transfer
          address: 127.0.0.1
          action: transfer
      template:
        - id: default
          storage: "\(zoneDir)"
          file: "%s.zone"
          acl: transfer
          notify: secondary
          zonefile-sync: -1
          journal-content: none
      zone:
      \(names.map { "  - domain: \($0)" }.joined(separator: "\n"))

      """
    let secondary = """
      server:
          rundir: "\(dir)/secondary/run"
          listen: 127.0.0.1@\(secondaryPort)
      control:
          listen: "\(dir)/secondary/knot.sock"
      log:
        - target: stderr
          any: info
      database:
          storage: "\(dir)/secondary/db"
      remote:
        - id: primary
          address: 127.0.0.1@\(primaryPort)
      acl:
        - id: notify
          address: 127.0.0.1
          action: notify
        - id: transfer
          address: 127.0.0.1
          action: transfer
      template:
        - id: default
          storage: "\(dir)/secondary/zones"
          file: "%s.zone"
          master: primary
          acl: [notify, transfer]
      zone:
      \(names.map { "  - domain: \($0)" }.joined(separator: "\n"))

      """
    try primary.write(toFile: "\(dir)/primary.conf", atomically: true, encoding: .utf8)
    try secondary.write(toFile: "\(dir)/secondary.conf", atomically: true, encoding: .utf8)
    if let knotc = Peers.find("knotc") {
      let check: Peers.Output = try Peers.run(knotc, ["-c", "\(dir)/primary.conf", "conf-check"], timeout: 30)
      guard check.status == 0 else { throw DaemonError(message: "knotc conf-check: \(check.stdout)\(check.stderr)") }
    }
    daemons.append(try Daemon(knotd, ["-c", "\(dir)/primary.conf"], log: "\(dir)/primary.log"))
    daemons.append(try Daemon(knotd, ["-c", "\(dir)/secondary.conf"], log: "\(dir)/secondary.log"))
  }

  /// The data of the answers to one query (`+short`).
  public func query(_ name: String, _ type: String, port: Int? = nil) async throws -> [String] {
    let out: Peers.Output = try await Peers.run(
      kdig, ["@127.0.0.1", "-p", String(port ?? primaryPort), "+short", "+time=2", "+retry=0", name, type], timeout: 20)
    return out.stdout.split(separator: "\n").map(String.init)
  }

  /// The zone by AXFR, as kdig prints it.
  public func axfr(_ origin: String, port: Int) async throws -> String {
    let out: Peers.Output = try await Peers.run(
      kdig, ["@127.0.0.1", "-p", String(port), "+time=2", "+retry=0", origin, "AXFR"], timeout: 20)
    return out.stdout
  }

  public func soaSerial(_ origin: String, port: Int) async throws -> String? {
    try await query(origin, "SOA", port: port).first?.split(separator: " ").dropFirst(2).first.map(String.init)
  }

  public func waitForPrimary() async throws {
    let up = try await waitUntil {
      for origin in origins where try await soaSerial(origin, port: primaryPort) == nil { return false }
      return true
    }
    if !up { throw DaemonError(message: "the primary knotd never answered:\n\(daemons[0].output)") }
  }

  public func waitForSecondary() async throws {
    let up = try await waitUntil {
      for origin in origins {
        let serial = try await soaSerial(origin, port: secondaryPort)
        let primary = try await soaSerial(origin, port: primaryPort)
        if serial == nil || serial != primary { return false }
      }
      return true
    }
    if !up { throw DaemonError(message: "the secondary never transferred the zones:\n\(daemons[1].output)") }
  }

  /// Runs knotc against the primary (`zone-begin`, `zone-set`, …): a change behind labctl's back.
  public func control(_ arguments: [String]) async throws -> Peers.Output {
    guard let knotc else { throw DaemonError(message: "knotc not installed (apt-get install knot)") }
    return try await Peers.run(
      knotc, ["-c", "\(dir)/primary.conf", "-s", "\(dir)/primary/knot.sock"] + arguments, timeout: 30)
  }

  public func stop() {
    for daemon in daemons { daemon.stop() }
    try? FileManager.default.removeItem(atPath: dir)
  }
}
