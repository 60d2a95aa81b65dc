import LabModel

/// Every single failure domain in turn, and what each takes down: the lab's computed SPoF list.
public struct SingleFailureReport: Sendable, Hashable, Codable {
  /// One failure domain and its effect.
  public struct Row: Sendable, Hashable, Codable {
    public var domain: FailureDomain
    /// How many machines it takes down with it.
    public var machines: Int
    public var down: [ItemRef]
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
  /// Items one site or link takes down: single-AZ dependencies.
  public var singleSite: [SinglePoint]
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
    var site: [ItemRef: [String]] = [:]
    for d in present {
      let r = simulator.impact(of: [d])
      rows.append(SingleFailureReport.Row(domain: d, machines: r.machines, down: r.down, degraded: r.degraded))
      for item in r.down {
        if d.kind == .site || d.kind == .link {
          site[item, default: []].append(d.name)
        } else {
          host[item, default: []].append(d.name)
        }
      }
    }
    func points(_ m: [ItemRef: [String]]) -> [SingleFailureReport.SinglePoint] {
      m.keys.sorted().map { SingleFailureReport.SinglePoint(item: $0, domains: m[$0]!) }
    }
    return SingleFailureReport(
      lab: meta.name, horizon: horizon, rows: rows, singlePoints: points(host), singleSite: points(site),
      skipped: failureDomains.map(\.name).filter { !names.contains($0) })
  }
}
