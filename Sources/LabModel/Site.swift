/// An availability zone: a place with its own power and network.
public struct Site: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  public var status: Status
  public var note: String?

  public init(name: String, title: String? = nil, status: Status = .live, note: String? = nil) {
    self.name = name
    self.title = title
    self.status = status
    self.note = note
  }
}

/// A network link between two sites, e.g. a site-to-site VPN.
public struct SiteLink: Sendable, Hashable {
  public var between: [String]
  public var via: String?
  public var status: Status

  public init(between: [String], via: String? = nil, status: Status = .live) {
    self.between = between
    self.via = via
    self.status = status
  }

  /// A stable name for the link, e.g. `az-a<->az-b`.
  public var name: String { between.joined(separator: "<->") }
}

/// A hardware tier, shown in display order on the hardware diagram.
public struct Tier: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  public var subtitle: String?
  public var focal: Bool

  public init(name: String, title: String? = nil, subtitle: String? = nil, focal: Bool = false) {
    self.name = name
    self.title = title
    self.subtitle = subtitle
    self.focal = focal
  }
}
