import LabModel

/// Web traffic comes in through the tunnel only, never an inbound port-forward.
///
/// A port-forward is flagged when it opens a web port (80, 443, 8080, 8443, or a range
/// holding one), or lands on a machine that serves HTTP: a service or app with
/// `http: true` on that machine, or on a cluster the machine is a node of.
public struct NoHTTPPortForwardRule: Rule {
  public let name = "no-http-port-forward"
  public let summary = "no HTTP(S) service is reachable through an inbound port-forward"
  public init() {}

  static let webPorts = [80, 443, 8080, 8443]

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (i, ing) in lab.firewall.ingress.enumerated() where ing.kind == .portForward {
      let p = "firewall.ingress.\(i)"
      for (j, port) in ing.ports.enumerated() {
        if let web = Self.webPort(in: port) {
          out.append(
            .error(
              name,
              "port-forward opens \(port)\(port.hasSuffix("/\(web)") ? "" : ", which holds \(web)"), "
                + "a web port; HTTP(S) must come in through the tunnel",
              at: lab.sourceMap.value("\(p).ports.\(j)") ?? lab.sourceMap.value(p),
              notes: ["serve it behind the tunnel and drop the forward"]))
        }
      }
      for (j, target) in ing.to.enumerated() {
        let clusters = Set(lab.clusters.filter { $0.nodes.contains { $0.name == target } }.map(\.name))
        func serves(_ runsOn: [String], _ cluster: String? = nil) -> Bool {
          runsOn.contains { $0 == target || clusters.contains($0) } || cluster.map(clusters.contains) == true
        }
        let web =
          lab.services.filter { $0.http && serves($0.runsOn) }.map { "service '\($0.name)'" }
          + lab.apps.filter { $0.http && serves($0.runsOn, $0.cluster) }.map { "app '\($0.name)'" }
        guard !web.isEmpty else { continue }
        out.append(
          .error(
            name,
            "port-forward lands on '\(target)', which serves HTTP (\(web.joined(separator: ", "))); "
              + "web traffic must come in through the tunnel",
            at: lab.sourceMap.value("\(p).to.\(j)") ?? lab.sourceMap.value(p),
            notes: ["forward to a machine that serves no HTTP, e.g. one on the DMZ VLAN"]))
      }
    }
    return out
  }

  /// The web port a `proto/port` or `proto/lo-hi` entry opens, if any.
  static func webPort(in entry: String) -> Int? {
    let spec = entry.split(separator: "/").last.map(String.init) ?? entry
    let bounds = spec.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: " ")) }
    guard let lo = bounds.first else { return nil }
    let hi = bounds.count == 2 ? bounds[1] : lo
    return webPorts.first { (lo...max(lo, hi)).contains($0) }
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: Character) -> Substring {
    let s = Substring(self)
    guard let a = s.firstIndex(where: { $0 != set }), let b = s.lastIndex(where: { $0 != set }) else { return "" }
    return s[a...b]
  }
}
