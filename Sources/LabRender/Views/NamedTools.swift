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
    for (model, group) in Self.modelFamilies(
      orderedGroups(machines.filter { $0.kind == .physical }, by: { $0.model ?? "" }), tierOf: { $0.tier })
    where !model.isEmpty {
      let today = group.filter { runs(machine: $0.name, at: .today) }.count
      // A tier is named only when this family is all of it, as the seed does: "(×3, bare-metal prod)", but
      // "Raspberry Pi 5 (×2)" where Pis share a tier with NAS boxes.
      let physical = machines.filter { $0.kind == .physical }
      let tierTitles = orderedGroups(group, by: { $0.tier ?? "" }).filter { tier, members in
        !tier.isEmpty && physical.filter { $0.tier == tier }.count == members.count
      }.map { tiers[named: $0.0]?.title ?? $0.0 }
      var detail = ["×\(today)"]
      if !tierTitles.isEmpty { detail.append(tierTitles.joined(separator: ", ").lowercased()) }
      let planned = group.count - today
      if planned > 0 { detail.append("+\(planned) planned") }
      add(
        Self.infrastructureCategory,
        .init(name: "\(ModelName.full(model)) (\(detail.joined(separator: ", ")))", planned: today == 0))
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

  /// Models of one maker in one tier read as one entry, as the seed names them: `Minisforum HX90` and
  /// `Minisforum BD795i` become `Minisforum HX90 / BD795i`. Other models stay as they are, in order.
  static func modelFamilies(
    _ groups: [(String, [Machine])], tierOf: (Machine) -> String?
  ) -> [(String, [Machine])] {
    var out: [(String, [Machine])] = []
    for (model, machines) in groups {
      let maker = model.split(separator: " ").first.map(String.init) ?? ""
      let tier = machines.first.flatMap(tierOf)
      if model.contains(" "),
        let i = out.firstIndex(where: { entry in
          entry.0.hasPrefix(maker + " ") && entry.1.first.flatMap(tierOf) == tier
            && machines.allSatisfy { tierOf($0) == tier } && entry.1.allSatisfy { tierOf($0) == tier }
        })
      {
        out[i].0 += " / " + model.dropFirst(maker.count + 1)
        out[i].1 += machines
      } else {
        out.append((model, machines))
      }
    }
    return out
  }
}

/// Hardware model names in full where the model writes them short: the named tools are words, the diagrams
/// keep the model's own (`RPi 5 · DNS`).
enum ModelName {
  static let prefixes: [(short: String, full: String)] = [("RPi", "Raspberry Pi")]

  static func full(_ model: String) -> String {
    for (short, full) in prefixes where model == short || model.hasPrefix(short + " ") {
      return full + model.dropFirst(short.count)
    }
    return model
  }
}
