import Foundation
import LabExport
import LabModel
import LabTestSupport

/// The lab's VLANs built as network namespaces on this machine: a router namespace (the VLANs' gateways,
/// a WAN side, the exported ruleset), one namespace per VLAN joined to it by a veth pair and holding the
/// VLAN's machine addresses, and an "internet" namespace on TEST-NET-2 (198.51.100.0/24) behind the WAN side.
/// No namespace is linked to the host's own interfaces, so no packet leaves them. `remove()` ends the
/// listeners and deletes every namespace (and with them the veth pairs).
final class NamespaceLab: @unchecked Sendable {
  static let wanRouter = "198.51.100.1"
  static let wanHost = "198.51.100.2"
  let prefix = "lx" + String(UUID().uuidString.prefix(6)).lowercased()
  let ip: String
  let python: String
  var namespaces: [String] = []
  var listeners: [Daemon] = []
  let logDir = NSTemporaryDirectory() + "labctl-netns-\(UUID().uuidString)"
  /// VLAN name → its namespace and addresses (the first is the probe target).
  var vlans: [(name: String, ns: String, addresses: [String])] = []
  var router: String { "\(prefix)-r" }
  var wan: String { "\(prefix)-w" }

  init(ip: String, python: String) throws {
    self.ip = ip
    self.python = python
    try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
  }

  /// `ip ARGS`; `ip -n NS ARGS` runs `ip ARGS` inside NS (see `NetNS`).
  func run(_ args: [String]) async throws {
    let (tool, arguments) =
      args.first == "-n" && args.count > 1 ? NetNS.command(args[1], ip: ip, [ip] + args.dropFirst(2)) : (ip, args)
    let out: Peers.Output = try await Peers.run(tool, arguments, timeout: 30)
    guard out.status == 0 else { throw DaemonError(message: "ip \(args.joined(separator: " ")): \(out.stderr)") }
  }

  func exec(_ ns: String, _ args: [String], timeout: Double = 30) async throws -> Peers.Output {
    let (tool, arguments) = NetNS.command(ns, ip: ip, args)
    return try await Peers.run(tool, arguments, timeout: timeout)
  }

  func addNamespace(_ name: String) async throws {
    try await run(["netns", "add", name])
    namespaces.append(name)
    try await run(["-n", name, "link", "set", "lo", "up"])
  }

  /// A veth pair between the router and `ns`, the router's end holding `gateway/prefix`.
  func link(_ ns: String, index: Int, gateway: String, prefixLength: Int, addresses: [String]) async throws {
    let routerEnd = "\(prefix)r\(index)"
    let hostEnd = "\(prefix)h\(index)"
    try await run(["link", "add", routerEnd, "netns", router, "type", "veth", "peer", "name", hostEnd, "netns", ns])
    try await run(["-n", router, "addr", "add", "\(gateway)/\(prefixLength)", "dev", routerEnd])
    try await run(["-n", router, "link", "set", routerEnd, "up"])
    for address in addresses { try await run(["-n", ns, "addr", "add", "\(address)/\(prefixLength)", "dev", hostEnd]) }
    try await run(["-n", ns, "link", "set", hostEnd, "up"])
    try await run(["-n", ns, "route", "add", "default", "via", gateway])
  }

  /// Builds the namespaces for the lab and loads `ruleset` in the router.
  func build(_ lab: Lab, ruleset: String) async throws {
    try await addNamespace(router)
    try await addNamespace(wan)
    let sysctl: Peers.Output = try await exec(router, ["sysctl", "-qw", "net.ipv4.ip_forward=1"])
    guard sysctl.status == 0 else { throw DaemonError(message: "sysctl: \(sysctl.stderr)") }
    try await link(wan, index: 0, gateway: Self.wanRouter, prefixLength: 24, addresses: [Self.wanHost])
    for (index, vlan) in lab.vlans.enumerated() {
      guard let subnet = vlan.subnet else { continue }
      let gateway = (vlan.gateway ?? IPv4(subnet.network.value + 1)).description
      var addresses = lab.machines.filter { $0.vlan == vlan.name && $0.status != .planned }.compactMap(\.address)
        .filter(subnet.contains).map(\.description)
      if addresses.isEmpty { addresses = [IPv4(subnet.network.value + 10).description] }
      let ns = "\(prefix)-v\(index)"
      try await addNamespace(ns)
      try await link(ns, index: index + 1, gateway: gateway, prefixLength: subnet.prefix, addresses: addresses)
      vlans.append((vlan.name, ns, addresses))
    }
    let file = "\(logDir)/edge.nft"
    try ruleset.write(toFile: file, atomically: true, encoding: .utf8)
    let load: Peers.Output = try await exec(router, ["nft", "-f", file])
    guard load.status == 0 else { throw DaemonError(message: "nft -f in the router namespace: \(load.stderr)") }
  }

  static let listenerScript = """
    import socket, sys, threading
    label, ports = sys.argv[1], [int(p) for p in sys.argv[2].split(",")]
    def serve(s):
        while True:
            c, _ = s.accept()
            c.sendall(("%s %s\\n" % (label, c.getsockname()[0])).encode())
            c.close()
    for p in ports:
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", p)); s.listen(64)
        threading.Thread(target=serve, args=(s,), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()
    """

  /// Starts a listener on `ports` in `ns` answering with its label and the address it was reached on.
  func listen(_ ns: String, label: String, ports: [Int]) async throws {
    let (tool, arguments) = NetNS.command(
      ns, ip: ip, [python, "-c", Self.listenerScript, label, ports.map(String.init).joined(separator: ",")])
    let daemon = try Daemon(tool, arguments, log: "\(logDir)/\(ns).log")
    listeners.append(daemon)
    guard await waitUntil(seconds: 30, { daemon.output.contains("ready") }) else {
      throw DaemonError(message: "listener in \(ns) never came up: \(daemon.output)")
    }
  }

  static let probeScript = """
    import socket, sys, json, threading
    results = {}
    def probe(target):
        host, port = target.rsplit(":", 1)
        try:
            s = socket.create_connection((host, int(port)), timeout=3)
            s.settimeout(3); results[target] = s.recv(200).decode().strip(); s.close()
        except Exception:
            results[target] = None
    threads = [threading.Thread(target=probe, args=(t,)) for t in sys.argv[1:]]
    [t.start() for t in threads]; [t.join() for t in threads]
    print(json.dumps(results, sort_keys=True))
    """

  /// TCP connects from `ns` to each `host:port` at once; what answered each (nil: no connection).
  func probe(from ns: String, _ targets: [String]) async throws -> [String: String?] {
    let out = try await exec(ns, [python, "-c", Self.probeScript] + targets, timeout: 60)
    guard out.status == 0, let data = out.stdout.data(using: .utf8),
      let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw DaemonError(message: "probe from \(ns): \(out.stderr)") }
    return json.mapValues { $0 as? String }
  }

  /// Ends the listeners and deletes the namespaces; synchronous, so a `defer` runs it on every exit.
  func remove() {
    for listener in listeners { listener.stop() }
    for ns in namespaces.reversed() { _ = try? Peers.run(ip, ["netns", "del", ns], timeout: 30) as Peers.Output }
    try? FileManager.default.removeItem(atPath: logDir)
  }
}
