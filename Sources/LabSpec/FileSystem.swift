import Foundation

/// The file reads the loaders need, behind a protocol so tests can use memory.
public protocol FileSystem: Sendable {
  /// The text of the file at `path`.
  func read(_ path: String) throws(SpecIOError) -> String
  /// Names of the entries of a directory, sorted.
  func list(_ path: String) throws(SpecIOError) -> [String]
  /// Whether `path` exists, and whether it is a directory.
  func kind(_ path: String) -> FileKind?
  /// What `path` names once symbolic links are followed (device and inode), so walks can
  /// see a directory they are already in; nil when unknown.
  func identity(_ path: String) -> FileIdentity?
}

extension FileSystem {
  /// Unknown by default: file systems without links (such as memory) need none.
  public func identity(_ path: String) -> FileIdentity? { nil }
}

/// A file's identity: the device and inode `stat` reports for it.
public struct FileIdentity: Sendable, Hashable {
  public var device: UInt64
  public var inode: UInt64

  public init(device: UInt64, inode: UInt64) {
    self.device = device
    self.inode = inode
  }
}

/// What a path names.
public enum FileKind: Sendable, Equatable {
  case file, directory
}

/// A file could not be read.
public struct SpecIOError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  /// Where in the file the problem is, when it is in its bytes (1-based, columns in characters).
  public var line: Int?
  public var column: Int?

  public init(path: String, reason: String, line: Int? = nil, column: Int? = nil) {
    self.path = path
    self.reason = reason
    self.line = line
    self.column = column
  }

  public var description: String {
    guard let line, let column else { return "\(path): error: \(reason)" }
    return "\(path): error: \(reason) (line \(line), column \(column))"
  }
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
  public init() {}

  public func read(_ path: String) throws(SpecIOError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason =
        kind(path) == .directory ? "is a directory, expected a file" : "cannot read the file (does it exist?)"
      throw SpecIOError(path: path, reason: reason)
    }
    return try Self.decodeUTF8(data, path: path)
  }

  /// The text of UTF-8 bytes, a byte-order mark kept as the character it is; bytes that are
  /// not UTF-8 are an error at the line and column of the first of them.
  static func decodeUTF8(_ data: Data, path: String) throws(SpecIOError) -> String {
    if let text = String(validating: data, as: UTF8.self) { return text }
    var (line, column, offset) = (1, 1, 0)
    var bytes = data.makeIterator()
    var decoder = UTF8()
    while case .scalarValue(let scalar) = decoder.decode(&bytes) {
      offset += UTF8.width(scalar)
      (line, column) = scalar == "\n" ? (line + 1, 1) : (line, column + 1)
    }
    let byte = data[data.startIndex + min(offset, data.count - 1)]
    throw SpecIOError(
      path: path, reason: "the byte 0x\(String(byte, radix: 16, uppercase: true)) is not UTF-8; expected UTF-8 text",
      line: line, column: column)
  }

  public func list(_ path: String) throws(SpecIOError) -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    } catch {
      throw SpecIOError(path: path, reason: "cannot list the directory")
    }
  }

  public func identity(_ path: String) -> FileIdentity? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
  }

  public func kind(_ path: String) -> FileKind? {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
    return isDir.boolValue ? .directory : .file
  }
}

/// Files held in memory, for tests.
public struct MemoryFileSystem: FileSystem {
  public var files: [String: String]

  public init(_ files: [String: String]) { self.files = files }

  public func read(_ path: String) throws(SpecIOError) -> String {
    guard let text = files[path] else { throw SpecIOError(path: path, reason: "no such file") }
    return text
  }

  public func list(_ path: String) throws(SpecIOError) -> [String] {
    let prefix = path.hasSuffix("/") ? path : path + "/"
    let names = Set(
      files.keys.filter { $0.hasPrefix(prefix) }.map {
        String($0.dropFirst(prefix.count).prefix { $0 != "/" })
      })
    return names.sorted()
  }

  public func kind(_ path: String) -> FileKind? {
    if files[path] != nil { return .file }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
  }
}

/// Joins path components the way a user would write them.
func joinPath(_ base: String, _ rest: String) -> String {
  if rest.hasPrefix("/") || base.isEmpty || base == "." { return rest }
  return base.hasSuffix("/") ? base + rest : base + "/" + rest
}

/// The directory holding `path`: `.` for a bare name, `/` for a file at the root.
func parentDirectory(of path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  let dir = String(path[..<slash])
  return dir.isEmpty ? "/" : dir
}
