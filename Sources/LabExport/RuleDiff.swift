/// One chain's rules, the model's against the router's: those only one side has (as a multiset: each extra
/// copy counts), and those both have but in another order.
struct RuleDiff {
  /// The model's rules the router lacks, in the model's order.
  var missing: [NftRule] = []
  /// The router's rules the model lacks, in the router's order.
  var extra: [NftRule] = []
  /// Common rules out of place: the rule and its 1-based position in each chain.
  var moved: [(rule: NftRule, model: Int, live: Int)] = []

  init(model: [NftRule], live: [NftRule]) {
    let modelKeys = model.map(\.key)
    let liveKeys = live.map(\.key)
    let modelCount = modelKeys.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
    let liveCount = liveKeys.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
    // The k-th copy of a rule on one side pairs with the k-th copy on the other, if there is one.
    var common: [String: Int] = [:]  // "k#key" → index into modelCommon
    var modelCommon: [Int] = []  // positions in `model` of the common rules, in model order
    var seen: [String: Int] = [:]
    for (position, key) in modelKeys.enumerated() {
      let copy = seen[key, default: 0]
      seen[key] = copy + 1
      if copy < liveCount[key, default: 0] {
        common["\(copy)#\(key)"] = modelCommon.count
        modelCommon.append(position)
      } else {
        missing.append(model[position])
      }
    }
    seen = [:]
    var order: [(index: Int, live: Int)] = []  // the common rules in live order: their index in modelCommon
    for (position, key) in liveKeys.enumerated() {
      let copy = seen[key, default: 0]
      seen[key] = copy + 1
      if copy < modelCount[key, default: 0], let index = common["\(copy)#\(key)"] {
        order.append((index, position))
      } else {
        extra.append(live[position])
      }
    }
    let kept = Self.longestIncreasing(order.map(\.index))
    for (offset, entry) in order.enumerated() where !kept.contains(offset) {
      let position = modelCommon[entry.index]
      moved.append((model[position], position + 1, entry.live + 1))
    }
    moved.sort { $0.model < $1.model }
  }

  /// The offsets of one longest strictly increasing subsequence of `values` (patience sorting, n log n).
  static func longestIncreasing(_ values: [Int]) -> Set<Int> {
    var tails: [Int] = []  // offsets into values: the smallest tail of each length
    var previous = [Int](repeating: -1, count: values.count)
    for (offset, value) in values.enumerated() {
      var low = 0
      var high = tails.count
      while low < high {
        let middle = (low + high) / 2
        if values[tails[middle]] < value { low = middle + 1 } else { high = middle }
      }
      if low > 0 { previous[offset] = tails[low - 1] }
      if low == tails.count { tails.append(offset) } else { tails[low] = offset }
    }
    var out = Set<Int>()
    var cursor = tails.last ?? -1
    while cursor >= 0 {
      out.insert(cursor)
      cursor = previous[cursor]
    }
    return out
  }
}
