/// What a live zone holds against what the model says, record set by record set.
public enum DNSDrift {
  /// One difference: `+` the model has it and the server does not, `-` the reverse, `~` the same name
  /// and type with other data or TTL.
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    public var mark: Character
    public var key: String
    public var model: [DNSRecord]
    public var live: [DNSRecord]

    public var description: String {
      switch mark {
      case "+": model.map { "+ \($0)" }.joined(separator: "\n")
      case "-": live.map { "- \($0)" }.joined(separator: "\n")
      default:
        "~ \(key): server has \(live.map { "\($0.ttl) \($0.data)" }.joined(separator: ", ")); "
          + "the model says \(model.map { "\($0.ttl) \($0.data)" }.joined(separator: ", "))"
      }
    }
  }

  /// The changes between the model's records and the live ones (SOA left out of both), sorted by name.
  public static func compare(model: [DNSRecord], live: [DNSRecord]) -> [Change] {
    let want = Dictionary(grouping: model.filter { $0.type != "SOA" }, by: \.key)
    let have = Dictionary(grouping: live.filter { $0.type != "SOA" }, by: \.key)
    var out: [Change] = []
    for key in Set(want.keys).union(have.keys).sorted() {
      let a = (want[key] ?? []).sorted()
      let b = (have[key] ?? []).sorted()
      if b.isEmpty {
        out.append(Change(mark: "+", key: key, model: a, live: []))
      } else if a.isEmpty {
        out.append(Change(mark: "-", key: key, model: [], live: b))
      } else if a != b {
        out.append(Change(mark: "~", key: key, model: a, live: b))
      }
    }
    return out
  }
}
