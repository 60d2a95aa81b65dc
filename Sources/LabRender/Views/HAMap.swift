import LabModel

/// One row of the HA map: a redundant thing (×N) or a single instance with its next step.
struct HARow: Sendable, Hashable, Encodable {
  var title: String
  var detail: String
  /// `×3`, `split`, `self-heal`, `×1`.
  var badge: String
  /// Only in the plan (a planned cluster), or a change the plan brings (`×1 → ×2`).
  var planned: Bool
  /// The VIP, for the internal audience.
  var vip: String?
}

/// The HA map: what is redundant today, and what still runs as a single instance.
struct HAMap: Sendable, Hashable, Encodable {
  var redundant: [HARow]
  var single: [HARow]
}

extension Lab {
  var haMap: HAMap {
    var redundant: [HARow] = []
    var single: [HARow] = []
    var splitSeen = Set<String>()
    var selfHeal: [Service] = []
    for s in services where s.haKind == .vip && isRedundant(s, at: .today) {
      redundant.append(
        HARow(
          title: s.displayName,
          detail: s.summary
            ?? [s.ha?.via.map { "\($0) VIP" }, s.ha?.replication].compactMap { $0 }.joined(separator: " + "),
          badge: "×\(instances(of: s, at: .today))", planned: false, vip: s.ha?.vip))
    }
    for c in clusters {
      let live = runs(cluster: c.name, at: .today)
      let physical = c.nodes.allSatisfy {
        machines[named: $0.name]?.kind == .physical && machines[named: $0.name] != nil
      }
      redundant.append(
        HARow(
          title: "\(c.title ?? c.name) · etcd quorum",
          detail: (physical ? "bare-metal" : "control plane") + (live ? "" : " · planned"),
          badge: "×\(c.etcdVoters.count)", planned: !live, vip: nil))
    }
    for s in services where s.haKind == .replicas || s.haKind == .quorum {
      guard isRedundant(s, at: .today) else { continue }
      let onClusters = s.runsOn.contains { clusters[named: $0] != nil }
      redundant.append(
        HARow(
          title: s.displayName + (onClusters ? " · per cluster" : ""), detail: s.summary ?? s.haKind.rawValue,
          badge: "×\(replicasPerPlace(of: s, at: .today))", planned: false, vip: nil))
    }
    for s in services where s.haKind == .split && !splitSeen.contains(s.name) {
      let partner = s.ha?.with.flatMap { services[named: $0] }
      splitSeen.insert(s.name)
      if let p = partner { splitSeen.insert(p.name) }
      redundant.append(
        HARow(
          title: partner == nil ? s.displayName : "Split edge",
          detail: [s.name, partner?.name].compactMap { $0 }.joined(separator: " + "),
          badge: "split", planned: false, vip: nil))
    }
    for s in services where s.haKind == .selfHeal && runsToday(s) { selfHeal.append(s) }
    if !selfHeal.isEmpty {
      redundant.append(
        HARow(
          title: "Kubernetes-managed", detail: selfHeal.map { $0.short ?? $0.displayName }.joined(separator: " · "),
          badge: "self-heal", planned: false, vip: nil))
    }
    for s in services where !isRedundant(s, at: .today) {
      let today = instances(of: s, at: .today)
      let later = isRedundant(s, at: .plan) ? replicasPerPlace(of: s, at: .plan) : nil
      single.append(
        HARow(
          title: s.displayName, detail: "→ " + (s.mitigation ?? "no mitigation queued yet"),
          badge: "×\(max(today, 1))" + (later.map { " → ×\($0)" } ?? ""), planned: later != nil, vip: nil))
    }
    return HAMap(redundant: redundant, single: single)
  }

  /// True when some instance of the service runs today.
  func runsToday(_ s: Service) -> Bool { instances(of: s, at: .today) > 0 }
}
