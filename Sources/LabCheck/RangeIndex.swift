import LabModel

/// Address ranges with a payload each, sorted by first address with the running highest last address,
/// so "which range holds this address" is a binary search and a short walk back, even when ranges
/// overlap. Serves VLAN subnets (`SubnetIndex`) and load-balancer pools alike.
struct RangeIndex<Element> {
  private let entries: [(range: IPv4Range, element: Element)]
  /// For each position, the highest last address of the ranges up to it.
  private let reach: [UInt32]

  init(_ entries: [(range: IPv4Range, element: Element)]) {
    self.entries = entries.sorted { $0.range.first < $1.range.first }
    var high: UInt32 = 0
    reach = self.entries.map {
      high = max(high, $0.range.last.value)
      return high
    }
  }

  var isEmpty: Bool { entries.isEmpty }

  /// The position of the last range that starts at or before `ip`.
  private func candidate(_ ip: IPv4) -> Int? {
    var lo = 0
    var hi = entries.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if entries[mid].range.first <= ip { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? nil : lo - 1
  }

  /// True when some range holds the address.
  func contains(_ ip: IPv4) -> Bool {
    guard let i = candidate(ip) else { return false }
    return reach[i] >= ip.value
  }

  /// The element of a range holding the address (the one starting last, when several do).
  func element(containing ip: IPv4) -> Element? {
    guard var i = candidate(ip) else { return nil }
    while i >= 0, reach[i] >= ip.value {
      if entries[i].range.contains(ip) { return entries[i].element }
      i -= 1
    }
    return nil
  }

  /// True when one range holds the whole of `range`.
  func containsWhole(_ range: IPv4Range) -> Bool {
    guard let i = candidate(range.first), reach[i] >= range.last.value else { return false }
    return entries[...i].contains { $0.range.contains(range.first) && $0.range.contains(range.last) }
  }
}

/// The lab's VLAN subnets, for "which subnet holds this address" questions.
typealias SubnetIndex = RangeIndex<CIDR>

extension RangeIndex where Element == CIDR {
  init(_ vlans: [VLAN]) {
    self.init(
      vlans.compactMap(\.subnet).map { (IPv4Range(first: $0.first, last: $0.last), $0) })
  }
}
