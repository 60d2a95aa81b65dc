import LabModel

/// Between VLANs, everything not allowed is denied.
public struct DefaultDenyRule: Rule {
  public let name = "default-deny"
  public let summary = "the firewall declares deny-by-default between VLANs"
  public let waivable = true
  public init() {}

  public func check(_ lab: Lab) -> [Diagnostic] {
    guard lab.vlans.count > 1 else { return [] }
    switch lab.firewall.defaultPolicy {
    case .deny: return []
    case .allow:
      return [
        .error(
          name, "the firewall allows traffic between VLANs by default; segmentation needs 'default: deny'",
          at: lab.sourceMap.value("firewall.default"), item: "firewall",
          notes: ["set 'default: deny' and list what is allowed under 'allow'"])
      ]
    case nil:
      return [
        .error(
          name, "the firewall does not declare its default between VLANs",
          at: lab.sourceMap.key("firewall") ?? lab.sourceMap.key("vlans"), item: "firewall",
          notes: ["add 'firewall: { default: deny }'"])
      ]
    }
  }
}
