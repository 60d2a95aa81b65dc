import LabIO
import LabInventory
import LabModel

extension LabDecoder {
  static let serviceKeys = [
    "title", "short", "summary", "layer", "category", "runs_on", "replicas", "planned_replicas", "ha",
    "critical", "depends_on", "mitigation", "exposes", "http", "address", "status", "checks",
  ]

  func service(_ name: String, _ node: Node, _ path: String) -> Service? {
    let f = ctx.fields(node, path: path, allowed: Self.serviceKeys)
    var ha: HighAvailability?
    if let h = f["ha"] {
      let p = "\(path).ha"
      let hf = ctx.fields(
        h, path: p, allowed: ["kind", "vip", "via", "replication", "with", "vrid", "interface"], required: ["kind"])
      if let kind = ctx.enumValue(hf["kind"], path: "\(p).kind", as: HAKind.self) {
        ha = HighAvailability(
          kind: kind,
          vip: ctx.ipv4(
            hf["vip"], path: "\(p).vip", owner: "service '\(name)'", item: name, field: "ha.vip", example: "10.30.0.53"),
          via: ctx.string(hf["via"], path: "\(p).via"),
          replication: ctx.string(hf["replication"], path: "\(p).replication"),
          with: ctx.string(hf["with"], path: "\(p).with"), vrid: ctx.int(hf["vrid"], path: "\(p).vrid"),
          interface: ctx.string(hf["interface"], path: "\(p).interface"))
      }
    }
    return Service(
      name: name, title: ctx.string(f["title"], path: "\(path).title"),
      short: ctx.string(f["short"], path: "\(path).short"),
      summary: ctx.string(f["summary"], path: "\(path).summary"),
      layer: ctx.string(f["layer"], path: "\(path).layer"),
      category: ctx.string(f["category"], path: "\(path).category"),
      runsOn: ctx.strings(f["runs_on"], path: "\(path).runs_on"),
      replicas: ctx.count(f["replicas"], path: "\(path).replicas"),
      plannedReplicas: ctx.count(f["planned_replicas"], path: "\(path).planned_replicas"), ha: ha,
      critical: ctx.bool(f["critical"], path: "\(path).critical") ?? false,
      dependsOn: ctx.strings(f["depends_on"], path: "\(path).depends_on"),
      mitigation: ctx.string(f["mitigation"], path: "\(path).mitigation"),
      exposes: ctx.string(f["exposes"], path: "\(path).exposes"),
      http: ctx.bool(f["http"], path: "\(path).http") ?? false,
      address: ctx.ipv4(
        f["address"], path: "\(path).address", owner: "service '\(name)'", item: name, field: "address",
        example: "10.30.0.53"),
      status: status(f, path), checks: checks(f["checks"], "\(path).checks", owner: name))
  }

  func app(_ name: String, _ node: Node, _ path: String) -> App? {
    let f = ctx.fields(
      node, path: path,
      allowed: ["title", "image", "cluster", "runs_on", "vlan", "http", "category", "status", "checks"])
    return App(
      name: name, title: ctx.string(f["title"], path: "\(path).title"),
      image: ctx.string(f["image"], path: "\(path).image"),
      cluster: ctx.string(f["cluster"], path: "\(path).cluster"),
      runsOn: ctx.strings(f["runs_on"], path: "\(path).runs_on"),
      vlan: ctx.string(f["vlan"], path: "\(path).vlan"),
      http: ctx.bool(f["http"], path: "\(path).http") ?? false,
      category: ctx.string(f["category"], path: "\(path).category"), status: status(f, path),
      checks: checks(f["checks"], "\(path).checks", owner: name))
  }

  func delivery(_ node: Node) -> Delivery {
    let f = ctx.fields(
      node, path: "delivery", allowed: ["stages", "registry", "gitops_repo", "promotion", "paths", "branch"])
    let stages = ctx.sequence(f["stages"], path: "delivery.stages").enumerated().compactMap {
      i, item -> DeliveryStage? in
      let p = "delivery.stages.\(i)"
      if case .scalar = item.kind, let name = ctx.string(item, path: p) {
        return DeliveryStage(name: name, title: name)
      }
      let s = ctx.fields(
        item, path: p, allowed: ["name", "title", "detail", "kind", "edge", "cluster"], required: ["name"])
      guard let name = ctx.string(s["name"], path: "\(p).name") else { return nil }
      return DeliveryStage(
        name: name, title: ctx.string(s["title"], path: "\(p).title") ?? name,
        detail: ctx.string(s["detail"], path: "\(p).detail"),
        kind: ctx.enumValue(s["kind"], path: "\(p).kind", as: StageKind.self) ?? .step,
        edge: ctx.string(s["edge"], path: "\(p).edge"), cluster: ctx.string(s["cluster"], path: "\(p).cluster"))
    }
    var promotion: [String: Promotion] = [:]
    for (env, value) in ctx.entries(f["promotion"] ?? .nothing, path: "delivery.promotion") {
      promotion[env] = ctx.enumValue(value, path: "delivery.promotion.\(env)", as: Promotion.self)
    }
    var paths: [String: String] = [:]
    for (cluster, value) in ctx.entries(f["paths"] ?? .nothing, path: "delivery.paths") {
      guard let path = ctx.string(value, path: "delivery.paths.\(cluster)") else { continue }
      let parts = path.split(separator: "/", omittingEmptySubsequences: false)
      if path.isEmpty || path.hasPrefix("/") || parts.contains("..") || path.contains("\\") {
        ctx.error(
          "'delivery.paths.\(cluster)' must be a folder inside the GitOps repo, relative to its root "
            + "(e.g. clusters/\(cluster)), found '\(path)'", at: value)
        continue
      }
      paths[cluster] = path
    }
    var branch = "main"
    if let node = f["branch"], let name = ctx.string(node, path: "delivery.branch") {
      if name.isEmpty || name.hasPrefix("-") || name.contains("..") || name.contains(" ") || name.hasSuffix("/")
        || name.hasSuffix(".lock")
      {
        ctx.error("'delivery.branch' must be a git branch name (e.g. main), found '\(name)'", at: node)
      } else {
        branch = name
      }
    }
    return Delivery(
      stages: stages, registry: ctx.string(f["registry"], path: "delivery.registry"),
      gitopsRepo: ctx.string(f["gitops_repo"], path: "delivery.gitops_repo"), promotion: promotion,
      paths: paths, branch: branch)
  }
}
