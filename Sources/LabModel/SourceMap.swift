/// Where each key and value of the spec was declared.
///
/// Paths are dotted: `clusters.prod.nodes.ed-n1`; sequence items use their index:
/// `firewall.allow.0.from`.
public struct SourceMap: Sendable, Hashable {
  public private(set) var keys: [String: SourceLocation] = [:]
  public private(set) var values: [String: SourceLocation] = [:]
  /// The file a path falls back to when nothing more exact is known.
  public var file: String

  public init(file: String = "lab.yaml") { self.file = file }

  public mutating func record(key path: String, at location: SourceLocation) {
    keys[path] = location
  }

  public mutating func record(value path: String, at location: SourceLocation) {
    values[path] = location
  }

  /// Where the value at `path` was declared, or its nearest declared parent.
  public func value(_ path: String) -> SourceLocation? {
    var p = Substring(path)
    while true {
      if let l = values[String(p)] { return l }
      guard let dot = p.lastIndex(of: ".") else { return nil }
      p = p[..<dot]
    }
  }

  /// Where the key at `path` was written, or the nearest declared parent.
  public func key(_ path: String) -> SourceLocation? {
    keys[path] ?? value(path)
  }

  /// Merges another file's map (a talconfig, the inventory) into this one.
  public mutating func merge(_ other: SourceMap) {
    keys.merge(other.keys) { a, _ in a }
    values.merge(other.values) { a, _ in a }
  }
}
