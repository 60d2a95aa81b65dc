import LabModel

/// Every single failure domain in turn, and what each takes down: the lab's computed SPoF list.
public struct SingleFailureReport: Sendable, Hashable, Codable {
  /// One failure domain and its effect.
  public struct Row: Sendable, Hashable, Codable {
    public var domain: FailureDomain
    /// How many machines it takes down with it.
    public var machines: Int
    public var down: [ItemRef]
    /// Out until Kubernetes reschedules them on the cluster's surviving nodes; back without anyone acting.
    public var interrupted: [ItemRef]
    public var degraded: [ItemRef]
  }

  /// An item some single failure takes down, and every domain that does.
  public struct SinglePoint: Sendable, Hashable, Codable {
    public var item: ItemRef
    public var domains: [String]
  }

  public var lab: String
  public var horizon: Horizon
  public var rows: [Row]
  /// Items one host takes down (a machine, hypervisor, VM or VIP holder): single points of failure.
  public var singlePoints: [SinglePoint]
  /// Items one host interrupts until Kubernetes reschedules them: single instances on a cluster that keeps quorum.
  public var singleInstances: [SinglePoint]
  /// Items one site or link takes down: single-AZ dependencies.
  public var singleSite: [SinglePoint]
  /// Items one host takes down or interrupts, with every domain that does either, in domain order: what the HA map
  /// draws as single-instance and `labctl plan` counts as a single point to fix.
  public var outages: [SinglePoint]
  /// Failure domains declared but absent at this horizon, not tried.
  public var skipped: [String]

  /// True when some single failure takes something down: `--all-single` then exits 3.
  public var takesSomethingDown: Bool { rows.contains { !$0.down.isEmpty } }
}

extension Lab {
  /// Takes down every failure domain present at the horizon, one at a time.
  public func singleFailures(at horizon: Horizon, incremental: Bool = true) -> SingleFailureReport {
    var simulator = Simulator(self, horizon: horizon, incremental: incremental)
    let present = failureDomains.filter { simulator.isPresent($0) }
    let names = Set(present.map(\.name))
    var rows: [SingleFailureReport.Row] = []
    var host: [ItemRef: [String]] = [:]
    var interrupts: [ItemRef: [String]] = [:]
    var site: [ItemRef: [String]] = [:]
    for d in present {
      let r = simulator.impact(of: [d])
      rows.append(
        SingleFailureReport.Row(
          domain: d, machines: r.machines, down: r.down, interrupted: r.interrupted, degraded: r.degraded))
      let byHost = d.kind != .site && d.kind != .link
      for item in r.down {
        if byHost {
          host[item, default: []].append(d.name)
        } else {
          site[item, default: []].append(d.name)
        }
      }
      for item in r.interrupted where byHost { interrupts[item, default: []].append(d.name) }
    }
    func points(_ m: [ItemRef: [String]]) -> [SingleFailureReport.SinglePoint] {
      m.keys.sorted().map { SingleFailureReport.SinglePoint(item: $0, domains: m[$0]!) }
    }
    var outage = host
    for (item, domains) in interrupts {
      let both = Set(domains + (host[item] ?? []))
      outage[item] = present.map(\.name).filter { both.contains($0) }
    }
    return SingleFailureReport(
      lab: meta.name, horizon: horizon, rows: rows, singlePoints: points(host), singleInstances: points(interrupts),
      singleSite: points(site), outages: points(outage),
      skipped: failureDomains.map(\.name).filter { !names.contains($0) })
  }
}
