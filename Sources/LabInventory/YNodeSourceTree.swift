import LabModel

/// A parsed spec document as a `SourceTree`: a dotted path is found by walking the tree, so nothing is
/// recorded per key while the spec is read. Mappings of more than `indexedPairs` keys (a lab's machines,
/// services, apps) get an index at construction; smaller ones are scanned.
///
/// A key may itself hold dots (`host.example.com`): each step tries the shortest run of path segments that
/// names a key, then longer ones.
public final class YNodeSourceTree: SourceTree {
  public let file: String
  let root: YNode
  /// Path of a large mapping → its keys → the pair's index.
  let index: [String: [String: Int]]

  static let indexedPairs = 16

  public init(_ root: YNode, file: String) {
    self.root = root
    self.file = file
    var index: [String: [String: Int]] = [:]
    var segments: [String] = []
    func walk(_ node: YNode) {
      switch node.kind {
      case .scalar: return
      case .sequence(let items):
        for (i, item) in items.enumerated() where !item.isScalar {
          segments.append(String(i))
          walk(item)
          segments.removeLast()
        }
      case .mapping(let pairs):
        if pairs.count > Self.indexedPairs {
          var keys: [String: Int] = [:]
          keys.reserveCapacity(pairs.count)
          for (i, pair) in pairs.enumerated() { if let k = pair.key.keyText, keys[k] == nil { keys[k] = i } }
          index[segments.joined(separator: ".")] = keys
        }
        for pair in pairs where !pair.value.isScalar {
          guard let k = pair.key.keyText else { continue }
          segments.append(k)
          walk(pair.value)
          segments.removeLast()
        }
      }
    }
    walk(root)
    self.index = index
  }

  func location(_ node: YNode) -> SourceLocation { SourceLocation(file: file, line: node.line, column: node.column) }

  public func locate(_ path: String) -> (key: SourceLocation?, value: SourceLocation)? {
    if path.isEmpty { return (nil, location(root)) }
    let segments = path.split(separator: ".", omittingEmptySubsequences: false)
    return locate(root, at: "", segments[...], key: nil)
  }

  /// Walks from `node` (at `here`, a dotted path) along the remaining segments.
  private func locate(
    _ node: YNode, at here: String, _ rest: ArraySlice<Substring>, key: YNode?
  ) -> (key: SourceLocation?, value: SourceLocation)? {
    guard let first = rest.first else { return (key.map(location), location(node)) }
    switch node.kind {
    case .scalar: return nil
    case .sequence(let items):
      guard let i = Int(first), items.indices.contains(i) else { return nil }
      return locate(items[i], at: join(here, String(first)), rest.dropFirst(), key: nil)
    case .mapping(let pairs):
      let keys = index[here]
      var name = ""
      var used = rest.startIndex
      while used < rest.endIndex {
        name = used == rest.startIndex ? String(rest[used]) : name + "." + rest[used]
        used += 1
        let found: Int? = keys.map { $0[name] } ?? pairs.firstIndex { $0.key.keyText == name }
        if let i = found, let hit = locate(pairs[i].value, at: join(here, name), rest[used...], key: pairs[i].key) {
          return hit
        }
      }
      return nil
    }
  }

  private func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : a + "." + b }
}

extension YNode {
  var isScalar: Bool {
    if case .scalar = kind { return true }
    return false
  }

  /// A key as the spec's paths name it: its text as written.
  var keyText: String? {
    switch kind {
    case .scalar(.string(let s)): return s
    case .scalar(.null): return ""
    case .scalar(.bool(let b)): return b ? "true" : "false"
    case .scalar(let v): return PythonJSON.keyText(v)
    default: return nil
    }
  }
}
