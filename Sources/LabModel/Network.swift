/// How much a VLAN is trusted; drives the network diagram's grouping.
public enum Trust: String, Sendable, Codable, CaseIterable {
  case isolated, trusted, untrusted, guest, iot
}

/// A VLAN: one segment of the lab's network.
public struct VLAN: Sendable, Hashable, Named {
  public var name: String
  public var id: Int
  public var title: String?
  /// Short label for lists, e.g. `DMZ`.
  public var short: String?
  public var trust: Trust
  public var subnet: CIDR?
  /// The router's address on this VLAN; nil means the subnet's first host address.
  public var gateway: IPv4?
  public var holds: String?
  public var focal: Bool
  public var status: Status

  public init(
    name: String, id: Int, title: String? = nil, short: String? = nil, trust: Trust = .trusted,
    subnet: CIDR? = nil, holds: String? = nil, focal: Bool = false, status: Status = .live,
    gateway: IPv4? = nil
  ) {
    self.gateway = gateway
    self.name = name
    self.id = id
    self.title = title
    self.short = short
    self.trust = trust
    self.subnet = subnet
    self.holds = holds
    self.focal = focal
    self.status = status
  }
}

/// What the firewall does with traffic no rule names.
public enum FirewallDefault: String, Sendable, Codable, CaseIterable {
  case deny, allow
}

/// One allowed flow between VLANs.
public struct FirewallRule: Sendable, Hashable {
  public var from: String
  public var to: String
  /// `proto/port` entries, e.g. `tcp/8123`; empty means every port.
  public var ports: [Port]
  public var note: String?

  public init(from: String, to: String, ports: [Port] = [], note: String? = nil) {
    self.from = from
    self.to = to
    self.ports = ports
    self.note = note
  }
}

/// How traffic from the internet gets in.
public enum IngressKind: String, Sendable, Codable, CaseIterable {
  case tunnel
  case portForward = "port-forward"
}

/// One way in from the internet.
public struct Ingress: Sendable, Hashable {
  public var kind: IngressKind
  public var name: String?
  public var outboundOnly: Bool
  /// For a port-forward: the machines it lands on.
  public var to: [String]
  public var ports: [Port]
  /// For a tunnel: the service that runs it.
  public var service: String?
  public var note: String?

  public init(
    kind: IngressKind, name: String? = nil, outboundOnly: Bool = false, to: [String] = [],
    ports: [Port] = [], service: String? = nil, note: String? = nil
  ) {
    self.kind = kind
    self.name = name
    self.outboundOnly = outboundOnly
    self.to = to
    self.ports = ports
    self.service = service
    self.note = note
  }
}

/// The firewall's posture between VLANs and its ingress paths.
public struct Firewall: Sendable, Hashable {
  public var defaultPolicy: FirewallDefault?
  public var allow: [FirewallRule]
  public var ingress: [Ingress]

  public init(
    defaultPolicy: FirewallDefault? = nil, allow: [FirewallRule] = [], ingress: [Ingress] = []
  ) {
    self.defaultPolicy = defaultPolicy
    self.allow = allow
    self.ingress = ingress
  }
}
