import LabModel

/// The exporters' view of the model's typed addresses (parsed once, at load).
enum ExportAddress {
  /// A machine's address.
  static func machine(_ machine: Machine) -> IPv4? { machine.address }

  /// A service's own address (a gateway's load-balancer IP).
  static func service(_ service: Service) -> IPv4? { service.address }

  /// A service's virtual IP.
  static func vip(_ service: Service) -> IPv4? { service.ha?.vip }

  /// A VLAN's subnet.
  static func subnet(_ vlan: VLAN) -> CIDR? { vlan.subnet }

  /// A VLAN's gateway: declared, or the subnet's first host address.
  static func gateway(_ vlan: VLAN) -> IPv4? {
    if let declared = vlan.gateway { return declared }
    guard let subnet = subnet(vlan), subnet.prefix < 31 else { return nil }
    return IPv4(subnet.network.value + 1)
  }

  /// A load-balancer pool.
  static func pool(_ cluster: Cluster) -> IPv4Range? { cluster.loadBalancer?.pool }

  /// The VLAN whose subnet holds an address.
  static func vlan(holding ip: IPv4, in lab: Lab) -> VLAN? {
    lab.vlans.first { subnet($0)?.contains(ip) == true }
  }
}

/// A firewall port as nftables writes it: `tcp` and `8123` or `8000-8100`.
struct PortSpec: Hashable, Comparable, CustomStringConvertible {
  var proto: String
  var first: Int
  var last: Int

  init(_ port: Port) {
    proto = port.proto.rawValue
    first = Int(port.first)
    last = Int(port.last)
  }

  /// The port or range in nftables' syntax.
  var port: String { first == last ? "\(first)" : "\(first)-\(last)" }
  var description: String { "\(proto)/\(port)" }
  static func < (a: PortSpec, b: PortSpec) -> Bool { (a.proto, a.first, a.last) < (b.proto, b.first, b.last) }
}

extension Lab {
  /// The service that is the lab's resolver (`exposes: dns`), else the first VIP service via keepalived.
  var dnsService: Service? {
    services.first { $0.exposes == "dns" }
  }

  /// Machines that exist (not planned), in declaration order.
  var builtMachines: [Machine] { machines.filter { $0.status != .planned } }
}
