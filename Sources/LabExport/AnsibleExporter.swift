import LabModel

/// An Ansible YAML inventory of what the model knows: every machine that exists (not planned), with the
/// variables the model states (`ansible_host`, `site`, `vlan`, `tier`, `role`, `os`, `clusters`), in groups
/// by site, tier, VLAN, OS, cluster and service, plus the lab's own inventory groups (the roster) so its
/// playbooks keep their targets. Group names are Ansible-safe: `site_az_a`, `cluster_prod`.
public struct AnsibleExporter: Sendable {
  public static let path = "ansible/hosts.yml"
  let lab: Lab
  /// The clusters each machine is a node of, by machine name.
  let clustersByHost: [String: [String]]

  public init(_ lab: Lab) {
    self.lab = lab
    var clusters: [String: [String]] = [:]
    for cluster in lab.clusters where cluster.status != .planned {
      for node in cluster.nodes { clusters[node.name, default: []].append(cluster.name) }
    }
    clustersByHost = clusters.mapValues { $0.sorted() }
  }

  public func export() -> ArtifactSet {
    ArtifactSet([Artifact(path: Self.path, text: inventory(), contentType: "application/yaml")])
  }

  /// Ansible's group-name rule: letters, digits and underscores, not starting with a digit.
  static func groupName(_ prefix: String, _ name: String) -> String {
    var out = Array(prefix.utf8)
    out.append(UInt8(ascii: "_"))
    for c in name.lowercased().unicodeScalars {
      let ok = c.isASCII && (("a"..."z").contains(c) || ("0"..."9").contains(c))
      out.append(ok ? UInt8(c.value) : UInt8(ascii: "_"))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The hosts: built machines, and any roster host the model does not declare.
  func hosts() -> [String] {
    var names = lab.builtMachines.map(\.name)
    var seen = Set(names)
    for host in lab.inventory?.hosts ?? [] where seen.insert(host).inserted { names.append(host) }
    return names
  }

  func vars(_ host: String) -> [(String, String)] {
    guard let machine = lab.machine(named: host) else {
      return lab.inventory?.hostvars[host]?["ansible_host"].flatMap(\.stringValue).map {
        [("ansible_host", YAMLText.quoted($0))]
      } ?? []
    }
    var out: [(String, String)] = []
    if let ip = ExportAddress.machine(machine) { out.append(("ansible_host", YAMLText.quoted(ip.description))) }
    let site = machine.site ?? machine.runsOn.flatMap { lab.machine(named: $0)?.site }
    if let site { out.append(("site", YAMLText.quoted(site))) }
    if let vlan = machine.vlan { out.append(("vlan", YAMLText.quoted(vlan))) }
    if let tier = machine.tier { out.append(("tier", YAMLText.quoted(tier))) }
    if let role = machine.role { out.append(("role", YAMLText.quoted(role))) }
    if let os = machine.os { out.append(("os", YAMLText.quoted(os))) }
    if let runsOn = machine.runsOn { out.append(("hypervisor", YAMLText.quoted(runsOn))) }
    if let clusters = clustersByHost[host] { out.append(("clusters", YAMLText.list(clusters))) }
    return out
  }

  /// Group name → its hosts, sorted by group name; hosts in the model's order.
  func groups(_ hosts: [String]) -> [(String, [String])] {
    var groups: [String: [String]] = [:]
    var members: [String: Set<String>] = [:]
    func add(_ group: String, _ host: String) {
      if members[group, default: []].insert(host).inserted { groups[group, default: []].append(host) }
    }
    let known = Set(hosts)
    for machine in lab.builtMachines {
      let site = machine.site ?? machine.runsOn.flatMap { lab.machine(named: $0)?.site }
      if let site { add(Self.groupName("site", site), machine.name) }
      if let tier = machine.tier { add(Self.groupName("tier", tier), machine.name) }
      if let vlan = machine.vlan { add(Self.groupName("vlan", vlan), machine.name) }
      if let os = machine.os { add(Self.groupName("os", os), machine.name) }
    }
    for (host, clusters) in clustersByHost where known.contains(host) {
      for cluster in clusters { add(Self.groupName("cluster", cluster), host) }
    }
    for service in lab.services where service.status != .planned {
      for host in service.runsOn where known.contains(host) { add(Self.groupName("service", service.name), host) }
    }
    for group in lab.inventory?.groups ?? [] where !["all", "ungrouped"].contains(group.name) {
      for host in lab.inventory?.allHosts(in: group.name) ?? [] where known.contains(host) { add(group.name, host) }
    }
    let order = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0) })
    return groups.keys.sorted().map { name in (name, groups[name]!.sorted { order[$0]! < order[$1]! }) }
  }

  public func inventory() -> String {
    var lines = [
      "# Ansible inventory for \(lab.meta.name) — exported by labctl from lab.yaml; edit lab.yaml, not this file.",
      "all:",
      "  hosts:",
    ]
    let hosts = hosts()
    for host in hosts {
      let vars = vars(host)
      lines.append("    \(YAMLText.key(host)):" + (vars.isEmpty ? " {}" : ""))
      for (key, value) in vars { lines.append("      \(key): \(value)") }
    }
    let groups = groups(hosts)
    if !groups.isEmpty { lines.append("  children:") }
    for (group, members) in groups {
      lines.append("    \(YAMLText.key(group)):")
      lines.append("      hosts:")
      for host in members { lines.append("        \(YAMLText.key(host)): {}") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
