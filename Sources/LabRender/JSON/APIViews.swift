import Foundation
import LabModel

/// The JSON views of the lab, served as `api/v1/<name>.json` and gathered in `lab.json`.
/// The public audience gets no address field at all; the internal one adds them.
enum APIViews {
  struct SiteView: Encodable {
    var name: String
    var title: String?
    var status: Status
    var note: String?
  }

  struct MachineView: Encodable {
    var name: String
    var kind: MachineKind
    var model: String?
    var role: String?
    var tier: String?
    var site: String?
    var runsOn: String?
    var os: String?
    var vlan: String?
    var status: Status
    var runsToday: Bool
    var address: String?
    var mac: String?
  }

  struct NodeView: Encodable {
    var name: String
    var role: NodeRole
    var address: String?
  }

  struct ClusterView: Encodable {
    var name: String
    var title: String?
    var distro: String?
    var site: String?
    var status: Status
    var runsToday: Bool
    var nodes: [NodeView]
    var nodesToday: Int
    var etcdVoters: Int
    var loadBalancer: String?
    var loadBalancerPool: String?
    var endpoint: String?
  }

  struct ServiceView: Encodable {
    var name: String
    var title: String
    var summary: String?
    var layer: String?
    var category: String?
    var runsOn: [String]
    var ha: HAKind
    var instances: Figure
    var redundant: Bool
    var redundantWithPlan: Bool
    var critical: Bool
    var dependsOn: [String]
    var mitigation: String?
    var status: Status
    var vip: String?
    var address: String?
  }

  struct VLANView: Encodable {
    var name: String
    /// The 802.1Q id: internal audience, or a lab that sets `page.show_ports`.
    var id: Int?
    var title: String?
    var short: String?
    var trust: Trust
    var holds: String?
    var focal: Bool
    var status: Status
    var posture: String
    var subnet: String?
  }

  struct AppView: Encodable {
    var name: String
    var title: String
    var image: String?
    var cluster: String?
    var runsOn: [String]
    var vlan: String?
    var http: Bool
    var status: Status
  }

  struct StageView: Encodable {
    var kind: String
    var title: String
    var detail: String?
    var edge: String?
  }

  struct IngressView: Encodable {
    var kind: String
    var name: String?
    var outboundOnly: Bool
    var to: [String]
    /// Port numbers: internal audience, or a lab that sets `page.show_ports` (the seed's "posture, not addresses").
    var ports: [String]?
    var service: String?
    var note: String?
  }

  struct RuleView: Encodable {
    var from: String
    var to: String
    var ports: [String]?
    var note: String?
  }

  struct NetworkView: Encodable {
    var defaultPolicy: String
    var postures: [VLANPosture]
    var allow: [RuleView]
    var ingress: [IngressView]
  }

  /// The network's posture: what may reach what, and how the internet gets in; no addresses, and port numbers
  /// only with `ports` (the internal audience, or `page.show_ports`).
  static func network(_ lab: Lab, ports: Bool) -> NetworkView {
    let names = PageNames(lab)
    return NetworkView(
      defaultPolicy: (lab.firewall.defaultPolicy ?? .deny).rawValue, postures: lab.postures(ports: ports),
      allow: lab.firewall.allow.map {
        RuleView(from: $0.from, to: $0.to, ports: ports ? $0.ports.map(\.description) : nil, note: $0.note)
      },
      ingress: lab.firewall.ingress.map {
        IngressView(
          kind: $0.kind.rawValue, name: $0.name, outboundOnly: $0.outboundOnly, to: $0.to.map(names.domain),
          ports: ports ? $0.ports.map(\.description) : nil,
          service: $0.service, note: $0.note)
      })
  }

  /// Every view by name; `lab.json` holds them all.
  static func all(_ lab: Lab, audience: Audience, resilience: Resilience, views derived: LabViews) -> [(String, Data)] {
    let internalView = audience == .internal
    let ports = internalView || lab.meta.showPorts
    // The public audience names no host the page does not show anyway (roster hosts, physical machines).
    let names = PageNames(lab)
    func shown(_ name: String) -> String { internalView ? name : names.domain(name) }
    let sites = lab.sites.map { SiteView(name: $0.name, title: $0.title, status: $0.status, note: $0.note) }
    let machines = lab.machines.filter { internalView || names.shown.contains($0.name) }.map { m in
      MachineView(
        name: m.name, kind: m.kind, model: m.model, role: m.role, tier: m.tier, site: m.site,
        runsOn: m.runsOn.map(shown),
        os: m.os,
        vlan: m.vlan, status: m.status, runsToday: lab.runs(machine: m.name, at: .today),
        address: internalView ? m.address?.description : nil, mac: internalView ? m.mac : nil)
    }
    let clusters = lab.clusters.map { c in
      ClusterView(
        name: c.name, title: c.title, distro: c.distro, site: c.site, status: c.status,
        runsToday: lab.runs(cluster: c.name, at: .today),
        nodes: c.nodes.map {
          NodeView(name: shown($0.name), role: $0.role, address: internalView ? $0.address?.description : nil)
        },
        nodesToday: lab.nodes(of: c, at: .today).count, etcdVoters: c.etcdVoters.count,
        loadBalancer: c.loadBalancer.map { LoadBalancerName.display($0.kind) },
        loadBalancerPool: internalView ? c.loadBalancer?.pool?.description : nil,
        endpoint: internalView ? c.endpoint : nil)
    }
    let services = lab.services.map { s in
      ServiceView(
        name: s.name, title: s.displayName, summary: s.summary, layer: s.layer, category: s.category,
        runsOn: s.runsOn.map(shown),
        ha: s.haKind,
        instances: Figure(today: lab.instances(of: s, at: .today), plan: lab.instances(of: s, at: .plan)),
        redundant: lab.isRedundant(s, at: .today), redundantWithPlan: lab.isRedundant(s, at: .plan),
        critical: s.critical, dependsOn: s.dependsOn, mitigation: s.mitigation, status: s.status,
        vip: internalView ? s.ha?.vip?.description : nil, address: internalView ? s.address?.description : nil)
    }
    let posture = lab.vlanPosture
    let vlans = lab.vlans.map { v in
      VLANView(
        name: v.name, id: ports ? v.id : nil, title: v.title, short: v.short, trust: v.trust, holds: v.holds,
        focal: v.focal,
        status: v.status, posture: posture[v.name] ?? "", subnet: internalView ? v.subnet?.description : nil)
    }
    let apps = lab.apps.map {
      AppView(
        // Image references are delivery detail (and, in a model, often a placeholder such as ghcr.io/OWNER/…):
        // internal only.
        name: $0.name, title: $0.displayName, image: internalView ? $0.image : nil, cluster: $0.cluster,
        runsOn: $0.runsOn.map(shown),
        vlan: $0.vlan,
        http: $0.http, status: $0.status)
    }
    var views: [(String, Data)] = [
      ("summary", encode(derived.summary)),
      ("plan-figures", encode(derived.hero)),
      ("sites", encode(sites)),
      ("machines", encode(machines)),
      ("clusters", encode(clusters)),
      ("services", encode(services)),
      ("vlans", encode(vlans)),
      ("apps", encode(apps)),
      ("layers", encode(lab.layerStack)),
      ("tools", encode(lab.namedTools)),
    ]
    if let roster = derived.roster { views.append(("roster", encode(roster))) }
    var ha = lab.haMap(resilience, accepted: derived.acceptedRisks)
    if !internalView {
      let withoutVIP: (HARow) -> HARow = {
        var r = $0
        r.vip = nil
        return r
      }
      ha.redundant = ha.redundant.map(withoutVIP)
      ha.planned = ha.planned.map(withoutVIP)
    }
    views.append(("ha", encode(ha)))
    // Names and verdicts only, in both audiences: the what-if panel never carries addresses or machine lists.
    if !lab.services.isEmpty || !lab.clusters.isEmpty { views.append(("whatif", encode(WhatIf(resilience, lab: lab)))) }
    views.append(("network", encode(network(lab, ports: ports))))
    if lab.delivery != nil {
      views.append(
        (
          "delivery",
          encode(
            DeliveryDiagram.boxes(lab).map {
              StageView(kind: $0.kicker.lowercased(), title: $0.title, detail: $0.detail, edge: $0.edge)
            })
        ))
    }
    return views.sorted { $0.0 < $1.0 }
  }

  /// `lab.json`: every view under its name, plus the lab's identity and the audience.
  static func lab(_ lab: Lab, audience: Audience, views: [(String, Data)]) -> Data {
    var out = Data("{\n".utf8)
    var head: [(String, String)] = [("audience", audience.rawValue), ("name", lab.meta.name)]
    if let t = lab.meta.tagline { head.append(("tagline", t)) }
    var entries: [(String, Data)] = head.map { ($0.0, encode($0.1)) } + views
    entries.sort { $0.0 < $1.0 }
    for (i, (key, data)) in entries.enumerated() {
      out += Data("  ".utf8) + encode(key) + Data(" : ".utf8)
      let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
      out += Data(text.utf8) + Data((i == entries.count - 1 ? "\n" : ",\n").utf8)
    }
    return out + Data("}\n".utf8)
  }

  static func encode<T: Encodable>(_ value: T) -> Data {
    LabJSON.encode(value)
  }
}
