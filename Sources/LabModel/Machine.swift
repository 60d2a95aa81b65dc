/// Whether a machine is hardware or a virtual machine on a hypervisor.
public enum MachineKind: String, Sendable, Codable, CaseIterable {
  case physical, vm
}

/// A physical host or a VM.
public struct Machine: Sendable, Hashable, Named {
  public var name: String
  public var kind: MachineKind
  public var model: String?
  /// What the machine does, in a few words ("DNS", "edge LB").
  public var role: String?
  public var tier: String?
  public var site: String?
  /// For a VM: the hypervisor it runs on.
  public var runsOn: String?
  public var os: String?
  public var vlan: String?
  public var address: IPv4?
  public var mac: String?
  public var status: Status
  /// Live checks (`checks:`); nil means the defaults, an empty list none.
  public var checks: [Check]?

  public init(
    name: String, kind: MachineKind = .physical, model: String? = nil, role: String? = nil,
    tier: String? = nil, site: String? = nil, runsOn: String? = nil, os: String? = nil,
    vlan: String? = nil, address: IPv4? = nil, mac: String? = nil, status: Status = .live, checks: [Check]? = nil
  ) {
    self.checks = checks
    self.name = name
    self.kind = kind
    self.model = model
    self.role = role
    self.tier = tier
    self.site = site
    self.runsOn = runsOn
    self.os = os
    self.vlan = vlan
    self.address = address
    self.mac = mac
    self.status = status
  }
}
