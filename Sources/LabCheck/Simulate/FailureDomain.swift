import LabModel

/// One place a failure can start: a machine, a hypervisor with its VMs, a site, a link, a VIP holder.
public struct FailureDomain: Sendable, Hashable, Codable, CustomStringConvertible {
  /// What kind of thing fails.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// An availability zone: every machine on it, and their VMs.
    case site
    /// A network link between two sites: the sites on either side lose each other.
    case link
    /// A physical host that carries VMs: it takes them down with it.
    case hypervisor
    /// A physical host without VMs.
    case machine
    /// A virtual machine on its own.
    case vm
    /// The instance of a VIP service that holds the address: the VIP fails over.
    case vipHolder = "vip-holder"
  }

  public var kind: Kind
  /// The name a user types: `hx90`, `az-b`, `az-a<->az-b`, `vip:technitium`.
  public var name: String
  /// The model name behind it: the machine, site or service; the two sites of a link.
  public var target: [String]

  public init(kind: Kind, name: String, target: [String]) {
    self.kind = kind
    self.name = name
    self.target = target
  }

  public var description: String { name }
}

/// A name given to `--down` that is not a failure domain of the lab.
public struct DomainLookupError: Error, Sendable, Hashable, CustomStringConvertible {
  public var name: String
  public var message: String
  public var hint: String?

  public var description: String { message + (hint.map { "; \($0)" } ?? "") }
}

extension Lab {
  /// Every failure domain the lab declares, at any horizon: sites, links, machines, VIP holders.
  public var failureDomains: [FailureDomain] {
    let hosts = Set(machines.compactMap(\.runsOn))
    var out = sites.map { FailureDomain(kind: .site, name: $0.name, target: [$0.name]) }
    out += links.filter { $0.between.count == 2 }.map { FailureDomain(kind: .link, name: $0.name, target: $0.between) }
    for m in machines {
      let kind: FailureDomain.Kind = m.runsOn != nil ? .vm : hosts.contains(m.name) ? .hypervisor : .machine
      out.append(FailureDomain(kind: kind, name: m.name, target: [m.name]))
    }
    out += services.filter { $0.haKind == .vip }.map {
      FailureDomain(kind: .vipHolder, name: "vip:\($0.name)", target: [$0.name])
    }
    return out
  }

  /// The failure domains present at this horizon: what `--all-single` takes down in turn.
  public func failureDomains(at horizon: Horizon) -> [FailureDomain] {
    failureDomains.filter { d in
      switch d.kind {
      case .site: return site(named: d.name).map { horizon.includes($0.status) } ?? false
      case .link:
        guard let link = links.first(where: { $0.name == d.name }), horizon.includes(link.status) else { return false }
        return link.between.allSatisfy { s in site(named: s).map { horizon.includes($0.status) } ?? false }
      case .hypervisor, .machine, .vm: return runs(machine: d.name, at: horizon)
      case .vipHolder: return service(named: d.target[0]).flatMap { vipHolder(of: $0, at: horizon) } != nil
      }
    }
  }

  /// The machine holding a VIP service's address: its first backend machine that runs.
  public func vipHolder(of service: Service, at horizon: Horizon) -> String? {
    guard service.haKind == .vip, horizon.includes(service.status) else { return nil }
    return service.runsOn.first { machine(named: $0) != nil && runs(machine: $0, at: horizon) }
  }

  /// Resolves one name typed by a user: a domain name, `site:`/`machine:` prefixed, or a link either way round.
  public func failureDomain(named raw: String) -> Result<FailureDomain, DomainLookupError> {
    let all = failureDomains
    let name = raw.trimmingCharacters(in: " ")
    var matches = all.filter { $0.name == name }
    if let colon = name.firstIndex(of: ":"), matches.isEmpty {
      let prefix = String(name[..<colon])
      let rest = String(name[name.index(after: colon)...])
      let kinds: [FailureDomain.Kind] =
        switch prefix {
        case "site": [.site]
        case "machine", "host": [.machine, .hypervisor, .vm]
        case "link": [.link]
        default: []
        }
      matches = all.filter { kinds.contains($0.kind) && $0.name == rest }
    }
    if matches.isEmpty, name.contains("<->") {
      let ends = name.split(separator: "<->").map(String.init)
      matches = all.filter { $0.kind == .link && Set($0.target) == Set(ends) }
    }
    if matches.count == 1 { return .success(matches[0]) }
    if matches.count > 1 {
      return .failure(
        DomainLookupError(
          name: name, message: "'\(name)' names both a site and a machine",
          hint: "write 'site:\(name)' or 'machine:\(name)'"))
    }
    if let c = cluster(named: name) {
      let nodes = c.nodes.map(\.name).joined(separator: ", ")
      return .failure(
        DomainLookupError(
          name: name, message: "'\(name)' is a cluster, not a failure domain",
          hint: "take down its machines (\(nodes)) or its site"))
    }
    if service(named: name) != nil {
      return .failure(
        DomainLookupError(
          name: name, message: "'\(name)' is a service, not a failure domain",
          hint: "take down the machines it runs on"))
    }
    let hint = Suggestion.closest(to: name, in: all.map(\.name)).map { "did you mean '\($0)'?" }
    return .failure(DomainLookupError(name: name, message: "unknown failure domain '\(name)'", hint: hint))
  }

  /// Resolves a comma-separated list (`az-b,ed-n1`); duplicates are dropped, order kept.
  public func failureDomains(parsing list: String) -> Result<[FailureDomain], DomainLookupError> {
    var out: [FailureDomain] = []
    for part in list.split(separator: ",") where !part.trimmingCharacters(in: " ").isEmpty {
      switch failureDomain(named: String(part)) {
      case .success(let d): if !out.contains(d) { out.append(d) }
      case .failure(let e): return .failure(e)
      }
    }
    return .success(out)
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    String(Substring(self).drop { $0 == set }.reversed().drop { $0 == set }.reversed())
  }
}
