import LabModel

/// One entry in a layer of the stack; planned entries are drawn muted.
struct StackItem: Sendable, Hashable, Encodable {
  var text: String
  var planned: Bool
}

/// One layer of the platform stack with what the model puts on it.
struct StackRow: Sendable, Hashable, Encodable {
  var label: String
  var title: String
  var subtitle: String?
  var focal: Bool
  var items: [StackItem]
}

extension Lab {
  /// The L1–L5 stack: machines by model, operating systems, clusters, platform services, apps.
  var layerStack: [StackRow] {
    layers.map { layer in
      var items: [StackItem]
      switch layer.name {
      case "infrastructure": items = infrastructureItems
      case "os": items = operatingSystemItems
      case "kubernetes": items = kubernetesItems
      case "workloads": items = apps.map { StackItem(text: $0.displayName, planned: !$0.status.isToday) }
      default: items = []
      }
      items += services.filter { $0.layer == layer.name && layer.name != "infrastructure" }.map {
        StackItem(text: $0.short ?? $0.displayName, planned: !$0.status.isToday)
      }
      return StackRow(
        label: layer.label, title: layer.title, subtitle: layer.subtitle, focal: layer.focal, items: items)
    }
  }

  /// Physical machines by model, in tier order: `3× HP EliteDesk`, planned ones apart.
  private var infrastructureItems: [StackItem] {
    var items: [StackItem] = []
    let physical = machines.filter { $0.kind == .physical }
    let byModel = orderedGroups(physical, by: { $0.model ?? $0.os.map(Words.product) ?? "other" })
    for (model, group) in Lab.modelFamilies(byModel, tierOf: { $0.tier }) {
      let today = group.filter { runs(machine: $0.name, at: .today) }.count
      let later = group.count - today
      if today > 0 { items.append(StackItem(text: "\(today)× \(model)", planned: false)) }
      if later > 0 { items.append(StackItem(text: "+\(later)× \(model) planned", planned: true)) }
    }
    return items
  }

  /// The operating systems on the path to a pod: what the clusters' nodes run, named with what sets it apart
  /// ("Talos Linux — API-driven, no SSH"); node counts are L3's. A lab without clusters lists every machine's
  /// operating system with its count instead.
  private var operatingSystemItems: [StackItem] {
    let nodeNames = Set(clusters.flatMap { $0.nodes.map(\.name) })
    guard !nodeNames.isEmpty else {
      var items: [StackItem] = []
      for (os, group) in orderedGroups(machines.filter { $0.os != nil }, by: { Words.product($0.os ?? "") }) {
        let today = group.filter { runs(machine: $0.name, at: .today) }.count
        if today > 0 { items.append(StackItem(text: "\(os) ×\(today)", planned: false)) }
      }
      return items
    }
    let keys = clusters.flatMap { c in c.nodes.map { machine(named: $0.name)?.os ?? c.distro ?? "" } }
    // The nodes by the operating system their machine declares, grouped once.
    let byOS = Dictionary(grouping: clusters.flatMap(\.nodes)) { machine(named: $0.name)?.os ?? "" }
    var seen: Set<String> = []
    return keys.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }.map { key in
      let nodes = byOS[key] ?? []
      let today = nodes.contains { runs(machine: $0.name, at: .today) }
      return StackItem(text: OperatingSystemName.stack(key), planned: !today && !nodes.isEmpty)
    }
  }

  /// The clusters today with their node count, the load balancers, then planned clusters.
  private var kubernetesItems: [StackItem] {
    let live = clusters(at: .today)
    var items: [StackItem] = []
    if !live.isEmpty {
      let today = live.flatMap { nodes(of: $0, at: .today) }
      let control = today.filter { $0.role == .controlplane }.count
      // Control planes that also take workloads when there are no workers, as in the seed: "control/worker".
      let count =
        control == today.count
        ? "\(today.count) control/worker \(today.count == 1 ? "node" : "nodes")"
        : control == 0
          ? Words.count(today.count, "worker node")
          : "\(control) control-plane + \(Words.count(today.count - control, "worker node"))"
      items.append(StackItem(text: Words.dots(live.map(\.name)) + " — " + count, planned: false))
    }
    let balancers = Set(live.compactMap { $0.loadBalancer?.kind }).sorted()
    items += balancers.map { StackItem(text: LoadBalancerName.display($0), planned: false) }
    for c in clusters where !runs(cluster: c.name, at: .today) {
      items.append(StackItem(text: "\(c.name) planned (\(Words.count(c.nodes.count, "node")))", planned: true))
    }
    return items
  }
}

/// Operating systems as the platform stack names them: the product and, for the ones known for it, the
/// property that puts them in an immutable, minimal layer.
enum OperatingSystemName {
  static let properties: [String: (name: String, property: String)] = [
    "talos": ("Talos Linux", "API-driven, no SSH"),
    "flatcar": ("Flatcar Container Linux", "immutable, auto-updating"),
    "bottlerocket": ("Bottlerocket", "API-driven, immutable"),
    "fedora-coreos": ("Fedora CoreOS", "immutable, auto-updating"),
    "nixos": ("NixOS", "declarative, rollback by generation"),
  ]

  static func stack(_ key: String) -> String {
    guard let known = properties[key.lowercased()] else { return Words.product(key) }
    return "\(known.name) — \(known.property)"
  }
}

/// Load-balancer kinds as people write them.
enum LoadBalancerName {
  static func display(_ kind: String) -> String {
    switch kind {
    case "metallb-l2": "MetalLB L2"
    case "metallb-bgp": "MetalLB BGP"
    case "kube-vip": "kube-vip"
    default: kind
    }
  }
}

/// Groups items by key, keeping the order in which keys first appear.
func orderedGroups<T>(_ items: [T], by key: (T) -> String) -> [(String, [T])] {
  var order: [String] = []
  var groups: [String: [T]] = [:]
  for item in items {
    let k = key(item)
    if groups[k] == nil { order.append(k) }
    groups[k, default: []].append(item)
  }
  return order.map { ($0, groups[$0] ?? []) }
}
