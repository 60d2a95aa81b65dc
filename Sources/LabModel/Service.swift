/// A layer of the platform stack, L1 (infrastructure) to L5 (workloads).
public struct Layer: Sendable, Hashable, Named {
  public var name: String
  public var label: String
  public var title: String
  public var subtitle: String?
  public var focal: Bool

  public init(name: String, label: String, title: String, subtitle: String? = nil, focal: Bool = false) {
    self.name = name
    self.label = label
    self.title = title
    self.subtitle = subtitle
    self.focal = focal
  }

  /// The five standard layers, used when `lab.yaml` declares none.
  public static let defaults: [Layer] = [
    Layer(name: "infrastructure", label: "L1", title: "Infrastructure", subtitle: "physical · hypervisor"),
    Layer(name: "os", label: "L2", title: "Operating system", subtitle: "immutable · minimal"),
    Layer(name: "kubernetes", label: "L3", title: "Kubernetes", subtitle: "clusters"),
    Layer(name: "platform", label: "L4", title: "Platform services", subtitle: "the cloud-native plane", focal: true),
    Layer(name: "workloads", label: "L5", title: "Workloads", subtitle: "apps · services"),
  ]
}

/// A group in the named-tools list ("Platform services").
public struct Category: Sendable, Hashable, Named {
  public var name: String
  public var subtitle: String?

  public init(name: String, subtitle: String? = nil) {
    self.name = name
    self.subtitle = subtitle
  }
}

/// How a service stays up when one instance fails.
public enum HAKind: String, Sendable, Codable, CaseIterable {
  /// A virtual IP moved between backends (keepalived).
  case vip
  /// A consensus quorum (etcd, Raft).
  case quorum
  /// Several interchangeable replicas.
  case replicas
  /// Two separate instances that split the load (internal / public gateways).
  case split
  /// One instance rescheduled by Kubernetes when it fails.
  case selfHeal = "self-heal"
  /// One instance; a failure takes it down.
  case none
}

/// A service's high-availability mechanism.
public struct HighAvailability: Sendable, Hashable {
  public var kind: HAKind
  public var vip: IPv4?
  public var via: String?
  public var replication: String?
  /// For `split`: the service that holds the other half.
  public var with: String?
  /// For `vip`: the VRRP virtual router id (1–255); nil means the VIP's last octet.
  public var vrid: Int?
  /// For `vip`: the network interface the VIP moves on; nil means `eth0`.
  public var interface: String?

  public init(
    kind: HAKind, vip: IPv4? = nil, via: String? = nil, replication: String? = nil,
    with: String? = nil, vrid: Int? = nil, interface: String? = nil
  ) {
    self.vrid = vrid
    self.interface = interface
    self.kind = kind
    self.vip = vip
    self.via = via
    self.replication = replication
    self.with = with
  }
}

/// A platform component or a single-purpose host's role.
public struct Service: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  /// Short label for the layer diagram, e.g. `Envoy GW`.
  public var short: String?
  public var summary: String?
  public var layer: String?
  public var category: String?
  /// Machines or clusters the service runs on.
  public var runsOn: [String]
  /// Replicas on each cluster it runs on (machines count one each).
  public var replicas: Int?
  /// Replicas per cluster once the plan lands.
  public var plannedReplicas: Int?
  public var ha: HighAvailability?
  public var critical: Bool
  public var dependsOn: [String]
  /// The queued next step for a single instance.
  public var mitigation: String?
  /// `tunnel` when the service carries the outbound tunnel.
  public var exposes: String?
  public var http: Bool
  /// The address the service answers on (a gateway's load-balancer IP).
  public var address: IPv4?
  public var status: Status
  /// Live checks (`checks:`); nil means the defaults, an empty list none.
  public var checks: [Check]?

  public init(
    name: String, title: String? = nil, short: String? = nil, summary: String? = nil,
    layer: String? = nil, category: String? = nil, runsOn: [String] = [], replicas: Int? = nil,
    plannedReplicas: Int? = nil, ha: HighAvailability? = nil, critical: Bool = false,
    dependsOn: [String] = [], mitigation: String? = nil, exposes: String? = nil,
    http: Bool = false, address: IPv4? = nil, status: Status = .live, checks: [Check]? = nil
  ) {
    self.checks = checks
    self.name = name
    self.title = title
    self.short = short
    self.summary = summary
    self.layer = layer
    self.category = category
    self.runsOn = runsOn
    self.replicas = replicas
    self.plannedReplicas = plannedReplicas
    self.ha = ha
    self.critical = critical
    self.dependsOn = dependsOn
    self.mitigation = mitigation
    self.exposes = exposes
    self.http = http
    self.address = address
    self.status = status
  }

  /// The display name: the title, or the key.
  public var displayName: String { title ?? name }
  /// The HA kind, `none` when undeclared.
  public var haKind: HAKind { ha?.kind ?? .none }
}

extension HighAvailability {
  /// The VRRP virtual router id: declared, or the last octet of the VIP.
  public var virtualRouterID: Int? {
    if let vrid { return vrid }
    return vip.map { Int($0.value & 255) }
  }
}
