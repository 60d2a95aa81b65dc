import LabCheck
import LabModel
import Plot

/// The "what if" panel after the HA map: each single failure that takes something down today, and the plan's answer.
extension Sections {
  static func whatIf(_ lab: Lab, _ audience: Audience, _ resilience: Resilience, _ views: LabViews) -> PageSection? {
    let panel = WhatIf(resilience, lab: lab)
    let tried = panel.scenarios.count + panel.harmless
    guard tried > 0 else { return nil }
    let n = panel.scenarios.count
    let partly = panel.scenarios.filter { $0.plan.outcome == .partly }.count
    let planText =
      panel.fixedByPlan > 0
      ? "the plan fixes \(Words.number(panel.fixedByPlan))" + (partly > 0 ? ", part of \(Words.number(partly))" : "")
      : partly > 0 ? "the plan fixes part of \(Words.number(partly))" : "the plan fixes none yet"
    let hasPlan = lab.hasPlan
    let kicker =
      n == 0
      ? "No single failure takes anything down today"
      : "\(Words.capitalized(n)) of \(tried) single failures take something down or interrupt it today"
        + (hasPlan ? " · " + planText : "")
    let groups = groups(panel.scenarios)
    let shown = Array(groups.prefix(maxRows))
    let more = groups.count - shown.count
    let body: Node<HTML.BodyContext> = .div(
      .class("whatif"),
      .ol(.class("scenarios" + (hasPlan ? "" : " no-plan")), .forEach(shown) { scenario($0, plan: hasPlan) }),
      .p(
        .class("whatif-foot"),
        .text(footer(panel)),
        .if(more > 0, .text(" \(Words.count(more, "more row")) in the JSON.")),
        .text(" Same simulation as "), .code("labctl simulate --all-single"), .text(" · "),
        .a(.href("api/v1/whatif.json"), .text("api/v1/whatif.json"))
      )
    )
    return PageSection(
      id: "whatif", label: "What if",
      heading: hasPlan ? "What one failure takes down, and what the plan fixes." : "What one failure takes down.",
      kicker: kicker, prose: Prose.section(lab, "whatif", audience: audience, facts: views.facts), body: body)
  }

  /// Rows shown on the page; the JSON has every scenario.
  static let maxRows = 40

  /// Failure domains with the same effect, shown as one row: `core-cp-1, core-cp-2 or core-cp-3`.
  struct Group {
    var domains: [String]
    var scenario: WhatIf.Scenario
  }

  static func groups(_ scenarios: [WhatIf.Scenario]) -> [Group] {
    var out: [Group] = []
    var index: [WhatIf.Scenario: Int] = [:]
    for s in scenarios {
      var key = s
      key.domain = ""
      if let i = index[key] {
        out[i].domains.append(s.domain)
      } else {
        index[key] = out.count
        out.append(Group(domains: [s.domain], scenario: s))
      }
    }
    return out
  }

  /// One row; without a plan in the model the plan column is left out (nothing to compare with).
  static func scenario(_ g: Group, plan hasPlan: Bool = true) -> Node<HTML.ListContext> {
    let s = g.scenario
    // Each name unbroken (`bd-n1` never splits at its hyphen); the list wraps between names.
    let names: [Node<HTML.BodyContext>] = g.domains.enumerated().flatMap { i, d -> [Node<HTML.BodyContext>] in
      let separator = i == 0 ? "" : i == g.domains.count - 1 ? " or " : ", "
      return [.text(separator), .span(.class("host"), .text(d))]
    }
    return .li(
      .class("scenario"),
      .div(
        .class("if"),
        .p(.class("domain"), .span(.class("lead"), .text("If ")), .group(names)),
        .p(.class("what"), .text(kind(s) + (g.domains.count > 1 ? " · any one of \(g.domains.count)" : "")))
      ),
      .div(
        .class("then"),
        .if(!s.down.isEmpty, verdicts("Down", s.down, cssClass: "down", summarise: s.kind == .site)),
        .if(
          !s.interrupted.isEmpty,
          verdicts("Interrupted — rescheduled", s.interrupted, cssClass: "interrupted", summarise: s.kind == .site)),
        .if(!s.degraded.isEmpty, verdicts("Degraded", s.degraded, cssClass: "degraded", summarise: s.kind == .site))
      ),
      .if(
        hasPlan,
        .div(
          .class("plan plan-\(s.plan.outcome.rawValue)"),
          .p(.class("outcome"), .text(outcome(s.plan.outcome))),
          .unwrap(planDetail(s)) { .p(.class("plan-detail"), .text($0)) }
        ))
    )
  }

  /// A labelled list of items with one verdict; the label says the verdict, not the colour alone. A whole site
  /// is summarised by kind (`3 clusters · 16 services · 4 apps`) rather than shown as a wall of chips.
  static func verdicts(
    _ label: String, _ items: [WhatIf.Item], cssClass: String, summarise: Bool = false
  ) -> Node<HTML.BodyContext> {
    let summary = ItemKind.allCases.compactMap { kind -> String? in
      let n = items.filter { $0.kind == kind }.count
      guard n > 0 else { return nil }
      return Words.count(n, kind == .ingress ? "ingress path" : kind.rawValue)
    }
    return .div(
      .class("verdicts"),
      .p(.class("verdict-label"), .text("\(label) · \(items.count)")),
      summarise && items.count > 6
        ? .p(.class("tally \(cssClass)"), .text("everything on it: " + Words.dots(summary)))
        : .ul(.class("tags \(cssClass)"), .forEach(items) { .li(.text($0.title)) })
    )
  }

  /// `hypervisor · takes 5 machines`, `site · 13 machines`, `VIP holder`.
  static func kind(_ s: WhatIf.Scenario) -> String {
    let name: String =
      switch s.kind {
      case .site: "site"
      case .link: "link between sites"
      case .hypervisor: "hypervisor"
      case .machine: "machine"
      case .vm: "virtual machine"
      case .vipHolder: "VIP holder"
      }
    switch s.kind {
    case .site, .hypervisor: return "\(name) · \(Words.count(s.machines, "machine")) down"
    default: return name
    }
  }

  static func outcome(_ o: WhatIf.Outcome) -> String {
    switch o {
    case .fixed: "The plan fixes it"
    case .partly: "The plan fixes part of it"
    case .unchanged: "Not fixed by the plan"
    case .gone: "Gone with the plan"
    }
  }

  static func planDetail(_ s: WhatIf.Scenario) -> String? {
    var parts: [String] = []
    switch s.plan.outcome {
    case .fixed, .gone: parts.append("stays up: " + Words.dots(s.plan.fixed))
    case .partly:
      parts.append("stays up: " + Words.dots(s.plan.fixed))
      parts.append("not fixed: " + Words.dots(s.plan.still))
    case .unchanged:
      parts.append(
        s.plan.still.count == 1
          ? "the same with the plan"
          : s.plan.still.count == 2 ? "both the same with the plan" : "all \(s.plan.still.count) the same with the plan"
      )
    }
    if !s.plan.new.isEmpty { parts.append("also down with the plan: " + Words.dots(s.plan.new)) }
    return parts.joined(separator: " · ")
  }

  static func footer(_ w: WhatIf) -> String {
    let verb = w.harmless == 1 ? "takes" : "take"
    var text =
      w.harmless == 0
      ? ""
      : (w.scenarios.isEmpty ? "All " : "The other ")
        + "\(Words.count(w.harmless, "single failure")) \(verb) nothing down today (some degrade)."
    if w.skipped > 0 {
      text += (text.isEmpty ? "" : " ") + "\(Words.count(w.skipped, "failure domain")) not live today, not tried."
    }
    return text
  }
}
