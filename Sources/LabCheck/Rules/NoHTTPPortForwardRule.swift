import LabModel

/// Web traffic comes in through the tunnel only, never an inbound port-forward.
///
/// A port-forward is flagged when it opens a web port (80, 443, 8080, 8443, or a range
/// holding one), or lands on a machine that serves HTTP: a service or app with
/// `http: true` on that machine, or on a cluster the machine is a node of.
public struct NoHTTPPortForwardRule: Rule {
  public let name = "no-http-port-forward"
  public let summary = "no HTTP(S) service is reachable through an inbound port-forward"
  public let waivable = true
  public init() {}

  static let webPorts = [80, 443, 8080, 8443]

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let forwards = lab.firewall.ingress.enumerated().filter { $0.element.kind == .portForward }
    guard !forwards.isEmpty else { return [] }
    let servers = HTTPServers(lab)
    for (i, ing) in forwards {
      let p = "firewall.ingress.\(i)"
      for (j, port) in ing.ports.enumerated() {
        if let web = Self.webPorts.first(where: { port.contains(UInt16($0)) }) {
          out.append(
            .error(
              name,
              "port-forward opens \(port)\(port.first == port.last ? "" : ", which holds \(web)"), "
                + "a web port; HTTP(S) must come in through the tunnel",
              at: lab.sourceMap.value("\(p).ports.\(j)") ?? lab.sourceMap.value(p), item: port.description,
              notes: ["serve it behind the tunnel and drop the forward"]))
        }
      }
      for (j, target) in ing.to.enumerated() {
        let web = servers.of(target)
        guard !web.isEmpty else { continue }
        out.append(
          .error(
            name,
            "port-forward lands on '\(target)', which serves HTTP (\(web.joined(separator: ", "))); "
              + "web traffic must come in through the tunnel",
            at: lab.sourceMap.value("\(p).to.\(j)") ?? lab.sourceMap.value(p), item: target,
            notes: ["forward to a machine that serves no HTTP, e.g. one on the DMZ VLAN"]))
      }
    }
    return out
  }
}

/// What serves HTTP where: by machine or cluster, and the clusters each machine is a node of.
private struct HTTPServers {
  var byPlace: [String: [String]] = [:]
  var clustersOf: [String: [String]] = [:]

  init(_ lab: Lab) {
    for s in lab.services where s.http {
      for place in Set(s.runsOn) { byPlace[place, default: []].append("service '\(s.name)'") }
    }
    for a in lab.apps where a.http {
      for place in Set(a.runsOn + (a.cluster.map { [$0] } ?? [])) {
        byPlace[place, default: []].append("app '\(a.name)'")
      }
    }
    for c in lab.clusters {
      for n in Set(c.nodes.map(\.name)) { clustersOf[n, default: []].append(c.name) }
    }
  }

  /// What serves HTTP on a machine, directly or through a cluster it is a node of; services first.
  func of(_ machine: String) -> [String] {
    var seen = Set<String>()
    let all = ([machine] + (clustersOf[machine] ?? [])).flatMap { byPlace[$0] ?? [] }
    let unique = all.filter { seen.insert($0).inserted }
    return unique.filter { $0.hasPrefix("service") } + unique.filter { $0.hasPrefix("app") }
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: Character) -> Substring {
    let s = Substring(self)
    guard let a = s.firstIndex(where: { $0 != set }), let b = s.lastIndex(where: { $0 != set }) else { return "" }
    return s[a...b]
  }
}
