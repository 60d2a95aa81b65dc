/// An IPv4 address as a 32-bit number.
public struct IPv4: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var value: UInt32

  public init(_ value: UInt32) { self.value = value }

  /// Parses dotted-quad text (`10.30.0.11`); nil when it is not one.
  public init?(_ text: some StringProtocol) {
    // Byte by byte: four runs of one to three ASCII digits, each at most 255, joined by dots.
    var v: UInt32 = 0
    var octet: UInt32 = 0
    var digits = 0
    var dots = 0
    for c in text.utf8 {
      if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
        digits += 1
        octet = octet * 10 + UInt32(c - UInt8(ascii: "0"))
        guard digits <= 3, octet <= 255 else { return nil }
      } else if c == UInt8(ascii: ".") {
        guard digits > 0, dots < 3 else { return nil }
        v = v << 8 | octet
        (octet, digits, dots) = (0, 0, dots + 1)
      } else {
        return nil
      }
    }
    guard dots == 3, digits > 0 else { return nil }
    value = v << 8 | octet
  }

  public var description: String {
    "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
  }

  public static func < (a: IPv4, b: IPv4) -> Bool { a.value < b.value }
}

/// An IPv4 network in CIDR form (`10.30.0.0/24`).
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
  public var network: IPv4
  public var prefix: Int

  /// Parses `a.b.c.d/n`; nil when malformed. Host bits must be zero.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let ip = IPv4(parts[0]), let p = Int(parts[1]), (0...32).contains(p)
    else { return nil }
    network = ip
    prefix = p
    guard ip.value & ~mask == 0 else { return nil }
  }

  public var mask: UInt32 { prefix == 0 ? 0 : UInt32.max << (32 - UInt32(prefix)) }
  public var first: IPv4 { network }
  public var last: IPv4 { IPv4(network.value | ~mask) }

  public func contains(_ ip: IPv4) -> Bool { ip.value & mask == network.value }

  public func overlaps(_ other: CIDR) -> Bool {
    first <= other.last && other.first <= last
  }

  public var description: String { "\(network)/\(prefix)" }
}

/// A range of addresses, `a.b.c.d-e.f.g.h` or a CIDR (a MetalLB pool).
public struct IPv4Range: Sendable, Hashable, CustomStringConvertible {
  public var first: IPv4
  public var last: IPv4
  /// The CIDR it was written as, if it was (`10.30.0.192/27`).
  public var cidr: CIDR?

  public init(first: IPv4, last: IPv4) {
    self.first = first
    self.last = last
  }

  /// As written: the CIDR, or `first-last` as MetalLB writes a range.
  public var description: String { cidr?.description ?? "\(first)-\(last)" }

  public func contains(_ ip: IPv4) -> Bool { first <= ip && ip <= last }

  public func overlaps(_ other: IPv4Range) -> Bool { first <= other.last && other.first <= last }

  public init?(_ text: some StringProtocol) {
    if let cidr = CIDR(text) {
      first = cidr.first
      last = cidr.last
      self.cidr = cidr
      return
    }
    let parts = text.split(separator: "-")
    guard parts.count == 2, let a = IPv4(parts[0].trimmingSpaces), let b = IPv4(parts[1].trimmingSpaces), a <= b
    else { return nil }
    first = a
    last = b
  }
}

extension StringProtocol {
  var trimmingSpaces: Substring {
    let s = Substring(self)
    guard let start = s.firstIndex(where: { $0 != " " }), let end = s.lastIndex(where: { $0 != " " })
    else { return "" }
    return s[start...end]
  }
}

/// The transport of a port.
public enum PortProtocol: String, Sendable, Hashable, CaseIterable {
  case tcp, udp
}

/// A port or a range of ports with its protocol, written `tcp/8123` or `udp/27015-27030`.
public struct Port: Sendable, Hashable, CustomStringConvertible {
  public var proto: PortProtocol
  public var first: UInt16
  public var last: UInt16

  public init(_ proto: PortProtocol, _ first: UInt16, _ last: UInt16? = nil) {
    self.proto = proto
    self.first = first
    self.last = last ?? first
  }

  /// Parses `proto/port` or `proto/lo-hi` (protocol `tcp` or `udp`, ports 1–65535, lo ≤ hi); nil otherwise.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let proto = PortProtocol(rawValue: parts[0].lowercased()) else { return nil }
    let bounds = parts[1].split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(bounds.count),
      let lo = UInt16(bounds[0].trimmingSpaces), lo > 0,
      let hi = bounds.count == 2 ? UInt16(bounds[1].trimmingSpaces) : lo, hi >= lo
    else { return nil }
    self.init(proto, lo, hi)
  }

  /// Whether the port or range holds `port`.
  public func contains(_ port: UInt16) -> Bool { first <= port && port <= last }

  public var description: String { "\(proto.rawValue)/\(first)" + (last == first ? "" : "-\(last)") }
}
