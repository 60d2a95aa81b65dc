import LabModel

/// What a check is about: a machine, a service or an app.
public struct Owner: Sendable, Hashable, Comparable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case machine, service, app
  }

  public var kind: Kind
  public var name: String

  public init(kind: Kind, name: String) {
    self.kind = kind
    self.name = name
  }

  public var description: String { name }

  public static func < (a: Owner, b: Owner) -> Bool {
    let order = Kind.allCases
    return (order.firstIndex(of: a.kind)!, a.name) < (order.firstIndex(of: b.kind)!, b.name)
  }
}

/// One place a check asks: a DNS check asks each instance and the VIP; every other kind asks one.
public struct Asked: Sendable, Hashable {
  /// Who answers: the instance's machine name, `VIP`, or the owner's name.
  public var label: String
  public var endpoint: Endpoint

  public init(label: String, endpoint: Endpoint) {
    self.label = label
    self.endpoint = endpoint
  }
}

/// A check ready to run: its owner, its declaration (or default) and the endpoints it asks.
public struct PlannedCheck: Sendable, Hashable, Identifiable {
  /// `owner/check`: `hx90/ssh`, `technitium/dns:lab.internal`.
  public var id: String
  public var owner: Owner
  public var check: Check
  public var asked: [Asked]
  /// The outer deadline, in seconds.
  public var timeout: Double
  /// Failures in a row before the state changes.
  public var fails: Int
  /// Seconds between runs when the prober runs continuously.
  public var interval: Double

  public init(
    id: String, owner: Owner, check: Check, asked: [Asked], timeout: Double = 5, fails: Int = 1, interval: Double = 30
  ) {
    self.id = id
    self.owner = owner
    self.check = check
    self.asked = asked
    self.timeout = timeout
    self.fails = fails
    self.interval = interval
  }
}

/// Defaults for what a check leaves undeclared.
public struct ProbeDefaults: Sendable, Hashable {
  public var timeout: Double
  public var fails: Int
  public var interval: Double

  public init(timeout: Double = 5, fails: Int = 2, interval: Double = 30) {
    self.timeout = timeout
    self.fails = fails
    self.interval = interval
  }
}

/// A declared check that cannot run: it names no address to ask.
public struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
  public var owner: Owner
  public var check: String
  public var message: String
  public var description: String { "\(owner.name)/\(check): \(message)" }
}

extension Lab {
  /// The checks of everything running today: the declared ones, else the defaults (a machine with an
  /// address: TCP on SSH 22, or the Talos API 50000 when `os: talos`; a service with a VIP: a DNS check asking
  /// each instance and the VIP for the lab domain's SOA). Planned and offline things are not checked.
  public func plannedChecks(defaults: ProbeDefaults = ProbeDefaults()) -> (
    checks: [PlannedCheck], problems: [PlanProblem]
  ) {
    var out: [PlannedCheck] = []
    var problems: [PlanProblem] = []
    func plan(_ owner: Owner, _ check: Check, asked: [Asked]) {
      guard !asked.isEmpty else {
        problems.append(PlanProblem(owner: owner, check: check.name, message: "no address to ask; give 'address:'"))
        return
      }
      out.append(
        PlannedCheck(
          id: "\(owner.name)/\(check.name)", owner: owner, check: check, asked: asked,
          timeout: check.timeout ?? defaults.timeout, fails: check.fails ?? defaults.fails,
          interval: check.interval ?? defaults.interval))
    }
    for m in machines where runs(m, at: .today) {
      let owner = Owner(kind: .machine, name: m.name)
      let checks =
        m.checks
        ?? m.address.map { _ in
          [
            m.os == "talos"
              ? Check(kind: .tcp, name: "talos-api", port: 50000, isDefault: true)
              : Check(kind: .tcp, name: "ssh", port: 22, isDefault: true)
          ]
        } ?? []
      for c in checks { plan(owner, c, asked: asked(c, owner: m.name, address: m.address, instances: [])) }
    }
    for s in services where s.status == .live {
      let owner = Owner(kind: .service, name: s.name)
      let instances = s.runsOn.compactMap { name -> (String, IPv4)? in
        guard let m = machine(named: name), runs(m, at: .today), let a = m.address else { return nil }
        return (name, a)
      }
      var checks = s.checks ?? []
      if s.checks == nil, s.haKind == .vip, s.ha?.vip != nil, let domain = meta.domain {
        checks = [Check(kind: .dns, name: "dns", query: domain, recordType: .soa, isDefault: true)]
      }
      for c in checks {
        plan(owner, c, asked: asked(c, owner: s.name, address: s.ha?.vip ?? s.address, instances: instances))
      }
    }
    for a in apps where a.status == .live {
      let owner = Owner(kind: .app, name: a.name)
      for c in a.checks ?? [] { plan(owner, c, asked: asked(c, owner: a.name, address: nil, instances: [])) }
    }
    return (out, problems)
  }

  private func asked(_ c: Check, owner: String, address: IPv4?, instances: [(String, IPv4)]) -> [Asked] {
    switch c.kind {
    case .tcp:
      guard let a = c.address ?? address, let port = c.port else { return [] }
      return [Asked(label: owner, endpoint: Endpoint(host: a.description, port: port))]
    case .http, .promql:
      guard let url = c.url else { return [] }
      return [Asked(label: owner, endpoint: Endpoint(host: url.host, port: url.port))]
    case .dns:
      let port = c.port ?? 53
      if let a = c.address { return [Asked(label: owner, endpoint: Endpoint(host: a.description, port: port))] }
      var out = instances.map { Asked(label: $0.0, endpoint: Endpoint(host: $0.1.description, port: port)) }
      if let vip = address {
        out.append(
          Asked(label: instances.isEmpty ? owner : "VIP", endpoint: Endpoint(host: vip.description, port: port)))
      }
      return out
    }
  }
}
