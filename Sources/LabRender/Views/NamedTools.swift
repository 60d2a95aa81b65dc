import LabModel

/// The named-tools list: every tool the lab runs, by category.
struct ToolCategory: Sendable, Hashable, Encodable {
  struct Tool: Sendable, Hashable, Encodable {
    var name: String
    var planned: Bool
  }

  var name: String
  var subtitle: String?
  var tools: [Tool]
}

extension Lab {
  /// Where machines go in the named-tools list.
  static let infrastructureCategory = "Infrastructure"
  /// Where apps without a category go.
  static let appsCategory = "Apps running here"

  /// Categories in declaration order: machines by model under Infrastructure, services and apps
  /// by `category`, then the `tools:` lists; categories nothing fills are left out.
  var namedTools: [ToolCategory] {
    var entries: [String: [ToolCategory.Tool]] = [:]
    var order = categories.map(\.name)
    func add(_ category: String, _ tool: ToolCategory.Tool) {
      if !order.contains(category) { order.append(category) }
      if !(entries[category]?.contains { $0.name == tool.name } ?? false) {
        entries[category, default: []].append(tool)
      }
    }
    for (model, group) in orderedGroups(machines.filter { $0.kind == .physical }, by: { $0.model ?? "" })
    where !model.isEmpty {
      let today = group.filter { runs(machine: $0.name, at: .today) }.count
      let tierTitles = orderedGroups(group, by: { $0.tier.flatMap { tiers[named: $0]?.title ?? $0 } ?? "" }).map(\.0)
        .filter { !$0.isEmpty }
      var detail = ["×\(today)"]
      if !tierTitles.isEmpty { detail.append(tierTitles.joined(separator: ", ").lowercased()) }
      let planned = group.count - today
      if planned > 0 { detail.append("+\(planned) planned") }
      add(Self.infrastructureCategory, .init(name: "\(model) (\(detail.joined(separator: ", ")))", planned: today == 0))
    }
    for s in services {
      if let c = s.category { add(c, .init(name: s.displayName, planned: !s.status.isToday)) }
    }
    for a in apps { add(a.category ?? Self.appsCategory, .init(name: a.displayName, planned: !a.status.isToday)) }
    for group in tools {
      for t in group.tools { add(group.category, .init(name: t, planned: false)) }
    }
    return order.compactMap { name in
      guard let tools = entries[name], !tools.isEmpty else { return nil }
      return ToolCategory(name: name, subtitle: categories[named: name]?.subtitle, tools: tools)
    }
  }
}
