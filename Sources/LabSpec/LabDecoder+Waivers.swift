import LabInventory
import LabModel

extension LabDecoder {
  static let waiverKeys = ["rule", "item", "reason", "expires"]
  /// At most this many waivers are read; the entry past it is an error (labctl's limit: a list of accepted
  /// risks that long is no longer a list anyone reads).
  static let waiverLimit = 1000

  /// The `waivers` list. An entry with an error is left out, so the finding it meant to waive stays as it is.
  /// Whether `rule` names a rule that can be waived is checked where the rules are (LabCheck).
  func waivers(_ node: Node?) -> [Waiver] {
    var items = ctx.sequence(node, path: "waivers")
    if items.count > Self.waiverLimit {
      ctx.error(
        "'waivers' lists \(items.count) waivers; expected at most \(Self.waiverLimit) (labctl's limit)",
        at: items[Self.waiverLimit], notes: ["a waiver is one accepted risk; fix the findings instead of waiving them"])
      items = Array(items.prefix(Self.waiverLimit))
    }
    return items.enumerated().compactMap { i, item in waiver(item, index: i) }
  }

  func waiver(_ node: Node, index: Int) -> Waiver? {
    let p = "waivers.\(index)"
    let f = ctx.fields(node, path: p, allowed: Self.waiverKeys, required: ["rule", "item", "reason"])
    let rule = nonEmpty(f["rule"], path: "\(p).rule", what: "the rule whose finding is accepted, e.g. etcd-quorum")
    let item = nonEmpty(f["item"], path: "\(p).item", what: "what the finding is about, e.g. a cluster's name")
    let reason = nonEmpty(f["reason"], path: "\(p).reason", what: "why the risk is accepted")
    var expires: CalendarDay?
    var badDate = false
    if let text = ctx.string(f["expires"], path: "\(p).expires") {
      expires = CalendarDay(text)
      if expires == nil {
        badDate = true
        ctx.error(
          "'\(p).expires' must be a date written YYYY-MM-DD, found '\(text)'", at: f["expires"],
          notes: [
            Self.looksLikeDate(text)
              ? "there is no such day on the calendar"
              : "write it as 2025-09-01: the first day the waiver no longer holds"
          ])
      }
    }
    guard let rule, let item, let reason, !badDate else { return nil }
    return Waiver(rule: rule, item: item, reason: reason, expires: expires, index: index)
  }

  /// Text that must say something: nil (and an error at the value) when empty or only blanks.
  private func nonEmpty(_ node: Node?, path: String, what: String) -> String? {
    guard let node else { return nil }
    guard let text = ctx.string(node, path: path) else {
      if YAMLContext.isNull(node) { ctx.error("'\(path)' must not be empty; give \(what)", at: node) }
      return nil
    }
    guard !text.allSatisfy(\.isWhitespace) else {
      ctx.error("'\(path)' must not be empty; give \(what)", at: node)
      return nil
    }
    return text
  }

  /// `2025-02-30`: the shape of a date, on a day that does not exist.
  private static func looksLikeDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
  }
}
