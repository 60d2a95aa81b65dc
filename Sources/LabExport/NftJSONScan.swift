/// One linear pass over the bytes: the nesting depth and value count (outside strings), and where each item
/// of the document's first array (the `nftables` list) begins, to locate a later error by its index.
struct NftJSONScan {
  var itemStarts: [Int] = []
  let bytes: [UInt8]

  init(_ bytes: [UInt8], source: String, limits: NftInputLimits) throws {
    self.bytes = bytes
    guard bytes.count <= limits.maxBytes else { throw NftInputError.tooLarge(source, limit: limits.maxBytes) }
    var depth = 0
    var values = 0
    var inString = false
    var escaped = false
    var listDepth: Int? = nil
    var expectItem = false
    for (offset, byte) in bytes.enumerated() {
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      let blank = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
      if expectItem && !blank {
        expectItem = false
        if byte != UInt8(ascii: "]") { itemStarts.append(offset) }
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        values += 1
        guard depth <= limits.maxDepth else {
          let (line, column) = Self.position(of: offset, in: bytes)
          throw NftInputError(
            source: source, line: line, column: column,
            message: "nested deeper than \(limits.maxDepth) levels (nft -j list ruleset nests about 10)")
        }
        if byte == UInt8(ascii: "["), depth == 2, listDepth == nil {
          listDepth = depth
          expectItem = true
        }
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        if depth == listDepth { listDepth = -1 }
        depth -= 1
      case UInt8(ascii: ","):
        values += 1
        if depth == listDepth { expectItem = true }
      default: break
      }
      guard values <= limits.maxValues else {
        let (line, column) = Self.position(of: offset, in: bytes)
        throw NftInputError(
          source: source, line: line, column: column,
          message: "more than \(limits.maxValues) values (arrays, objects and items); not a router's ruleset")
      }
    }
  }

  /// Where item `index` of the `nftables` list begins, as a line and column (1-based).
  func position(ofItem index: Int) -> (line: Int, column: Int)? {
    guard itemStarts.indices.contains(index) else { return nil }
    return Self.position(of: itemStarts[index], in: bytes)
  }

  /// The 1-based line and column (in characters, not bytes) of a byte offset.
  static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}
