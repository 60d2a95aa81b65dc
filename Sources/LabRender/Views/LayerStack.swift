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

  /// Cluster distros with their node counts, then the other machines' operating systems.
  private var operatingSystemItems: [StackItem] {
    var items: [StackItem] = []
    let nodeNames = Set(clusters.flatMap { $0.nodes.map(\.name) })
    for (distro, group) in orderedGroups(clusters, by: { $0.distro.map(Words.product) ?? "Kubernetes" }) {
      let today = group.reduce(0) { $0 + nodes(of: $1, at: .today).count }
      let plan = group.reduce(0) { $0 + nodes(of: $1, at: .plan).count }
      items.append(StackItem(text: "\(distro) on \(Words.count(today, "node"))", planned: false))
      if plan > today { items.append(StackItem(text: "+\(plan - today) \(distro) planned", planned: true)) }
    }
    let others = machines.filter { !nodeNames.contains($0.name) && $0.os != nil }
    for (os, group) in orderedGroups(others, by: { Words.product($0.os ?? "") }) {
      let today = group.filter { runs(machine: $0.name, at: .today) }.count
      if today > 0 { items.append(StackItem(text: "\(os) ×\(today)", planned: false)) }
    }
    return items
  }

  /// The clusters today with their node count, the load balancers, then planned clusters.
  private var kubernetesItems: [StackItem] {
    let live = clusters(at: .today)
    var items: [StackItem] = []
    if !live.isEmpty {
      let count = live.reduce(0) { $0 + nodes(of: $1, at: .today).count }
      items.append(StackItem(text: Words.dots(live.map(\.name)) + " — \(Words.count(count, "node"))", planned: false))
    }
    let balancers = Set(live.compactMap { $0.loadBalancer?.kind }).sorted()
    items += balancers.map { StackItem(text: LoadBalancerName.display($0), planned: false) }
    for c in clusters where !runs(cluster: c.name, at: .today) {
      items.append(StackItem(text: "\(c.name) planned (\(Words.count(c.nodes.count, "node")))", planned: true))
    }
    return items
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
