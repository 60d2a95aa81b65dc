/// Reason chains: merging, so a site that takes ten nodes reads as one line.
enum Chains {
  /// Drops duplicates and merges chains that differ only in a last `X down` step:
  /// `[a down, b down]` and `[a down, c down]` become `[a down, b, c down]`.
  static func merge(_ chains: [[String]], limit: Int = 6) -> [[String]] {
    var seen = Set<[String]>()
    var groups: [(prefix: [String], suffix: String, lasts: [String])] = []
    var plain: [[String]] = []
    for chain in chains where seen.insert(chain).inserted {
      guard let last = chain.last, !last.contains(", "),
        let suffix = [" down", " cut off"].first(where: { last.hasSuffix($0) })
      else {
        plain.append(chain)
        continue
      }
      let prefix = Array(chain.dropLast())
      let name = String(last.dropLast(suffix.count))
      if let g = groups.firstIndex(where: { $0.prefix == prefix && $0.suffix == suffix }) {
        groups[g].lasts.append(name)
      } else {
        groups.append((prefix, suffix, [name]))
      }
    }
    var out = groups.map { g -> [String] in
      let names =
        g.lasts.count > 5
        ? g.lasts.prefix(5).joined(separator: ", ") + " and \(g.lasts.count - 5) more"
        : g.lasts.joined(separator: ", ")
      return g.prefix + [names + g.suffix]
    }
    out += plain
    if out.count > limit {
      let more = out.count - limit + 1
      out = Array(out.prefix(limit - 1)) + [["\(more) more causes"]]
    }
    return out
  }
}
