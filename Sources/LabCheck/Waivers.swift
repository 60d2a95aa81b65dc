import LabModel

/// A risk the lab accepts: a waiver that held, and the findings it turned into notes.
public struct AcceptedRisk: Sendable, Hashable {
  public var waiver: Waiver
  /// The findings it covers, as the rules reported them (before they became notes), in reading order.
  public var findings: [Diagnostic]
  /// The cluster or service the findings are about, when the rule's items are simulation items: where the
  /// HA map shows the risk.
  public var subject: ItemRef?

  public init(waiver: Waiver, findings: [Diagnostic], subject: ItemRef? = nil) {
    self.waiver = waiver
    self.findings = findings
    self.subject = subject
  }
}

/// The findings after the waivers: what `check`, `build`, `serve` and `plan` all report and decide on.
public struct WaivedFindings: Sendable {
  /// Every finding — each one a waiver holds for now a note — and the waivers' own problems, in reading order.
  public var diagnostics: [Diagnostic]
  /// The waivers that held, with what they covered, in declaration order.
  public var accepted: [AcceptedRisk]
}

/// Applying `waivers:` to the rules' findings: a pure step, with "today" passed in.
///
/// A waiver holds when its rule is one that can be waived (`Rule.waivable`), it has not expired (`today` is
/// before `expires`), and a finding of that rule has exactly its `item`. Each finding it holds for becomes a
/// note saying it is an accepted risk, why, where the waiver is and when it expires. A waiver that holds for
/// nothing, repeats another, or has expired is a warning at the waiver; an expired one leaves its findings
/// as the rules reported them.
public enum Waivers {
  /// A waiver that covers no finding (or repeats one that does).
  public static let unusedRule = "waiver-unused"
  /// A waiver past its `expires` day.
  public static let expiredRule = "waiver-expired"

  /// Names reported while loading or rendering, or by the waivers themselves: documented in docs/rules.md,
  /// never waivable.
  static let otherRules = [
    "syntax", "duplicate-key", "unknown-key", "schema", "missing-file", "unreadable-file", "inventory", "talconfig",
    "page-fact", unusedRule, expiredRule,
  ]

  private struct Key: Hashable {
    var rule: String
    var item: String
  }

  /// The findings with the lab's waivers applied on `today`.
  public static func apply(
    _ lab: Lab, to findings: [Diagnostic], today: CalendarDay, rules: [any Rule] = Rules.all
  ) -> WaivedFindings {
    guard !lab.waivers.isEmpty else { return WaivedFindings(diagnostics: findings, accepted: []) }
    let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var problems: [Diagnostic] = []
    var holding: [Key: Waiver] = [:]
    var expired: [Key: Waiver] = [:]
    var declared: [Key: Waiver] = [:]
    for w in lab.waivers {
      guard let rule = byName[w.rule] else {
        problems.append(otherRules.contains(w.rule) ? notWaivable(w, lab, rules) : unknownRule(w, lab, rules))
        continue
      }
      guard rule.waivable else {
        problems.append(notWaivable(w, lab, rules))
        continue
      }
      let key = Key(rule: w.rule, item: w.item)
      if let first = declared[key] {
        problems.append(
          .warning(
            unusedRule, "waiver repeats the one for '\(w.item)' under '\(w.rule)' declared before it",
            at: location(w, lab), item: w.path,
            notes: ["the first one, at \(place(first, lab)), decides; remove this one"]))
        continue
      }
      declared[key] = w
      if w.hasExpired(on: today) { expired[key] = w } else { holding[key] = w }
    }

    var out: [Diagnostic] = []
    var covered: [Int: [Diagnostic]] = [:]
    var itemsByRule: [String: [String]] = [:]
    for finding in findings {
      guard let item = finding.item, finding.severity != .note else {
        out.append(finding)
        continue
      }
      itemsByRule[finding.rule, default: []].append(item)
      let key = Key(rule: finding.rule, item: item)
      if let w = holding[key] {
        covered[w.index, default: []].append(finding)
        out.append(accepted(finding, by: w, lab))
      } else if let w = expired[key] {
        covered[w.index, default: []].append(finding)
        var kept = finding
        kept.notes.append("the waiver at \(place(w, lab)) expired on \(w.expires?.description ?? "")")
        out.append(kept)
      } else {
        out.append(finding)
      }
    }

    var risks: [AcceptedRisk] = []
    for w in lab.waivers {
      let key = Key(rule: w.rule, item: w.item)
      if holding[key] == w {
        if let found = covered[w.index] {
          let subject = byName[w.rule]?.simulatedItem.map { ItemRef(kind: $0, name: w.item) }
          risks.append(AcceptedRisk(waiver: w, findings: found, subject: subject))
        } else {
          problems.append(unused(w, lab, candidates: itemsByRule[w.rule] ?? []))
        }
      } else if expired[key] == w {
        problems.append(expiredWarning(w, lab, covers: covered[w.index]?.count ?? 0))
      }
    }
    return WaivedFindings(diagnostics: (out + problems).sortedByLocation(), accepted: risks)
  }

  /// The finding as an accepted risk: a note, with the reason, the waiver's place and its expiry.
  static func accepted(_ finding: Diagnostic, by w: Waiver, _ lab: Lab) -> Diagnostic {
    .note(
      finding.rule, "accepted risk: \(finding.message)", at: finding.location, item: finding.item,
      notes: [
        "accepted because: \(w.reason)",
        "waiver at \(place(w, lab)), " + (w.expires.map { "expires \($0)" } ?? "no expiry"),
      ])
  }

  static func unknownRule(_ w: Waiver, _ lab: Lab, _ rules: [any Rule]) -> Diagnostic {
    let known = rules.map(\.name) + otherRules
    let hint = Suggestion.hint(for: w.rule, in: known)
    return .error(
      "unknown-reference", "unknown rule '\(w.rule)' in a waiver", at: lab.sourceMap.value("\(w.path).rule"),
      item: w.rule,
      notes: hint.isEmpty ? ["rules that can be waived: \(waivable(rules))"] : hint)
  }

  static func notWaivable(_ w: Waiver, _ lab: Lab, _ rules: [any Rule]) -> Diagnostic {
    .error(
      "schema",
      "rule '\(w.rule)' cannot be waived: its findings are faults in the model or its files, not risks to accept",
      at: lab.sourceMap.value("\(w.path).rule"),
      notes: ["fix the finding instead; rules that can be waived: \(waivable(rules))"])
  }

  static func unused(_ w: Waiver, _ lab: Lab, candidates: [String]) -> Diagnostic {
    var seen = Set<String>()
    let items = candidates.filter { seen.insert($0).inserted }
    var notes = Suggestion.hint(for: w.item, in: items)
    if notes.isEmpty {
      notes.append(
        items.isEmpty
          ? "'\(w.rule)' finds nothing in this lab; remove the waiver"
          : "'\(w.rule)' reports on: " + items.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            + (items.count > 5 ? ", …" : ""))
    }
    return .warning(
      unusedRule, "waiver for '\(w.item)' under '\(w.rule)' matches no finding",
      at: lab.sourceMap.value("\(w.path).item") ?? location(w, lab), item: w.path, notes: notes)
  }

  static func expiredWarning(_ w: Waiver, _ lab: Lab, covers: Int) -> Diagnostic {
    let day = w.expires?.description ?? ""
    let what =
      covers == 0
      ? "and matches no finding any more; remove it"
      : "so its \(covers == 1 ? "finding is" : "\(covers) findings are") reported again"
    return .warning(
      expiredRule, "waiver for '\(w.item)' under '\(w.rule)' expired on \(day), \(what)",
      at: lab.sourceMap.value("\(w.path).expires") ?? location(w, lab), item: w.path,
      notes: [
        "it was accepted because: \(w.reason)",
        "fix the finding, or move 'expires' later if the risk is still accepted",
      ])
  }

  /// Where the waiver's entry begins.
  static func location(_ w: Waiver, _ lab: Lab) -> SourceLocation? { lab.sourceMap.value(w.path) }

  /// `lab.yaml:40:5`, or the waiver's path when it has no place.
  static func place(_ w: Waiver, _ lab: Lab) -> String { location(w, lab)?.description ?? w.path }

  static func waivable(_ rules: [any Rule]) -> String {
    rules.filter(\.waivable).map(\.name).joined(separator: ", ")
  }
}
