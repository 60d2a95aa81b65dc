import LabModel

/// One `keepalived.conf` per VIP holder: a `vrrp_instance` per VIP it backs, MASTER on the service's first
/// backend and BACKUP with descending priorities on the others, the VLAN-unique `virtual_router_id`
/// (`ha.vrid` or the VIP's last octet; the `vrrp-id` rule refuses collisions), the VIP with its subnet's
/// prefix, and a `track_script` health check (for the lab's DNS: a `dig` against the local instance).
public struct KeepalivedExporter: Sendable {
  /// The MASTER's priority; each further backend gets 10 less.
  public static let masterPriority = 150
  let lab: Lab
  /// The lab's DNS service's name, looked up once (every VIP's health check asks).
  let dnsName: String?

  public init(_ lab: Lab) {
    self.lab = lab
    dnsName = lab.dnsService?.name
  }

  /// One VIP instance on one holder.
  struct Instance {
    var service: Service
    var vip: IPv4
    var prefix: Int
    var vrid: Int
    var rank: Int
    var interface: String
  }

  public func export() -> ArtifactSet {
    var byHost: [String: [Instance]] = [:]
    for service in lab.services where service.haKind == .vip && service.status != .planned {
      guard let ha = service.ha, let vip = ExportAddress.vip(service), let vrid = ha.virtualRouterID,
        (1...255).contains(vrid)
      else { continue }
      let prefix = ExportAddress.vlan(holding: vip, in: lab).flatMap(ExportAddress.subnet)?.prefix ?? 32
      let backends = service.runsOn.filter { lab.machine(named: $0).map { $0.status != .planned } ?? false }
      for (rank, host) in backends.enumerated() {
        byHost[host, default: []].append(
          Instance(
            service: service, vip: vip, prefix: prefix, vrid: vrid, rank: rank, interface: ha.interface ?? "eth0"))
      }
    }
    return ArtifactSet(
      byHost.map { host, instances in
        Artifact(
          path: "keepalived/\(host)/keepalived.conf", text: config(host: host, instances), contentType: "text/plain")
      })
  }

  func config(host: String, _ instances: [Instance]) -> String {
    var out = """
      # keepalived.conf for \(host) — exported by labctl from lab.yaml; edit lab.yaml, not this file.
      global_defs {
        router_id \(host)
        script_user root
        enable_script_security
      }

      """
    for instance in instances.sorted(by: { $0.service.name < $1.service.name }) {
      let name = instance.service.name
      let state = instance.rank == 0 ? "MASTER" : "BACKUP"
      let priority = max(1, Self.masterPriority - 10 * instance.rank)
      out += """

        vrrp_script chk_\(name) {
          script "\(check(instance.service))"
          interval 5
          timeout 3
          fall 2
          rise 2
        }

        vrrp_instance \(name) {
          state \(state)
          interface \(instance.interface)
          virtual_router_id \(instance.vrid)
          priority \(priority)
          advert_int 1
          virtual_ipaddress {
            \(instance.vip)/\(instance.prefix) dev \(instance.interface)
          }
          track_script {
            chk_\(name)
          }
        }

        """
    }
    return out
  }

  /// The health check: for the lab's DNS a SOA query for the domain against the local instance (it fails
  /// on no answer, not only on no server); for another service, that a process of its name runs.
  func check(_ service: Service) -> String {
    if service.name == dnsName, let domain = lab.meta.domain {
      return "/bin/sh -c '/usr/bin/dig +short +time=2 +tries=1 @127.0.0.1 \(domain) SOA | /bin/grep -q .'"
    }
    return "/bin/sh -c '/bin/pidof \(service.name)'"
  }
}
