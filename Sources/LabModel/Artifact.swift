/// One output file: a path relative to the output root and its exact bytes. The page renderer
/// produces these, and so will every exporter; one writer puts them on disk.
public struct Artifact: Sendable, Hashable {
  /// Path relative to the output root, e.g. `index.html`, `diagrams/layers.svg`, `api/v1/summary.json`.
  public var path: String
  public var contents: [UInt8]
  /// The media type a server sends it with.
  public var contentType: String

  public init(path: String, contents: [UInt8], contentType: String) {
    self.path = path
    self.contents = contents
    self.contentType = contentType
  }

  public init(path: String, text: String, contentType: String) {
    self.init(path: path, contents: Array(text.utf8), contentType: contentType)
  }
}

/// A set of output files in a stable order (sorted by path), each path once.
public struct ArtifactSet: Sendable, Hashable {
  /// The files, sorted by path.
  public private(set) var files: [Artifact]

  public init(_ files: [Artifact]) {
    var seen = Set<String>()
    self.files = files.sorted { $0.path < $1.path }.filter { seen.insert($0.path).inserted }
  }

  /// The file at `path`, if the set holds it.
  public subscript(path: String) -> Artifact? { files.first { $0.path == path } }

  /// A stable content hash of every path and byte (FNV-1a 64, hex): equal sets, equal hashes.
  public var contentHash: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    for file in files {
      for byte in file.path.utf8 { mix(byte) }
      mix(0)
      for byte in file.contents { mix(byte) }
      mix(0)
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
