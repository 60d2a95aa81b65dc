/// One resource record, names absolute (`ed-n1.lab.internal.`), as a zone file and an AXFR both state it.
public struct DNSRecord: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var owner: String
  public var type: String
  public var ttl: Int
  public var data: String

  public init(owner: String, type: String, ttl: Int, data: String) {
    self.owner = owner.lowercased()
    self.type = type.uppercased()
    self.ttl = ttl
    self.data = data
  }

  /// Name and type: what identifies a record set for drift (`~` when only the data or TTL differ).
  public var key: String { "\(owner) \(type)" }

  public var description: String { "\(owner) \(ttl) IN \(type) \(data)" }

  public static func < (a: DNSRecord, b: DNSRecord) -> Bool {
    (a.owner, DNSZone.typeOrder(a.type), a.data) < (b.owner, DNSZone.typeOrder(b.type), b.data)
  }
}

/// One zone labctl exports: its origin, the SOA's fixed fields and its records (SOA excluded).
public struct DNSZone: Sendable, Hashable {
  /// Absolute origin, `lab.internal.` or `0.30.10.in-addr.arpa.`.
  public var origin: String
  /// The primary name server (SOA MNAME), absolute.
  public var primary: String
  /// The responsible mailbox (SOA RNAME), absolute.
  public var mailbox: String
  public var ttl: Int
  /// Every record but the SOA, sorted.
  public var records: [DNSRecord]

  /// The file it is written to under the output root.
  public var path: String { "zones/\(origin.dropLast()).zone" }

  static func typeOrder(_ type: String) -> Int { ["SOA": 0, "NS": 1, "A": 2, "AAAA": 3, "CNAME": 4][type] ?? 9 }

  /// The zone file text with a given SOA serial.
  public func text(serial: UInt32) -> String {
    var lines = [
      "; \(origin) — exported by labctl from lab.yaml; edit lab.yaml, not this file.",
      "$ORIGIN \(origin)",
      "$TTL \(ttl)",
      "@ IN SOA \(primary) \(mailbox) ( \(serial) 3600 600 1209600 300 )",
    ]
    // The apex's records (NS) first, then the names in order.
    for record in records.filter({ $0.owner == origin }) + records.filter({ $0.owner != origin }) {
      lines.append("\(relative(record.owner)) \(record.ttl) IN \(record.type) \(record.data)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func relative(_ name: String) -> String {
    if name == origin { return "@" }
    return name.hasSuffix("." + origin) ? String(name.dropLast(origin.count + 1)) : name
  }

  /// The serial a zone file states on its SOA line, if it is one labctl wrote.
  static func serial(in text: String) -> UInt32? {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("@ IN SOA ") }),
      let open = line.firstIndex(of: "(")
    else { return nil }
    return line[line.index(after: open)...].split(separator: " ").first.flatMap { UInt32($0) }
  }
}
