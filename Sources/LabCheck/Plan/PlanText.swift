import LabModel

/// The plan report as a terminal reads it, in Terraform's manner.
public enum PlanText {
  public static func render(_ r: PlanReport) -> String {
    var out = "\(r.lab): today → with the plan\n\n"
    if r.changes.isEmpty { out += "  No changes: the plan is what runs today.\n" }
    for c in r.changes { out += line(c, indent: 2) }
    if !r.figures.isEmpty {
      out += "\n"
      for f in r.figures { out += "  ~ \(f.name): \(f.today) → \(f.plan)\n" }
    }
    let n = r.counts
    out += "\nPlan: \(n["add"]!) to add, \(n["change"]!) to change, \(n["remove"]!) to remove.\n"
    out += "\nWhat the plan fixes\n"
    out += section("Single points of failure (one host takes it down or interrupts it)", r.singlePoints)
    out += section("Single-AZ dependencies (one site or link takes it down)", r.singleAZ)
    return out
  }

  private static func line(_ c: PlanReport.Change, indent: Int) -> String {
    var s = String(repeating: " ", count: indent) + "\(c.op.rawValue) \(c.kind) \(c.name)"
    if let before = c.before, let after = c.after { s += ": \(before) → \(after)" }
    if let detail = c.detail { s += " (\(detail))" }
    return s + "\n" + c.children.map { line($0, indent: indent + 4) }.joined()
  }

  private static func section(_ title: String, _ f: PlanReport.Fixes) -> String {
    let today = f.fixed.count + f.remaining.count
    let plan = f.remaining.count + f.new.count
    var out = "\n  \(title): \(today) today → \(plan) with the plan\n"
    if f.fixed.isEmpty { out += "    none go away\n" }
    for e in f.fixed {
      let today = SimulationText.list(e.today, max: 6)
      out += "    - \(e.item.name): today \(today); with the plan no single failure takes it down\n"
    }
    for e in f.remaining where e.today != e.plan {
      let (today, plan) = (SimulationText.list(e.today, max: 6), SimulationText.list(e.plan, max: 6))
      out += "    ~ \(e.item.name): today \(today); with the plan \(plan)\n"
    }
    for (domains, items) in grouped(f.remaining.filter { $0.today == $0.plan }) {
      out += "      \(SimulationText.list(items, max: 8)) still: \(domains)\n"
    }
    for e in f.new { out += "    + \(e.item.name): \(SimulationText.list(e.plan, max: 6))\n" }
    return out
  }

  private static func grouped(_ list: [PlanReport.Exposure]) -> [(String, [String])] {
    SimulationText.grouped(list.map { SingleFailureReport.SinglePoint(item: $0.item, domains: $0.plan) })
  }
}
