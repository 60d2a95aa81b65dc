import LabIO
import LabInventory
import LabModel

extension LabDecoder {
  static let machineKeys = [
    "kind", "model", "role", "tier", "site", "runs_on", "os", "vlan", "address", "mac", "status", "checks",
  ]

  func machine(_ name: String, _ node: Node, _ path: String) -> Machine? {
    let f = ctx.fields(node, path: path, allowed: Self.machineKeys)
    let runsOn = ctx.string(f["runs_on"], path: "\(path).runs_on")
    let kind =
      ctx.enumValue(f["kind"], path: "\(path).kind", as: MachineKind.self) ?? (runsOn == nil ? .physical : .vm)
    if kind == .vm, runsOn == nil, f["kind"] != nil {
      ctx.error("VM '\(name)' must say which hypervisor it runs on ('runs_on')", at: f["kind"])
    }
    return Machine(
      name: name, kind: kind, model: ctx.string(f["model"], path: "\(path).model"),
      role: ctx.string(f["role"], path: "\(path).role"),
      tier: ctx.string(f["tier"], path: "\(path).tier"),
      site: ctx.string(f["site"], path: "\(path).site"), runsOn: runsOn,
      os: ctx.string(f["os"], path: "\(path).os"), vlan: ctx.string(f["vlan"], path: "\(path).vlan"),
      address: ctx.ipv4(
        f["address"], path: "\(path).address", owner: "machine '\(name)'", item: name, field: "address",
        example: "10.30.0.11"),
      mac: ctx.string(f["mac"], path: "\(path).mac"), status: status(f, path),
      checks: checks(f["checks"], "\(path).checks", owner: name))
  }

  func cluster(_ name: String, _ node: Node, _ path: String) -> Cluster? {
    let f = ctx.fields(
      node, path: path,
      allowed: ["title", "distro", "site", "status", "nodes", "loadbalancer", "endpoint", "talconfig"])
    let nodes: [ClusterNode] = ctx.entries(
      f["nodes"] ?? .nothing, path: "\(path).nodes", what: "a mapping of machine: role"
    ).compactMap { machine, roleNode in
      guard
        let role = ctx.enumValue(roleNode, path: "\(path).nodes.\(machine)", as: NodeRole.self)
      else { return nil }
      return ClusterNode(name: machine, role: role)
    }
    var lb: LoadBalancer?
    if let lbNode = f["loadbalancer"] {
      let l = ctx.fields(lbNode, path: "\(path).loadbalancer", allowed: ["kind", "pool"], required: ["kind"])
      lb = LoadBalancer(
        kind: ctx.string(l["kind"], path: "\(path).loadbalancer.kind") ?? "",
        pool: ctx.range(l["pool"], path: "\(path).loadbalancer.pool", cluster: name))
    }
    return Cluster(
      name: name, title: ctx.string(f["title"], path: "\(path).title"),
      distro: ctx.string(f["distro"], path: "\(path).distro"),
      site: ctx.string(f["site"], path: "\(path).site"), status: status(f, path), nodes: nodes,
      loadBalancer: lb, endpoint: ctx.string(f["endpoint"], path: "\(path).endpoint"),
      talconfig: ctx.string(f["talconfig"], path: "\(path).talconfig"))
  }

  func vlan(_ name: String, _ node: Node, _ path: String) -> VLAN? {
    let f = ctx.fields(
      node, path: path,
      allowed: ["id", "title", "short", "trust", "subnet", "gateway", "holds", "focal", "status"], required: ["id"])
    guard let id = ctx.int(f["id"], path: "\(path).id") else { return nil }
    return VLAN(
      name: name, id: id, title: ctx.string(f["title"], path: "\(path).title"),
      short: ctx.string(f["short"], path: "\(path).short"),
      trust: ctx.enumValue(f["trust"], path: "\(path).trust", as: Trust.self) ?? .trusted,
      subnet: ctx.cidr(f["subnet"], path: "\(path).subnet", vlan: name),
      holds: ctx.string(f["holds"], path: "\(path).holds"),
      focal: ctx.bool(f["focal"], path: "\(path).focal") ?? false, status: status(f, path),
      gateway: ctx.ipv4(
        f["gateway"], path: "\(path).gateway", owner: "VLAN '\(name)'", item: name, field: "gateway",
        example: "10.30.0.1"))
  }

  func firewall(_ node: Node?) -> Firewall {
    guard let node else { return Firewall() }
    let f = ctx.fields(node, path: "firewall", allowed: ["default", "allow", "ingress"])
    let allow = ctx.sequence(f["allow"], path: "firewall.allow").enumerated().map { i, item in
      let p = "firewall.allow.\(i)"
      let r = ctx.fields(item, path: p, allowed: ["from", "to", "ports", "note"], required: ["from", "to"])
      return FirewallRule(
        from: ctx.string(r["from"], path: "\(p).from") ?? "", to: ctx.string(r["to"], path: "\(p).to") ?? "",
        ports: ctx.ports(r["ports"], path: "\(p).ports"), note: ctx.string(r["note"], path: "\(p).note"))
    }
    let ingress = ctx.sequence(f["ingress"], path: "firewall.ingress").enumerated().compactMap {
      i, item -> Ingress? in
      let p = "firewall.ingress.\(i)"
      let r = ctx.fields(
        item, path: p, allowed: ["kind", "name", "outbound_only", "to", "ports", "service", "note"],
        required: ["kind"])
      guard let kind = ctx.enumValue(r["kind"], path: "\(p).kind", as: IngressKind.self) else { return nil }
      return Ingress(
        kind: kind, name: ctx.string(r["name"], path: "\(p).name"),
        outboundOnly: ctx.bool(r["outbound_only"], path: "\(p).outbound_only") ?? false,
        to: ctx.strings(r["to"], path: "\(p).to"), ports: ctx.ports(r["ports"], path: "\(p).ports"),
        service: ctx.string(r["service"], path: "\(p).service"), note: ctx.string(r["note"], path: "\(p).note"))
    }
    return Firewall(
      defaultPolicy: ctx.enumValue(f["default"], path: "firewall.default", as: FirewallDefault.self),
      allow: allow, ingress: ingress)
  }
}
