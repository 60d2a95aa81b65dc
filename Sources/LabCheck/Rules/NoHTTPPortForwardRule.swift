import LabModel

/// Web traffic comes in through the tunnel only, never an inbound port-forward.
public struct NoHTTPPortForwardRule: Rule {
  public let name = "no-http-port-forward"
  public let summary = "no HTTP(S) service is reachable through an inbound port-forward"
  public init() {}

  static let webPorts: Set<String> = ["80", "443", "8080", "8443"]

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (i, ing) in lab.firewall.ingress.enumerated() where ing.kind == .portForward {
      let at = lab.sourceMap.value("firewall.ingress.\(i)")
      for (j, port) in ing.ports.enumerated() {
        let number = String(port.split(separator: "/").last ?? "")
        if Self.webPorts.contains(number) {
          out.append(.error(name, "port-forward opens \(port), a web port; HTTP(S) must come in through the tunnel", at: lab.sourceMap.value("firewall.ingress.\(i).ports.\(j)") ?? at))
        }
      }
      for target in ing.to {
        let web = lab.services.filter { $0.http && $0.runsOn.contains(target) }.map(\.name)
          + lab.apps.filter { $0.http && $0.runsOn.contains(target) }.map(\.name)
        for w in web {
          out.append(.error(name, "port-forward lands on '\(target)', which serves HTTP service '\(w)'; expose it through the tunnel instead", at: at))
        }
      }
    }
    return out
  }
}
