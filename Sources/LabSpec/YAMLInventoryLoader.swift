import LabModel
import Yams

/// A first reader of Ansible's YAML inventory: hosts, children and vars under `all`.
///
/// It lists the hosts and groups the roster needs; the conformant loader replaces it.
public struct YAMLInventoryLoader: InventoryLoading {
  public init() {}

  public func load(_ path: String, fileSystem: any FileSystem) -> InventoryResult {
    let text: String
    do { text = try fileSystem.read(path) } catch {
      return InventoryResult(inventory: nil, diagnostics: [.error("inventory", error.reason, at: SourceLocation(file: path, line: 1, column: 1))])
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      return InventoryResult(inventory: nil, diagnostics: [YAMLErrors.diagnostic(for: error, file: path)])
    }
    let ctx = YAMLContext(file: path)
    var groups: [String: InventoryGroup] = [:]
    var order: [String] = []
    var hostvars: [String: [String: JSONValue]] = [:]

    func visit(_ name: String, _ node: Node, path p: String) {
      if groups[name] == nil {
        groups[name] = InventoryGroup(name: name, location: ctx.location(node))
        order.append(name)
      }
      let f = ctx.fields(node, path: p, allowed: ["hosts", "children", "vars"])
      for (host, vars) in ctx.entries(f["hosts"] ?? Node("~", Tag(.null)), path: "\(p).hosts") {
        if !(groups[name]?.hosts.contains(host) ?? true) { groups[name]?.hosts.append(host) }
        var merged = hostvars[host] ?? [:]
        for (k, v) in ctx.entries(vars, path: "\(p).hosts.\(host)") { merged[k] = json(v) }
        hostvars[host] = merged
      }
      for (child, childNode) in ctx.entries(f["children"] ?? Node("~", Tag(.null)), path: "\(p).children") {
        if !(groups[name]?.children.contains(child) ?? true) { groups[name]?.children.append(child) }
        visit(child, childNode, path: "\(p).children.\(child)")
      }
      for (k, v) in ctx.entries(f["vars"] ?? Node("~", Tag(.null)), path: "\(p).vars") {
        groups[name]?.vars[k] = json(v)
      }
    }
    if let root {
      for (name, node) in ctx.entries(root, path: "") { visit(name, node, path: name) }
    }
    return InventoryResult(
      inventory: Inventory(groups: order.compactMap { groups[$0] }, hostvars: hostvars, source: path),
      diagnostics: ctx.diagnostics)
  }

  func json(_ node: Node) -> JSONValue {
    switch node {
    case .scalar(let s):
      if node.tag == Tag(.null) { return .null }
      if let b = node.bool, s.style == .plain { return .bool(b) }
      if let i = node.int, s.style == .plain { return .int(i) }
      if let d = node.float, s.style == .plain { return .double(d) }
      return .string(s.string)
    case .sequence(let seq): return .array(seq.map(json))
    case .mapping(let m):
      var o: [String: JSONValue] = [:]
      for (k, v) in m { o[k.string ?? ""] = json(v) }
      return .object(o)
    case .alias: return .null
    }
  }
}
