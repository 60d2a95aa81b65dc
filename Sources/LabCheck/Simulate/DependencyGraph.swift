import LabModel

/// What runs on what, as `simulate` compiles it: a VM on its hypervisor, a cluster on its nodes, a service or
/// app on its machines and clusters, a service on what it depends on (and on DNS, when it reaches them by name).
public struct DependencyGraph: Sendable {
  /// A machine, or a cluster, service, app or ingress path.
  public enum Node: Sendable, Hashable, Comparable, CustomStringConvertible {
    case machine(String)
    case item(ItemRef)

    public var name: String {
      switch self {
      case .machine(let n): n
      case .item(let ref): ref.name
      }
    }

    public var description: String { name }

    public static func < (a: Node, b: Node) -> Bool {
      switch (a, b) {
      case (.machine(let x), .machine(let y)): x < y
      case (.machine, .item): true
      case (.item, .machine): false
      case (.item(let x), .item(let y)): x < y
      }
    }
  }

  /// One input of a node; `hard` when its failure alone takes the node down (a hypervisor, a dependency),
  /// soft when it is one of several places the node runs.
  public struct Edge: Sendable, Hashable {
    public var node: Node
    public var hard: Bool
  }

  /// Each node's inputs.
  public var parents: [Node: [Edge]] = [:]

  /// The inputs of one node, in declaration order.
  public func parents(of node: Node) -> [Edge] { parents[node] ?? [] }
}

extension Lab {
  /// The graph `simulate` evaluates, at a horizon.
  public func dependencyGraph(at horizon: Horizon) -> DependencyGraph {
    let model = SimulationModel(self, horizon: horizon)
    var graph = DependencyGraph()
    for (i, name) in model.machineNames.enumerated() where model.machineRuns[i] {
      if let host = machines[i].runsOn, model.machineIndex[host] != nil {
        graph.parents[.machine(name)] = [.init(node: .machine(host), hard: true)]
      }
    }
    func ref(_ i: Int) -> DependencyGraph.Node {
      .item(ItemRef(kind: model.items[i].kind, name: model.items[i].name))
    }
    for (i, item) in model.items.enumerated() where item.present {
      var edges: [DependencyGraph.Edge] = item.nodes.filter { $0.machine >= 0 }.map {
        .init(node: .machine(model.machineNames[$0.machine]), hard: false)
      }
      let single = item.placements.count == 1
      for p in item.placements {
        switch p {
        case .machine(let m): edges.append(.init(node: .machine(model.machineNames[m]), hard: single))
        case .cluster(let c, _): edges.append(.init(node: ref(c), hard: single))
        }
      }
      edges += item.deps.map { .init(node: ref($0.item), hard: true) }
      graph.parents[ref(i)] = edges
    }
    return graph
  }
}
