import LabCheck
import LabModel

/// One row of the HA map: a redundant thing (×N) or a single instance with its next step.
struct HARow: Sendable, Hashable, Encodable {
  var title: String
  var detail: String
  /// `×3`, `split`, `self-heal`, `×1`.
  var badge: String
  /// Only in the plan (a planned cluster): drawn in the planned strip, never counted as today's.
  var planned: Bool
  /// A single instance whose mitigation the plan carries (`×1 → ×2`): still today's single point, with its fix lined up.
  var mitigationPlanned = false
  /// The VIP, for the internal audience.
  var vip: String?
  /// The simulation's items the row stands for: what survives (or does not survive) every single host failure.
  var items: [ItemRef]
  /// The risks the lab accepts on these items (waivers that held); nil when none.
  var acceptedRisks: [HARisk]? = nil
}

/// A risk the lab accepts on an HA row: the rule whose finding is waived, why, and until when. Shown in both
/// audiences; the public one gets the reason redacted like every other free text.
struct HARisk: Sendable, Hashable, Encodable {
  var rule: String
  var reason: String
  /// The first day the waiver no longer holds.
  var expires: CalendarDay?

  /// `accepted risk: <reason> · expires 2025-09-01`.
  static func words(_ risks: [HARisk]) -> String {
    var seen = Set<String>()
    let reasons = risks.map(\.reason).filter { seen.insert($0).inserted }
    let expiry = risks.compactMap(\.expires).min().map { " · expires \($0)" } ?? ""
    return "accepted risk: " + reasons.joined(separator: "; ") + expiry
  }
}

/// The HA map: what is redundant today, what still runs as a single instance, and what only the plan adds.
///
/// Both of today's sides come from the simulation (`Lab.singleFailures`): an item is redundant when no single host
/// failure (machine, hypervisor, VM or VIP holder) takes it down or interrupts it, and single when one does. Items that
/// do not run today (a planned cluster) are judged against the plan and listed apart, as planned.
struct HAMap: Sendable, Hashable, Encodable {
  var redundant: [HARow]
  var single: [HARow]
  /// What only the plan adds: never part of today's counts.
  var planned: [HARow] = []

  /// Single-instance rows the lab accepts as a risk.
  var acceptedSingles: Int { single.filter { $0.acceptedRisks != nil }.count }
}

extension Lab {
  /// The HA map, running the single-failure simulation for it.
  var haMap: HAMap { haMap(Resilience(self)) }

  /// The HA map from an already-run simulation, with the risks the lab accepts shown on the rows of their
  /// clusters and services: a waived single point reads "accepted risk: <reason>" instead of "no mitigation
  /// queued yet".
  func haMap(_ resilience: Resilience, accepted: [AcceptedRisk] = []) -> HAMap {
    var redundant: [HARow] = []
    var single: [HARow] = []
    let spofToday = resilience.outages(at: .today)
    let spofPlan = resilience.outages(at: .plan)
    /// Where the item is judged: today when it runs today, else the plan; nil when it runs in neither.
    func horizon(_ s: Service) -> Horizon? {
      runsToday(s) ? .today : instances(of: s, at: .plan) > 0 ? .plan : nil
    }
    func survives(_ ref: ItemRef, _ h: Horizon) -> Bool { !(h == .today ? spofToday : spofPlan).contains(ref) }
    func ref(_ s: Service) -> ItemRef { ItemRef(kind: .service, name: s.name) }
    /// Services that survive every single host failure where they are judged, by HA kind.
    func redundantServices(_ kinds: Set<HAKind>) -> [(Service, Horizon)] {
      services.compactMap { s in
        guard kinds.contains(s.haKind), let h = horizon(s), survives(ref(s), h) else { return nil }
        return (s, h)
      }
    }

    for (s, h) in redundantServices([.vip]) {
      redundant.append(
        HARow(
          title: s.displayName,
          detail: s.summary
            ?? [s.ha?.via.map { "\($0) VIP" }, s.ha?.replication].compactMap { $0 }.joined(separator: " + "),
          badge: "×\(instances(of: s, at: h))", planned: h == .plan, vip: s.ha?.vip?.description, items: [ref(s)]))
    }
    for c in clusters {
      let h: Horizon = runs(cluster: c.name, at: .today) ? .today : .plan
      let item = ItemRef(kind: .cluster, name: c.name)
      let physical = c.nodes.allSatisfy {
        machine(named: $0.name)?.kind == .physical
      }
      let title = "\(c.title ?? c.name) · etcd quorum"
      if survives(item, h) {
        let waitsOn = h == .plan ? c.site.flatMap { self.site(named: $0) } : nil
        redundant.append(
          HARow(
            title: title,
            detail: (physical ? "bare-metal" : "control plane")
              + (waitsOn.map { " · once the \(($0.title ?? $0.name).lowercased()) AZ is live" } ?? ""),
            badge: "×\(c.etcdVoters.count)", planned: h == .plan, vip: nil, items: [item]))
      } else {
        single.append(
          HARow(
            title: title, detail: Self.noMitigation, badge: "×\(c.etcdVoters.count)", planned: h == .plan,
            vip: nil, items: [item]))
      }
    }
    for (s, h) in redundantServices([.replicas, .quorum, .none]) {
      let onClusters = s.runsOn.contains { cluster(named: $0) != nil }
      redundant.append(
        HARow(
          title: s.displayName + (onClusters ? " · per cluster" : ""), detail: s.summary ?? s.haKind.rawValue,
          badge: "×\(replicasPerPlace(of: s, at: h))", planned: h == .plan, vip: nil, items: [ref(s)]))
    }
    let splits = redundantServices([.split])
    var splitSeen = Set<String>()
    for (s, h) in splits where !splitSeen.contains(s.name) {
      let partner = s.ha?.with.flatMap { w in splits.first { $0.0.name == w }?.0 }
      splitSeen.insert(s.name)
      if let p = partner { splitSeen.insert(p.name) }
      let pair = [s] + (partner.map { [$0] } ?? [])
      redundant.append(
        HARow(
          title: partner == nil ? s.displayName : "Split-gateway edge",
          detail: pair.map(\.name).joined(separator: " + "),
          badge: "split", planned: h == .plan, vip: nil, items: pair.map(ref)))
    }
    let selfHeal = redundantServices([.selfHeal])
    for h in Horizon.allCases {
      let group = selfHeal.filter { $0.1 == h }.map(\.0)
      guard !group.isEmpty else { continue }
      redundant.append(Self.selfHealRow(group, planned: h == .plan, items: group.map(ref)))
    }
    for s in services {
      guard let h = horizon(s), !survives(ref(s), h) else { continue }
      let now = max(replicasPerPlace(of: s, at: h), 1)
      // The plan fixes it when no single host failure takes it down once the plan lands.
      let fixed = h == .today && instances(of: s, at: .plan) > 0 && survives(ref(s), .plan)
      let later = replicasPerPlace(of: s, at: .plan)
      single.append(
        HARow(
          title: s.displayName, detail: s.mitigation.map { "→ " + $0 } ?? Self.noMitigation,
          badge: "×\(now)" + (fixed && later != now ? " → ×\(later)" : ""), planned: h == .plan,
          mitigationPlanned: fixed, vip: nil, items: [ref(s)]))
    }
    return HAMap(
      redundant: Self.marking(redundant.filter { !$0.planned }, accepted, single: false),
      single: Self.marking(single.filter { !$0.planned }, accepted, single: true),
      planned: Self.marking((redundant + single).filter(\.planned), accepted, single: false))
  }

  /// The self-healing services as one row. A service that names how it is issued or run (`ha.via`, such as
  /// cert-manager via step-issuer) titles the row, as the lab says it; the others are listed after `K8s-managed`.
  static func selfHealRow(_ group: [Service], planned: Bool, items: [ItemRef]) -> HARow {
    let named = group.first { $0.ha?.via != nil }
    let others = group.filter { $0.name != named?.name }.map { $0.short ?? $0.displayName }
    let title = named.map { "\($0.short ?? $0.displayName) + \($0.ha!.via!)" } ?? "Kubernetes-managed"
    let detail = named == nil ? others.joined(separator: " · ") : (["K8s-managed"] + others).joined(separator: " · ")
    return HARow(title: title, detail: detail, badge: "self-heal", planned: planned, vip: nil, items: items)
  }

  /// The rows with the accepted risks on their items added, in the waivers' order.
  static func marking(_ rows: [HARow], _ accepted: [AcceptedRisk], single: Bool) -> [HARow] {
    guard !accepted.isEmpty else { return rows }
    return rows.map { row in
      let risks = accepted.filter { risk in risk.subject.map(row.items.contains) ?? false }.map {
        HARisk(rule: $0.waiver.rule, reason: $0.waiver.reason, expires: $0.waiver.expires)
      }
      guard !risks.isEmpty else { return row }
      var marked = row
      marked.acceptedRisks = risks
      let words = HARisk.words(risks)
      if single, row.detail == Self.noMitigation {
        marked.detail = "→ " + words
      } else {
        marked.detail = row.detail + " · " + words
      }
      return marked
    }
  }

  /// A single point's detail when nothing is queued for it.
  static let noMitigation = "→ no mitigation queued yet"

  /// True when some instance of the service runs today.
  func runsToday(_ s: Service) -> Bool { instances(of: s, at: .today) > 0 }
}
