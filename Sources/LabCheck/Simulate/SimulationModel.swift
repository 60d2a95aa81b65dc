import LabModel

/// Where one instance of a service or app runs.
enum Placement: Sendable, Hashable {
  /// On a machine: one instance.
  case machine(Int)
  /// On a cluster (an item index): `replicas` instances.
  case cluster(Int, replicas: Int)
}

/// One node of a cluster, compiled: its machine (or -1 when undeclared) and the site it sits on.
struct NodeRef: Sendable, Hashable {
  var name: String
  var machine: Int
  var site: Int
  var voter: Bool
}

/// One input an item reads: a dependency, and whether it is the implicit DNS one.
struct Dependency: Sendable, Hashable {
  var item: Int
  var dns: Bool
}

/// A cluster, service, app or ingress path, compiled for simulation.
struct SimItem: Sendable {
  var kind: ItemKind
  var name: String
  var present: Bool
  var nodes: [NodeRef] = []
  var placements: [Placement] = []
  /// Instances each placement gives when nothing fails.
  var baseline: [Int] = []
  var total = 0
  var ha: HAKind = .none
  var tunnel = false
  /// Kubernetes reschedules it when a node fails (`self-heal`, `split`, apps on a cluster).
  var selfHealing = false
  var deps: [Dependency] = []
}

/// The lab compiled for simulation at one horizon: indices, reverse edges and evaluation order.
struct SimulationModel: Sendable {
  var labName: String
  var horizon: Horizon
  var machineNames: [String] = []
  var machineIndex: [String: Int] = [:]
  var machineRuns: [Bool] = []
  /// The site a machine sits on, through its hypervisor when it declares none (-1: none).
  var machineSite: [Int] = []
  /// Machines whose own declaration names each site.
  var siteMachines: [[Int]] = []
  var guests: [[Int]] = []
  /// Items that read each machine (cluster nodes, service placements).
  var machineUsers: [[Int]] = []
  var siteNames: [String] = []
  var siteIndex: [String: Int] = [:]
  var siteIncluded: [Bool] = []
  var links: [(name: String, a: Int, b: Int, included: Bool)] = []
  var items: [SimItem] = []
  var itemIndex: [ItemRef: Int] = [:]
  /// Items that read each item.
  var users: [[Int]] = []
  /// Evaluation level: every input of an item has a lower level.
  var level: [Int] = []
  var levels = 0
  var dns: Int?

  /// The horizon's word for text: `today`, `in the plan`.
  var when: String { horizon == .today ? "today" : "in the plan" }
}
