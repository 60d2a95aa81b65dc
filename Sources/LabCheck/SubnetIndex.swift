import LabModel

/// The lab's VLAN subnets, sorted for logarithmic "which subnet holds this address" questions.
struct SubnetIndex {
  private let subnets: [CIDR]
  /// For each position, the highest last address of the subnets up to it (they may overlap).
  private let reach: [UInt32]

  init(_ vlans: [VLAN]) {
    subnets = vlans.compactMap { $0.subnet.flatMap(CIDR.init) }.sorted { $0.first < $1.first }
    var high: UInt32 = 0
    reach = subnets.map {
      high = max(high, $0.last.value)
      return high
    }
  }

  var isEmpty: Bool { subnets.isEmpty }

  /// The position of the last subnet that starts at or before `ip`.
  private func candidate(_ ip: IPv4) -> Int? {
    var lo = 0
    var hi = subnets.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if subnets[mid].first <= ip { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? nil : lo - 1
  }

  /// True when some subnet holds the address.
  func contains(_ ip: IPv4) -> Bool {
    guard let i = candidate(ip) else { return false }
    return reach[i] >= ip.value
  }

  /// True when one subnet holds the whole range.
  func containsWhole(_ range: IPv4Range) -> Bool {
    guard let i = candidate(range.first) else { return false }
    if subnets[i].contains(range.first) && subnets[i].contains(range.last) { return true }
    guard reach[i] >= range.last.value else { return false }
    return subnets[...i].contains { $0.contains(range.first) && $0.contains(range.last) }
  }
}
