import LabModel

/// RFC 1035 zone files: the lab's domain (SOA, NS per DNS instance, A per machine, the DNS VIP, service
/// names) and one reverse zone (PTR) per VLAN subnet.
///
/// The SOA serial follows the content: a zone whose records equal those of the file already at the
/// output keeps that file's serial; a zone whose records changed gets the old serial + 1; a zone with
/// no previous file starts at 1. So the serial grows exactly when the content changes, and re-exporting
/// the same lab is byte-identical.
public struct ZoneExporter: Sendable {
  /// The TTL of every record.
  public static let ttl = 3600
  let lab: Lab
  let previous: ArtifactSet

  public init(_ lab: Lab, previous: ArtifactSet = ArtifactSet([])) {
    self.lab = lab
    self.previous = previous
  }

  public func export() -> ArtifactSet {
    ArtifactSet(
      zones().map { zone in
        Artifact(path: zone.path, text: zone.text(serial: serial(for: zone)), contentType: "text/dns")
      })
  }

  /// The serial for a zone: kept when the previous file's body is the same, else one more.
  func serial(for zone: DNSZone) -> UInt32 {
    guard let old = previous[zone.path], let text = String(validating: old.contents, as: UTF8.self),
      let serial = DNSZone.serial(in: text)
    else { return 1 }
    if text == zone.text(serial: serial) { return serial }
    return serial == UInt32.max ? 1 : serial + 1
  }

  /// The forward zone and the reverse zones, sorted by origin; empty without a domain or a DNS service.
  public func zones() -> [DNSZone] {
    guard let domain = lab.meta.domain?.lowercased(), !domain.isEmpty else { return [] }
    let origin = domain + "."
    let servers = nameServers()
    guard let primary = servers.first else { return [] }
    let mailbox = "hostmaster.\(origin)"
    let named = names(origin: origin)
    let ns = servers.map { DNSRecord(owner: origin, type: "NS", ttl: Self.ttl, data: "\($0).\(origin)") }
    let forward = DNSZone(
      origin: origin, primary: "\(primary).\(origin)", mailbox: mailbox, ttl: Self.ttl,
      records: (ns + named.map(\.record)).sorted())
    var reverse: [String: [DNSRecord]] = [:]
    for vlan in lab.vlans {
      guard let subnet = ExportAddress.subnet(vlan) else { continue }
      let zoneOrigin = Self.reverseOrigin(subnet)
      reverse[zoneOrigin, default: []] += []
      for entry in named where entry.ip.map(subnet.contains) == true {
        guard let ip = entry.ip else { continue }
        reverse[zoneOrigin]!.append(
          DNSRecord(owner: Self.reverseName(ip), type: "PTR", ttl: Self.ttl, data: entry.record.owner))
      }
    }
    let reverseZones = reverse.map { zoneOrigin, records in
      var seen = Set<String>()
      let ptr = records.filter { seen.insert($0.owner).inserted }
      return DNSZone(
        origin: zoneOrigin, primary: "\(primary).\(origin)", mailbox: mailbox, ttl: Self.ttl,
        records: (ns.map { DNSRecord(owner: zoneOrigin, type: "NS", ttl: $0.ttl, data: $0.data) } + ptr).sorted())
    }
    return [forward] + reverseZones.sorted { $0.origin < $1.origin }
  }

  /// The DNS service's instances that have an address: the zone's name servers, first one the primary.
  func nameServers() -> [String] {
    guard let dns = lab.dnsService else { return [] }
    return dns.runsOn.filter { name in
      guard let machine = lab.machine(named: name), machine.status != .planned else { return false }
      return ExportAddress.machine(machine) != nil
    }.map { $0.lowercased() }
  }

  /// Every name of the forward zone with the address it stands for (nil for a CNAME): machines first,
  /// then services (their address, VIP, or the one machine they run on); a name is used once.
  func names(origin: String) -> [(record: DNSRecord, ip: IPv4?)] {
    var out: [(record: DNSRecord, ip: IPv4?)] = []
    var taken = Set<String>()
    func add(_ label: String, _ type: String, _ data: String, _ ip: IPv4?) {
      let label = label.lowercased()
      guard Self.isLabel(label), taken.insert(label).inserted else { return }
      out.append((DNSRecord(owner: "\(label).\(origin)", type: type, ttl: Self.ttl, data: data), ip))
    }
    for machine in lab.builtMachines {
      if let ip = ExportAddress.machine(machine) { add(machine.name, "A", ip.description, ip) }
    }
    for service in lab.services where service.status != .planned {
      if let ip = ExportAddress.vip(service) ?? ExportAddress.service(service) {
        add(service.name, "A", ip.description, ip)
      } else if service.runsOn.count == 1, let host = lab.machine(named: service.runsOn[0]),
        host.status != .planned, ExportAddress.machine(host) != nil
      {
        add(service.name, "CNAME", "\(host.name.lowercased()).\(origin)", nil)
      }
    }
    return out
  }

  /// A DNS label labctl can write unquoted: letters, digits and inner hyphens.
  static func isLabel(_ label: String) -> Bool {
    !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
      && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
  }

  /// The reverse zone of a subnet, on an octet boundary (`10.30.0.0/24` → `0.30.10.in-addr.arpa.`).
  static func reverseOrigin(_ subnet: CIDR) -> String {
    let octets = max(1, subnet.prefix / 8)
    let all = subnet.network.description.split(separator: ".")
    return all.prefix(octets).reversed().joined(separator: ".") + ".in-addr.arpa."
  }

  /// The PTR owner of an address (`10.30.0.11` → `11.0.30.10.in-addr.arpa.`).
  static func reverseName(_ ip: IPv4) -> String {
    ip.description.split(separator: ".").reversed().joined(separator: ".") + ".in-addr.arpa."
  }
}
