/// An accepted risk, declared under `waivers:` in lab.yaml: the lab knowingly keeps one rule's finding
/// about one item, for a reason, optionally until a day. `labctl check` then reports the finding as a
/// note instead of an error or warning, and the page's HA map shows it as an accepted risk.
public struct Waiver: Sendable, Hashable {
  /// The rule whose finding is accepted (`etcd-quorum`).
  public var rule: String
  /// What the finding is about, as the rule names it (`Diagnostic.item`): a cluster, a service, …
  public var item: String
  /// Why the risk is accepted; shown wherever the finding is.
  public var reason: String
  /// The first day the waiver no longer holds; nil for none.
  public var expires: CalendarDay?
  /// Its position in the `waivers` list: its entry is at `waivers.<index>` in the source map.
  public var index: Int

  public init(rule: String, item: String, reason: String, expires: CalendarDay? = nil, index: Int) {
    self.rule = rule
    self.item = item
    self.reason = reason
    self.expires = expires
    self.index = index
  }

  /// The waiver's path in the source map: `waivers.0`.
  public var path: String { "waivers.\(index)" }

  /// True when the waiver no longer holds on `today`: on or after its `expires` day.
  public func hasExpired(on today: CalendarDay) -> Bool {
    expires.map { today >= $0 } ?? false
  }
}
