import Foundation

/// Ansible's host patterns: `name`, `name:port`, `[v6]:port`, and ranges such as
/// `node[01:10]`, `db-[a:f]`, `web[0:10:2]` (`parse_address` + `expand_hostname_range`).
enum HostPattern {
  /// Expands a pattern into host names and an optional port.
  static func expand(_ pattern: String) throws(InventoryMessage) -> (hosts: [String], port: Int?) {
    // Without ':' or '[' there is no port and no range: the name is the pattern, valid or not.
    if !pattern.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "[") }) {
      return ([pattern], nil)
    }
    var name = pattern
    var port: Int?
    if let (host, p) = parseAddress(pattern) {
      name = host
      port = p
    }
    if name.contains("[") { return (try expandRange(name), port) }
    return ([name], port)
  }

  /// `parse_address(allow_ranges=True)`: nil when the text is not a valid host identifier.
  static func parseAddress(_ address: String) -> (String, Int?)? {
    var addr = Substring(address)
    var port: Int?
    // bracketed_hostport: ^\[(.+)\]:([0-9]+)$
    if addr.hasPrefix("["), let close = addr.lastIndex(of: "]"), close > addr.index(after: addr.startIndex) {
      let rest = addr[addr.index(after: close)...]
      if rest.hasPrefix(":"), rest.count > 1, rest.dropFirst().allSatisfy(\.isASCIIDigit) {
        port = Int(rest.dropFirst())
        addr = addr[addr.index(after: addr.startIndex)..<close]
      }
    }
    // hostport: ^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$
    if let colon = addr.lastIndex(of: ":") {
      let digits = addr[addr.index(after: colon)...]
      if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), hostPortHead(addr[..<colon]) {
        port = Int(digits)
        addr = addr[..<colon]
      }
    }
    let host = String(addr)
    guard isIPv4(host) || isIPv6(host) || isHostname(host) else { return nil }
    return (host, port)
  }

  /// Whether the text is `(?:[^:\[\]]|\[[^\]]*\])*`.
  static func hostPortHead(_ s: Substring) -> Bool {
    var inBracket = false
    for c in s {
      if inBracket {
        if c == "]" { inBracket = false }
      } else if c == "[" {
        inBracket = true
      } else if c == ":" || c == "]" {
        return false
      }
    }
    return !inBracket
  }

  static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

  /// A numeric or one-letter range `[a:b]` or `[a:b:step]` starting at `i`; returns the index after it.
  static func range(_ s: [Character], _ i: Int, alpha: Bool, hex: Bool = false) -> Int? {
    guard i < s.count, s[i] == "[" else { return nil }
    func run(_ j: Int, _ ok: (Character) -> Bool) -> Int {
      var k = j
      while k < s.count, ok(s[k]) { k += 1 }
      return k
    }
    let digit: (Character) -> Bool = hex ? { $0.isHexDigit && $0.isASCII } : { $0.isASCIIDigit }
    var j = i + 1
    if alpha, j + 2 < s.count, s[j].isASCIILowercaseLetter, s[j + 1] == ":", s[j + 2].isASCIILowercaseLetter {
      j += 3
    } else {
      let a = run(j, digit)
      guard a > j, a < s.count, s[a] == ":" else { return nil }
      let b = run(a + 1, digit)
      guard b > a + 1 else { return nil }
      j = b
    }
    if j < s.count, s[j] == ":" {
      let k = run(j + 1, \.isASCIIDigit)
      guard k > j + 1 else { return nil }
      j = k
    }
    guard j < s.count, s[j] == "]" else { return nil }
    return j + 1
  }

  static func isHostname(_ host: String) -> Bool {
    let s = Array(host)
    var i = 0
    func label() -> Bool {
      let start = i
      guard i < s.count else { return false }
      if isWord(s[i]) {
        i += 1
      } else if let r = range(s, i, alpha: true) {
        i = r
      } else {
        return false
      }
      while i < s.count {
        if isWord(s[i]) || s[i] == "-" {
          i += 1
        } else if let r = range(s, i, alpha: true) {
          i = r
        } else {
          break
        }
      }
      let last = s[i - 1]
      _ = start
      return last != "-" && last != "_"
    }
    guard label() else { return false }
    while i < s.count, s[i] == "." {
      i += 1
      guard label() else { return false }
    }
    return i == s.count
  }

  static func isIPv4(_ host: String) -> Bool {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return false }
    return parts.allSatisfy { p in
      let chars = Array(p)
      if let r = range(chars, 0, alpha: false), r == chars.count { return true }
      guard (1...3).contains(p.count), p.allSatisfy(\.isASCIIDigit) else { return false }
      if p.count == 3, let v = Int(p) { return p.first! <= "1" || v <= 255 }
      return true
    }
  }

  static func isIPv6(_ host: String) -> Bool {
    guard host.contains(":") else { return false }
    let lower = host.lowercased()
    func component(_ c: Substring) -> Bool {
      let chars = Array(c)
      if let r = range(chars, 0, alpha: false, hex: true), r == chars.count { return true }
      return (1...4).contains(c.count) && c.allSatisfy { $0.isHexDigit && $0.isASCII }
    }
    if lower.contains(".") {
      // embedded IPv4 forms
      guard let lastColon = lower.lastIndex(of: ":") else { return false }
      let v4 = String(lower[lower.index(after: lastColon)...])
      let head = String(lower[...lastColon])
      guard isIPv4(v4) else { return false }
      return head == "::" || head == "::ffff:" || head == "0:0:0:0:0:0:" || head == "0:0:0:0:0:ffff:"
    }
    let halves = lower.components(separatedBy: "::")
    if halves.count > 2 { return false }
    if halves.count == 1 {
      let parts = lower.split(separator: ":", omittingEmptySubsequences: false)
      return parts.count == 8 && parts.allSatisfy(component)
    }
    let left = halves[0].isEmpty ? [] : halves[0].split(separator: ":", omittingEmptySubsequences: false)
    let right = halves[1].isEmpty ? [] : halves[1].split(separator: ":", omittingEmptySubsequences: false)
    guard left.allSatisfy(component), right.allSatisfy(component) else { return false }
    return left.count + right.count <= 7
  }

  /// `expand_hostname_range`: the first `[begin:end(:step)]` expanded, then the rest (Ansible
  /// recurses on each name; the ranges after the first are the same for every name, so they are
  /// read once here). The names are counted before any is built: more than
  /// `InventoryLimits.hostsPerPattern` is an error.
  static func expandRange(_ line: String) throws(InventoryMessage) -> [String] {
    // Ansible splits on '|' after turning the first '[' and ']' into it: any '|' is one too many.
    if line.contains("|") { throw InventoryMessage("too many values to unpack (expected 3)") }
    var parts: [(head: String, values: Values)] = []
    var rest = Substring(line)
    var (total, overflow) = (1, false)
    while let (head, values, tail) = try firstRange(rest) {
      // Ansible expands nothing further (and finds no error further on) once a range is empty.
      if values.count == 0 { return [] }
      let product = total.multipliedReportingOverflow(by: values.count)
      (total, overflow) = (product.partialValue, overflow || product.overflow)
      parts.append((head, values))
      rest = tail
    }
    guard !overflow, total <= InventoryLimits.hostsPerPattern else {
      let count = overflow ? "more than \(Int.max)" : "\(total)"
      throw InventoryMessage(
        "the host pattern '\(line)' would expand to \(count) hosts; "
          + "expected at most \(InventoryLimits.hostsPerPattern) per pattern (labctl's limit)")
    }
    var out = [""]
    for (head, values) in parts {
      var next: [String] = []
      next.reserveCapacity(out.count * values.count)
      for prefix in out {
        for k in 0..<values.count { next.append(prefix + head + values.text(k)) }
      }
      out = next
    }
    return out.map { $0 + rest }
  }

  /// The values of one range, computed on demand.
  struct Values {
    var count: Int
    var text: (Int) -> String
  }

  /// The text before the first range, its values, and the text after it; nil without a `[`.
  static func firstRange(_ line: Substring) throws(InventoryMessage) -> (String, Values, Substring)? {
    guard let open = line.firstIndex(of: "[") else { return nil }
    let afterOpen = line.index(after: open)
    guard let close = line[afterOpen...].firstIndex(of: "]") ?? (line[..<open].firstIndex(of: "]")) else {
      throw InventoryMessage("not enough values to unpack (expected 3, got 2)")
    }
    guard close > open else { throw InventoryMessage("not enough values to unpack (expected 3, got 2)") }
    let head = String(line[..<open])
    let nrange = String(line[afterOpen..<close])
    let tail = line[line.index(after: close)...]
    let bounds = nrange.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard bounds.count == 2 || bounds.count == 3 else {
      throw InventoryMessage("host range must be begin:end or begin:end:step")
    }
    let beg = bounds[0].isEmpty ? "0" : bounds[0]
    let end = bounds[1]
    let step = bounds.count == 3 ? bounds[2] : "1"
    guard !end.isEmpty else { throw InventoryMessage("host range must specify end value") }
    var width = 0
    if beg.hasPrefix("0"), beg.count > 1 {
      width = beg.count
      guard width == end.count else {
        throw InventoryMessage("host range must specify equal-length begin and end formats")
      }
    }
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    let lettersText = String(letters)
    if let ib = lettersText.range(of: beg), let ie = lettersText.range(of: end), let st = pythonInt(step), st != 0 {
      let b = lettersText.distance(from: lettersText.startIndex, to: ib.lowerBound)
      let e = lettersText.distance(from: lettersText.startIndex, to: ie.lowerBound)
      if b > e { throw InventoryMessage("host range must have begin <= end") }
      // A negative step gives nothing, as Ansible's letters[b:e+1:step] does.
      let seq = st > 0 ? stride(from: b, through: e, by: st).map { String(letters[$0]) } : []
      return (head, Values(count: seq.count) { seq[$0] }, tail)
    }
    guard let b = pythonInt(beg) else { throw InventoryMessage("invalid literal for int() with base 10: '\(beg)'") }
    guard let e = pythonInt(end) else { throw InventoryMessage("invalid literal for int() with base 10: '\(end)'") }
    guard let st = pythonInt(step) else {
      throw InventoryMessage("invalid literal for int() with base 10: '\(step)'")
    }
    guard st != 0 else { throw InventoryMessage("range() arg 3 must not be zero") }
    // range(b, e + 1, st), counted without building it.
    var count = 0
    if st > 0, b <= e {
      let (span, overflow) = e.subtractingReportingOverflow(b)
      count = overflow ? Int.max : span / st + 1
    } else if st < 0, b > e + 1 {
      let (span, overflow) = b.subtractingReportingOverflow(e + 2)
      count = overflow ? Int.max : span / -st + 1
    }
    func fill(_ s: String) -> String {
      s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    return (head, Values(count: count) { fill(String(b + $0 * st)) }, tail)
  }

  /// Python's `int(text)` for base 10: optional sign and spaces, digits with single underscores.
  static func pythonInt(_ text: String) -> Int? {
    let t = text.trimmingCharacters(in: .whitespaces)
    var body = Substring(t)
    var negative = false
    if let f = body.first, f == "+" || f == "-" {
      negative = f == "-"
      body = body.dropFirst()
    }
    guard let first = body.first, first.isASCIIDigit, let last = body.last, last.isASCIIDigit,
      !body.contains("__"), body.allSatisfy({ $0.isASCIIDigit || $0 == "_" }),
      let v = Int(body.replacingOccurrences(of: "_", with: ""))
    else { return nil }
    return negative ? -v : v
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
  var isASCIILowercaseLetter: Bool { isASCII && isLetter }
}
