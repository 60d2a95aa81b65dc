import LabModel

/// The one place the exporters turn the model's address text into typed values: when the model holds
/// typed addresses, only these helpers change.
enum ExportAddress {
  /// A machine's address, if it has a valid one.
  static func machine(_ machine: Machine) -> IPv4? { machine.address.flatMap { IPv4($0) } }

  /// A service's own address (a gateway's load-balancer IP).
  static func service(_ service: Service) -> IPv4? { service.address.flatMap { IPv4($0) } }

  /// A service's virtual IP.
  static func vip(_ service: Service) -> IPv4? { service.ha?.vip.flatMap { IPv4($0) } }

  /// A VLAN's subnet.
  static func subnet(_ vlan: VLAN) -> CIDR? { vlan.subnet.flatMap { CIDR($0) } }

  /// A VLAN's gateway: declared, or the subnet's first host address.
  static func gateway(_ vlan: VLAN) -> IPv4? {
    if let declared = vlan.gateway { return IPv4(declared) }
    guard let subnet = subnet(vlan), subnet.prefix < 31 else { return nil }
    return IPv4(subnet.network.value + 1)
  }

  /// A load-balancer pool.
  static func pool(_ cluster: Cluster) -> IPv4Range? { cluster.loadBalancer?.pool.flatMap { IPv4Range($0) } }

  /// The VLAN whose subnet holds an address.
  static func vlan(holding ip: IPv4, in lab: Lab) -> VLAN? {
    lab.vlans.first { subnet($0)?.contains(ip) == true }
  }
}

/// A `proto/port` entry of the firewall (`tcp/8123`).
struct PortSpec: Hashable, Comparable, CustomStringConvertible {
  var proto: String
  var port: Int

  init?(_ text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, ["tcp", "udp"].contains(parts[0].lowercased()), let port = Int(parts[1]),
      (1...65535).contains(port)
    else { return nil }
    proto = parts[0].lowercased()
    self.port = port
  }

  var description: String { "\(proto)/\(port)" }
  static func < (a: PortSpec, b: PortSpec) -> Bool { (a.proto, a.port) < (b.proto, b.port) }
}

extension Lab {
  /// The service that is the lab's resolver (`exposes: dns`), else the first VIP service via keepalived.
  var dnsService: Service? {
    services.first { $0.exposes == "dns" }
  }

  /// Machines that exist (not planned), in declaration order.
  var builtMachines: [Machine] { machines.filter { $0.status != .planned } }
}
