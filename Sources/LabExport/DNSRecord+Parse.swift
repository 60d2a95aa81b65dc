extension DNSRecord {
  /// Records in presentation format, one per line, as `kdig AXFR` prints them (`owner ttl IN type data`);
  /// comment and blank lines are skipped, SOA records left out (the drift and transfer comparisons ignore
  /// the serial), the result sorted and each record once.
  public static func parse(presentation text: String) -> [DNSRecord] {
    var out = Set<DNSRecord>()
    for line in text.split(separator: "\n") {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard !trimmed.isEmpty, !trimmed.hasPrefix(";") else { continue }
      let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 5, let ttl = Int(fields[1]), fields[2].uppercased() == "IN" else { continue }
      let type = fields[3].uppercased()
      guard type != "SOA" else { continue }
      out.insert(
        DNSRecord(owner: String(fields[0]), type: type, ttl: ttl, data: fields[4...].joined(separator: " ")))
    }
    return out.sorted()
  }
}
