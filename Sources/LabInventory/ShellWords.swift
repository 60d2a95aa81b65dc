/// Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible uses to split
/// an INI host line into the host pattern and its `key=value` variables.
enum ShellWords {
  static func split(_ line: String) throws(InventoryMessage) -> [String] {
    let u = line.utf8
    if !u.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0x5C || $0 == 0x23 || $0 == 0x0D || $0 == 0x0A }) {
      return u.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { String(decoding: $0, as: UTF8.self) }
    }
    var tokens: [String] = []
    var token = ""
    var quoted = false
    var inToken = false
    var quote: Character?
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      if let q = quote {
        if c == q {
          quote = nil
        } else if c == "\\", q == "\"" {
          guard let n = chars.popFirst() else { throw InventoryMessage("No escaped character") }
          if n != "\"" && n != "\\" { token.append("\\") }
          token.append(n)
        } else {
          token.append(c)
        }
        continue
      }
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        if inToken || quoted { tokens.append(token) }
        token = ""
        inToken = false
        quoted = false
      } else if c == "#" {
        break
      } else if c == "'" || c == "\"" {
        quote = c
        quoted = true
        inToken = true
      } else if c == "\\" {
        guard let n = chars.popFirst() else { throw InventoryMessage("No escaped character") }
        token.append(n)
        inToken = true
      } else {
        token.append(c)
        inToken = true
      }
    }
    if quote != nil { throw InventoryMessage("No closing quotation") }
    if inToken || quoted { tokens.append(token) }
    return tokens
  }
}
