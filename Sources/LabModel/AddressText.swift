/// Finds address-like tokens in free text: IPv4 with an optional prefix length, IPv6 in any of its forms,
/// a MAC with `:`, `-` or Cisco dots. The one recognizer behind the public audience's redaction
/// (`PublicRedaction` in LabRender) and the `public-leak` rule.
///
/// Deliberately lenient where a typo is still an address (`10.300.0.0/33` counts: it is what a bad
/// edit of a subnet looks like), and strict where words could be mistaken for one (`12:30:45`, `std::map`
/// and `deadbeef` do not).
public enum AddressText {
  /// What the public audience shows in place of an address.
  public static let redacted = "[redacted]"

  /// `text` with every address-like token replaced by `placeholder`.
  public static func replacingAddresses(in text: String, with placeholder: String) -> String {
    let chars = Array(text.utf8)
    // Fast exit: every address form holds a `.`, `:` or `-`.
    guard chars.contains(where: { $0 == dot || $0 == colon || $0 == dash }) else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count)
    var i = 0
    var changed = false
    while i < chars.count {
      if startsToken(chars, i), let end = addressEnd(chars, from: i) {
        out += Array(placeholder.utf8)
        i = end
        changed = true
      } else {
        out.append(chars[i])
        i += 1
      }
    }
    return changed ? String(decoding: out, as: UTF8.self) : text
  }

  /// Whether `text` holds an address-like token.
  public static func containsAddress(_ text: String) -> Bool {
    // Fast exit, without copying the text: every address form holds a `.`, `:` or `-`.
    guard text.utf8.contains(where: { $0 == dot || $0 == colon || $0 == dash }) else { return false }
    let chars = Array(text.utf8)
    for i in chars.indices where startsToken(chars, i) && addressEnd(chars, from: i) != nil { return true }
    return false
  }

  private static let dot = UInt8(ascii: "."), colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-")
  private static let slash = UInt8(ascii: "/"), percent = UInt8(ascii: "%")

  private static func isHex(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
  }
  private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  private static func isWord(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_")
  }

  /// An address may start at `i` when what precedes it is not part of a word (`:` and `.` may precede
  /// it: `key:10.0.0.1`; an address that starts earlier has been consumed whole by then).
  private static func startsToken(_ chars: [UInt8], _ i: Int) -> Bool {
    guard isHex(chars[i]) || chars[i] == colon else { return false }
    return i == 0 || !isWord(chars[i - 1])
  }

  /// The end of the longest address starting at `i` that is followed by no word character, with its
  /// `/prefix` or `%zone`; nil when none starts there.
  private static func addressEnd(_ chars: [UInt8], from i: Int) -> Int? {
    var runEnd = i
    while runEnd < chars.count, runEnd - i < 64,
      isHex(chars[runEnd]) || chars[runEnd] == colon || chars[runEnd] == dot || chars[runEnd] == dash
    {
      runEnd += 1
    }
    var end = runEnd
    while end > i + 1 {
      let candidate = chars[i..<end]
      if let kind = kind(of: candidate) {
        var stop = end
        if kind != .mac, stop < chars.count, chars[stop] == slash, stop + 1 < chars.count, isDigit(chars[stop + 1]) {
          stop += 1
          while stop < chars.count, isDigit(chars[stop]) { stop += 1 }
        }
        if kind == .ipv6, stop < chars.count, chars[stop] == percent {
          stop += 1
          while stop < chars.count, isWord(chars[stop]) { stop += 1 }
        }
        if stop >= chars.count || !isWord(chars[stop]) { return stop }
      }
      end -= 1
    }
    return nil
  }

  private enum Kind { case ipv4, ipv6, mac }

  private static func kind(of token: ArraySlice<UInt8>) -> Kind? {
    if isIPv4(token) { return .ipv4 }
    if isMAC(token) { return .mac }
    if isIPv6(token) { return .ipv6 }
    return nil
  }

  /// Four groups of one to three digits (no range check: `10.300.0.1` is a mistyped address, still one).
  private static func isIPv4(_ token: ArraySlice<UInt8>) -> Bool {
    guard (7...15).contains(token.count) else { return false }
    let groups = token.split(separator: dot, omittingEmptySubsequences: false)
    return groups.count == 4 && groups.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(isDigit) }
  }

  /// Six pairs of hex digits joined by one of `:` or `-`, or three quads joined by `.`.
  private static func isMAC(_ token: ArraySlice<UInt8>) -> Bool {
    guard token.count == 17 || token.count == 14 else { return false }
    for separator in [colon, dash] {
      let groups = token.split(separator: separator, omittingEmptySubsequences: false)
      if groups.count == 6, groups.allSatisfy({ $0.count == 2 && $0.allSatisfy(isHex) }) { return true }
    }
    let quads = token.split(separator: dot, omittingEmptySubsequences: false)
    return quads.count == 3 && quads.allSatisfy { $0.count == 4 && $0.allSatisfy(isHex) }
      && token.contains(where: isDigit)
  }

  /// Groups of one to four hex digits joined by `:`: eight of them, or fewer with a `::` (even a mistyped
  /// second one), the last two optionally written as an IPv4 address; it must hold a digit.
  private static func isIPv6(_ token: ArraySlice<UInt8>) -> Bool {
    guard token.contains(colon), token.contains(where: isDigit) else { return false }
    var groups = token.split(separator: colon, omittingEmptySubsequences: false)
    var count = 0
    if let last = groups.last, last.contains(dot) {
      guard isIPv4(last) else { return false }
      groups.removeLast()
      count = 2
      guard !groups.isEmpty else { return false }
    } else if token.contains(dot) {
      return false
    }
    let compressed = token.count >= 2 && zip(token, token.dropFirst()).contains { $0 == colon && $1 == colon }
    var empty = 0
    for group in groups {
      if group.isEmpty {
        empty += 1
        continue
      }
      guard group.count <= 4, group.allSatisfy(isHex) else { return false }
      count += 1
    }
    if compressed { return count <= 7 && count >= 1 }
    return empty == 0 && count == 8
  }
}
