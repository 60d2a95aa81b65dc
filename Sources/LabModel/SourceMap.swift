/// Where each key and value of the spec was declared.
///
/// Paths are dotted: `clusters.prod.nodes.ed-n1`; sequence items use their index:
/// `firewall.allow.0.from`.
///
/// Most of it is answered from the parsed documents themselves (`SourceTree`), which the map keeps instead
/// of one entry per key and value: a lab of 100,000 machines would otherwise build and hash a million path
/// strings that hardly any diagnostic asks for. Positions recorded one by one (`record`) are asked first.
public struct SourceMap: Sendable {
  private var keys: [String: SourceLocation] = [:]
  private var values: [String: SourceLocation] = [:]
  private var trees: [any SourceTree] = []
  /// The file a path falls back to when nothing more exact is known.
  public var file: String

  public init(file: String = "lab.yaml") { self.file = file }

  public mutating func record(key path: String, at location: SourceLocation) {
    keys[path] = location
  }

  public mutating func record(value path: String, at location: SourceLocation) {
    values[path] = location
  }

  /// Answers every path the document holds (after what was recorded one by one).
  public mutating func add(_ tree: any SourceTree) { trees.append(tree) }

  /// Where the value at exactly `path` was declared, without falling back to a parent.
  public func exactValue(_ path: String) -> SourceLocation? {
    if let l = values[path] { return l }
    for tree in trees { if let found = tree.locate(path) { return found.value } }
    return nil
  }

  /// Where the value at `path` was declared, or its nearest declared parent.
  public func value(_ path: String) -> SourceLocation? {
    var p = Substring(path)
    while true {
      if let l = exactValue(String(p)) { return l }
      guard let dot = p.lastIndex(of: ".") else { return nil }
      p = p[..<dot]
    }
  }

  /// Where the key at `path` was written, or the nearest declared parent.
  public func key(_ path: String) -> SourceLocation? {
    if let l = keys[path] { return l }
    for tree in trees { if let found = tree.locate(path), let key = found.key { return key } }
    return value(path)
  }

  /// Merges another file's map (a talconfig, the inventory) into this one.
  public mutating func merge(_ other: SourceMap) {
    keys.merge(other.keys) { a, _ in a }
    values.merge(other.values) { a, _ in a }
    trees += other.trees
  }
}

/// A parsed document that says where each of its paths is written.
public protocol SourceTree: Sendable {
  /// The key's position (nil for the root and sequence items) and the value's, for exactly `path`.
  func locate(_ path: String) -> (key: SourceLocation?, value: SourceLocation)?
}
