import LabIO
import LabModel

/// Each host's variables, merged as `ansible-inventory --list` merges them (Ansible's
/// default `precedence`): the `all` group's vars, then the host's groups' vars (by depth,
/// priority, name), then `group_vars/all`, then `group_vars/GROUP` in the same order,
/// then the host's own vars, then `host_vars/HOST`. Each step replaces whole top-level keys.
enum InventoryVars {
  /// Names `ansible-inventory` removes from its output (`C.INTERNAL_STATIC_VARS`).
  static let internalNames = [
    "ansible_async_path", "ansible_collection_name", "ansible_config_file", "ansible_dependent_role_names",
    "ansible_diff_mode", "ansible_facts", "ansible_forks", "ansible_inventory_sources", "ansible_limit",
    "ansible_play_batch", "ansible_play_hosts", "ansible_play_hosts_all", "ansible_play_role_names",
    "ansible_playbook_python", "ansible_role_name", "ansible_role_names", "ansible_run_tags", "ansible_skip_tags",
    "ansible_verbosity", "ansible_version", "inventory_dir", "inventory_file", "inventory_hostname",
    "inventory_hostname_short", "groups", "group_names", "hostvars", "play_hosts", "playbook_dir",
    "role_name", "role_names", "role_path", "role_uuid",
  ]
  static let internalSet = Set(internalNames)

  static func hostvars(
    _ data: InventoryData, varsFiles: inout VarsFiles
  ) throws(InventoryError) -> [String: [String: JSONValue]] {
    let depths = data.depths()
    var direct = [[Int]](repeating: [], count: data.hosts.count)
    for g in data.groups.indices where g != 0 {
      for h in data.groups[g].hosts { direct[h].append(g) }
    }
    var ancestorCache: [Int: Set<Int>] = [:]
    // Hosts with the same direct groups share everything but their own variables.
    var groupPart: [[Int]: [String: JSONValue]] = [:]
    let allVars = data.groups[0].vars
    let allFiles = try varsFiles.vars("group_vars", "all")
    var out: [String: [String: JSONValue]] = [:]
    out.reserveCapacity(data.hosts.count)
    for h in data.hosts.indices {
      var vars: [String: JSONValue]
      if let hit = groupPart[direct[h]] {
        vars = hit
      } else {
        let sorted = data.sortedGroups(of: h, direct: direct[h], depths: depths, ancestorCache: &ancestorCache)
        vars = allVars
        for g in sorted { vars.merge(data.groups[g].vars) { _, new in new } }
        vars.merge(allFiles) { _, new in new }
        for g in sorted { vars.merge(try varsFiles.vars("group_vars", data.groups[g].name)) { _, new in new } }
        for key in internalNames where vars[key] != nil { vars[key] = nil }
        groupPart[direct[h]] = vars
      }
      let host = data.hosts[h]
      let files = try varsFiles.vars("host_vars", host.name)
      for (key, value) in host.vars where !internalSet.contains(key) { vars[key] = value }
      for (key, value) in files where !internalSet.contains(key) { vars[key] = value }
      if !vars.isEmpty { out[host.name] = vars }
    }
    return out
  }
}

extension InventoryData {
  /// The model value: groups in Ansible's order with their direct hosts and children.
  func model(hostvars: [String: [String: JSONValue]], source: String) -> Inventory {
    let groups = self.groups.map { g in
      InventoryGroup(
        name: g.name, hosts: g.hosts.map { hosts[$0].name }, children: g.children.map { self.groups[$0].name },
        vars: g.vars, location: g.location)
    }
    return Inventory(groups: groups, hostvars: hostvars, source: source)
  }
}
