/// A bounded input for `nft -j list ruleset` JSON, checked before any parser sees it: at most `maxBytes`,
/// nested at most `maxDepth` deep, at most `maxValues` arrays, objects and items in all. nft's own output of
/// a large router nests about ten deep; the bounds keep a hostile file from costing more than its size.
public struct NftInputLimits: Sendable {
  public var maxBytes: Int
  public var maxDepth: Int
  public var maxValues: Int

  public init(maxBytes: Int = 32 << 20, maxDepth: Int = 64, maxValues: Int = 2_000_000) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
    self.maxValues = maxValues
  }

  public static let standard = NftInputLimits()
}

/// An input that is not a readable `nft -j list ruleset` document, with where it is.
public struct NftInputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file the JSON came from (`ruleset.json`, or `<stdin>`).
  public var source: String
  public var line: Int?
  public var column: Int?
  public var message: String

  public init(source: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.source = source
    self.line = line
    self.column = column
    self.message = message
  }

  /// The input past `limit` bytes.
  public static func tooLarge(_ source: String, limit: Int) -> NftInputError {
    NftInputError(
      source: source,
      message: "the input is larger than \(limit >> 20) MiB (nft -j list ruleset of a large router is a few)")
  }

  /// `ruleset.json:3:17: error: …`, as every diagnostic of labctl reads.
  public var description: String {
    let place = [line, column].compactMap { $0 }.map { ":\($0)" }.joined()
    return "\(source)\(place): error: \(message)"
  }
}
