import LabCheck
import LabModel

/// The what-if panel: each single failure domain that takes something down today, what it takes down, and
/// whether the plan fixes it. Names and verdicts only — no addresses, no lists of the machines a domain takes with
/// it — so the public page and `api/v1/whatif.json` can show it.
struct WhatIf: Sendable, Hashable, Encodable {
  /// A cluster, service, app or ingress path and how it fares.
  struct Item: Sendable, Hashable, Encodable {
    var kind: ItemKind
    /// The simulation's name (a key of the model), as `labctl simulate` prints it.
    var name: String
    /// The display name the page shows: `kian.coffee`, `talos-core`, `port-forward to wings-n1`.
    var title: String
    var verdict: Verdict
  }

  /// Whether the plan fixes what a failure takes down.
  enum Outcome: String, Sendable, Hashable, Encodable {
    /// With the plan, the same failure takes none of it down.
    case fixed
    /// Some of it stays up with the plan, some still goes down.
    case partly
    /// Everything it takes down today still goes down with the plan.
    case unchanged
    /// The failure domain is gone from the plan.
    case gone
  }

  /// What the same failure does once the plan lands.
  struct PlanEffect: Sendable, Hashable, Encodable {
    var outcome: Outcome
    /// Down today, up with the plan.
    var fixed: [String]
    /// Down today and with the plan.
    var still: [String]
    /// Down with the plan only (something the plan adds).
    var new: [String]
  }

  /// One failure domain and its effect.
  struct Scenario: Sendable, Hashable, Encodable {
    /// The failure domain's name, as `labctl simulate --down` takes it.
    var domain: String
    var kind: FailureDomain.Kind
    /// How many machines it takes down (itself, its VMs, a site's machines).
    var machines: Int
    /// Down first, then interrupted (back once Kubernetes reschedules them), then degraded, each in the
    /// simulation's order.
    var items: [Item]
    var plan: PlanEffect

    var down: [Item] { items.filter { $0.verdict == .down } }
    var interrupted: [Item] { items.filter { $0.verdict == .interrupted } }
    var degraded: [Item] { items.filter { $0.verdict == .degraded } }
  }

  var horizon: Horizon
  var scenarios: [Scenario]
  /// Single failure domains tried today that take nothing down.
  var harmless: Int
  /// Failure domains not present today (a planned machine, an offline site), not tried.
  var skipped: Int

  /// How many scenarios the plan fixes entirely.
  var fixedByPlan: Int { scenarios.filter { $0.plan.outcome == .fixed }.count }
}

extension WhatIf {
  /// The panel from the single-failure simulation, today against the plan. Machines the page names nowhere else
  /// (VMs outside the inventory, such as cluster nodes) are shown by role and host, never by hostname.
  init(_ resilience: Resilience, lab: Lab) {
    let names = PageNames(lab)
    let planRows = Dictionary(
      resilience.plan.rows.map { ($0.domain.name, $0) }, uniquingKeysWith: { first, _ in first })
    var scenarios: [Scenario] = []
    for row in resilience.today.rows where !row.down.isEmpty || !row.interrupted.isEmpty {
      func items(_ refs: [ItemRef], _ verdict: Verdict) -> [Item] {
        refs.map { Item(kind: $0.kind, name: names.item($0.name), title: names.title($0), verdict: verdict) }
      }
      let items = items(row.down, .down) + items(row.interrupted, .interrupted) + items(row.degraded, .degraded)
      // What the failure takes out (down, or interrupted until rescheduled), compared with the plan by title.
      let today = (row.down + row.interrupted).map(names.title)
      let effect: PlanEffect
      if let later = planRows[row.domain.name] {
        let planHit = (later.down + later.interrupted).map(names.title)
        let fixed = today.filter { !planHit.contains($0) }
        let still = today.filter { planHit.contains($0) }
        let new = planHit.filter { !today.contains($0) }
        let outcome: Outcome = still.isEmpty ? .fixed : fixed.isEmpty ? .unchanged : .partly
        effect = PlanEffect(outcome: outcome, fixed: fixed, still: still, new: new)
      } else {
        effect = PlanEffect(outcome: .gone, fixed: today, still: [], new: [])
      }
      scenarios.append(
        Scenario(
          domain: names.domain(row.domain.name), kind: row.domain.kind, machines: row.machines, items: items,
          plan: effect))
    }
    self.init(
      horizon: .today, scenarios: scenarios, harmless: resilience.today.rows.count - scenarios.count,
      skipped: resilience.today.skipped.count)
  }
}

/// The machine names the public page may show: the inventory's hosts (the roster) and the physical machines (the
/// hardware diagram). Any other machine — a VM that only a cluster knows, say — is described by role and host.
struct PageNames {
  let lab: Lab
  let shown: Set<String>

  init(_ lab: Lab) {
    self.lab = lab
    var shown = Set(lab.inventory?.hosts ?? [])
    for m in lab.machines where m.runsOn == nil { shown.insert(m.name) }
    self.shown = shown
  }

  /// A failure domain's name as the page shows it (addresses redacted: the what-if panel carries none in
  /// either audience).
  func domain(_ name: String) -> String {
    guard let m = lab.machine(named: name), !shown.contains(name) else { return PublicRedaction.redact(name) }
    let cluster = lab.clusters.first { c in c.nodes.contains { $0.name == m.name } }
    let role = cluster.map { "\($0.name) node" } ?? (m.kind == .vm ? "VM" : "machine")
    return m.runsOn.map { "\(role) on \(domain($0))" } ?? role
  }

  /// An item's display name: a cluster's, service's or app's title; a port-forward says where it lands.
  func title(_ ref: ItemRef) -> String {
    let title: String? =
      switch ref.kind {
      case .cluster: lab.clusters.first { $0.name == ref.name }?.title
      case .service: lab.service(named: ref.name)?.displayName
      case .app: lab.apps.first { $0.name == ref.name }?.displayName
      case .ingress: nil
      }
    if let title { return PublicRedaction.redact(title) }
    let prefix = "port-forward:"
    guard ref.name.hasPrefix(prefix) else { return item(ref.name) }
    let targets = ref.name.dropFirst(prefix.count).split(separator: ",").map { domain(String($0)) }
    return "port-forward to " + Words.list(targets)
  }

  /// An item's name as the page shows it: ingress paths name the machine they land on.
  func item(_ name: String) -> String {
    let prefix = "port-forward:"
    guard name.hasPrefix(prefix) else { return PublicRedaction.redact(name) }
    return prefix + domain(String(name.dropFirst(prefix.count)))
  }
}
