/// A node's role in a Kubernetes cluster.
public enum NodeRole: String, Sendable, Codable, CaseIterable {
  case controlplane, worker
}

/// One node of a cluster: a machine and its role.
public struct ClusterNode: Sendable, Hashable, Named {
  public var name: String
  public var role: NodeRole
  /// The node's address, when a talconfig gives one.
  public var address: IPv4?
  /// The disk Talos installs to, when a talconfig gives one.
  public var installDisk: String?
  /// Kubernetes node labels from the talconfig.
  public var labels: [String: String]

  public init(
    name: String, role: NodeRole, address: IPv4? = nil, installDisk: String? = nil, labels: [String: String] = [:]
  ) {
    self.name = name
    self.role = role
    self.address = address
    self.installDisk = installDisk
    self.labels = labels
  }
}

/// The cluster's service load balancer, e.g. MetalLB in L2 mode.
public struct LoadBalancer: Sendable, Hashable {
  public var kind: String
  public var pool: IPv4Range?

  public init(kind: String, pool: IPv4Range? = nil) {
    self.kind = kind
    self.pool = pool
  }
}

/// A Kubernetes cluster.
public struct Cluster: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  public var distro: String?
  public var site: String?
  public var status: Status
  public var nodes: [ClusterNode]
  public var loadBalancer: LoadBalancer?
  public var endpoint: String?
  /// Path of a talhelper `talconfig.yaml`, relative to the lab directory; its nodes and endpoint are merged
  /// into `nodes` and `endpoint` when the lab is loaded.
  public var talconfig: String?

  public init(
    name: String, title: String? = nil, distro: String? = nil, site: String? = nil,
    status: Status = .live, nodes: [ClusterNode] = [], loadBalancer: LoadBalancer? = nil,
    endpoint: String? = nil, talconfig: String? = nil
  ) {
    self.name = name
    self.title = title
    self.distro = distro
    self.site = site
    self.status = status
    self.nodes = nodes
    self.loadBalancer = loadBalancer
    self.endpoint = endpoint
    self.talconfig = talconfig
  }

  /// The etcd voters: the control-plane nodes.
  public var etcdVoters: [ClusterNode] { nodes.filter { $0.role == .controlplane } }
}
