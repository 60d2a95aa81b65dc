import Foundation
import LabIO
import LabModel

/// Ansible's `InventoryData`: groups and hosts, kept in Ansible's insertion order and
/// built by the same operations (`add_group`, `add_host`, `add_child`, `set_variable`,
/// `reconcile_inventory`), so that membership, ordering and errors come out the same.
struct InventoryData {
  struct Group {
    var name: String
    var hosts: [Int] = []
    var hostSet: Set<Int> = []
    var children: [Int] = []
    var parents: [Int] = []
    var vars: [String: JSONValue] = [:]
    var priority = 1
    var location: SourceLocation?
  }

  struct Host {
    var name: String
    var vars: [String: JSONValue] = [:]
    var location: SourceLocation?
  }

  var groups: [Group] = []
  var groupIndex: [String: Int] = [:]
  var hosts: [Host] = []
  var hostIndex: [String: Int] = [:]
  /// Host names all host patterns so far expanded to (bounded by `InventoryLimits.hosts`).
  var expandedHosts = 0

  init() {
    _ = addGroup("all", at: nil)
    _ = addGroup("ungrouped", at: nil)
    groups[0].children.append(1)
    groups[1].parents.append(0)
  }

  /// Adds a group if it is new; returns its index.
  mutating func addGroup(_ name: String, at location: SourceLocation?) -> Int {
    if let i = groupIndex[name] { return i }
    groups.append(Group(name: name, location: location))
    groupIndex[name] = groups.count - 1
    return groups.count - 1
  }

  /// Adds a host if it is new (a port is set only then, as Ansible does); returns its index.
  mutating func addHost(_ name: String, group: Int?, port: Int?, at location: SourceLocation?) -> Int {
    let h: Int
    if let i = hostIndex[name] {
      h = i
    } else {
      var host = Host(name: name, location: location)
      if let port, port != 0 { host.vars["ansible_port"] = .int(port) }
      hosts.append(host)
      h = hosts.count - 1
      hostIndex[name] = h
    }
    if let group { addHost(h, to: group) }
    return h
  }

  mutating func addHost(_ h: Int, to g: Int) {
    if groups[g].hostSet.insert(h).inserted { groups[g].hosts.append(h) }
  }

  mutating func removeHost(_ h: Int, from g: Int) {
    if groups[g].hostSet.remove(h) != nil { groups[g].hosts.removeAll { $0 == h } }
  }

  /// `set_variable`: a name that is a group wins over a host of the same name.
  mutating func setVariable(_ entity: String, _ key: String, _ value: JSONValue) throws(InventoryMessage) {
    if let g = groupIndex[entity] {
      if key == "ansible_group_priority" {
        guard let p = Self.pythonInt(value) else {
          throw InventoryMessage("invalid literal for int() with base 10: '\(value.stringValue ?? "\(value)")'")
        }
        groups[g].priority = p
      } else {
        groups[g].vars[key] = value
      }
    } else if let h = hostIndex[entity] {
      hosts[h].vars[key] = value
    } else {
      throw InventoryMessage("Could not identify group or host named \(entity)")
    }
  }

  static func pythonInt(_ v: JSONValue) -> Int? {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .double(let d): return d.isFinite ? Int(d) : nil
    case .string(let s): return Int(s.trimmingCharacters(in: .whitespaces))
    default: return nil
    }
  }

  /// Counts the names one host pattern expanded to against the inventory's total.
  mutating func countExpanded(_ n: Int) throws(InventoryMessage) {
    expandedHosts += n
    guard expandedHosts <= InventoryLimits.hosts else {
      throw InventoryMessage(
        "the host patterns of this inventory expand to more than \(InventoryLimits.hosts) hosts in all; "
          + "expected at most \(InventoryLimits.hosts) (labctl's limit)")
    }
  }

  /// `add_child`: a group or a host into a group, refusing loops as Ansible does.
  mutating func addChild(_ parent: String, _ child: String) throws(InventoryMessage) {
    guard let p = groupIndex[parent] else { throw InventoryMessage("\(parent) is not a known group") }
    if let c = groupIndex[child] {
      try addChildGroup(p, c)
    } else if let h = hostIndex[child] {
      addHost(h, to: p)
    } else {
      throw InventoryMessage("\(child) is not a known host nor group")
    }
  }

  mutating func addChildGroup(_ p: Int, _ c: Int) throws(InventoryMessage) {
    if p == c { throw InventoryMessage("can't add group to itself") }
    if groups[p].children.contains(c) { return }
    if ancestors(of: p).contains(c) {
      throw InventoryMessage(
        "Adding group '\(groups[c].name)' as child to '\(groups[p].name)' creates a recursive dependency loop.")
    }
    groups[p].children.append(c)
    if !groups[c].parents.contains(p) { groups[c].parents.append(p) }
  }

  func ancestors(of g: Int) -> Set<Int> {
    var seen = Set<Int>()
    var stack = groups[g].parents
    while let x = stack.popLast() {
      if seen.insert(x).inserted { stack += groups[x].parents }
    }
    return seen
  }

  /// `reconcile_inventory`: roots join `all`; hosts in no group join `ungrouped`;
  /// hosts elsewhere leave it.
  mutating func reconcile() {
    for g in groups.indices where g != 0 && groups[g].parents.isEmpty {
      try? addChildGroup(0, g)
    }
    var closure: [Int: Set<Int>] = [:]
    var direct = [[Int]](repeating: [], count: hosts.count)
    for g in groups.indices {
      for h in groups[g].hosts { direct[h].append(g) }
    }
    for h in hosts.indices {
      var mine = Set<Int>()
      for g in direct[h] {
        mine.insert(g)
        if closure[g] == nil { closure[g] = ancestors(of: g) }
        mine.formUnion(closure[g]!)
      }
      if mine.contains(1) {
        if !mine.subtracting([0, 1]).isEmpty { removeHost(h, from: 1) }
      } else if mine.isEmpty || (mine.count == 1 && mine.contains(0)) {
        addHost(h, to: 1)
      }
    }
  }

  /// Each group's depth: the longest path down from a root, as Ansible tracks it.
  func depths() -> [Int] {
    // Iterative, so a chain of thousands of groups cannot exhaust the stack.
    var depth = [Int](repeating: -1, count: groups.count)
    var entered = [Bool](repeating: false, count: groups.count)
    for root in groups.indices where depth[root] < 0 {
      var stack = [root]
      while let g = stack.last {
        if depth[g] >= 0 {
          stack.removeLast()
          continue
        }
        let pending = entered[g] ? [] : groups[g].parents.filter { depth[$0] < 0 && !entered[$0] }
        entered[g] = true
        if pending.isEmpty {
          depth[g] = groups[g].parents.map { max(depth[$0], 0) + 1 }.max() ?? 0
          stack.removeLast()
        } else {
          stack += pending
        }
      }
    }
    return depth
  }

  /// The groups a host is in, ancestors included, `all` left out, sorted as Ansible's
  /// `sort_groups` sorts them: by depth, then priority, then name.
  func sortedGroups(of h: Int, direct: [Int], depths: [Int], ancestorCache: inout [Int: Set<Int>]) -> [Int] {
    var mine = Set<Int>()
    for g in direct {
      mine.insert(g)
      if ancestorCache[g] == nil { ancestorCache[g] = ancestors(of: g) }
      mine.formUnion(ancestorCache[g]!)
    }
    mine.remove(0)
    return mine.sorted {
      (depths[$0], groups[$0].priority) != (depths[$1], groups[$1].priority)
        ? (depths[$0], groups[$0].priority) < (depths[$1], groups[$1].priority)
        : groups[$0].name.unicodeScalars.lexicographicallyPrecedes(groups[$1].name.unicodeScalars)
    }
  }
}

/// An Ansible error message before a location is attached.
struct InventoryMessage: Error, Sendable {
  var text: String
  init(_ text: String) { self.text = text }
}
