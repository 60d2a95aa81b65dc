import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file reads the loaders need, behind a protocol so tests can use memory.
public protocol FileSystem: Sendable {
  /// The text of the file at `path`.
  func read(_ path: String) throws(SpecIOError) -> String
  /// Names of the entries of a directory, sorted.
  func list(_ path: String) throws(SpecIOError) -> [String]
  /// Whether `path` exists, and whether it is a directory.
  func kind(_ path: String) -> FileKind?
  /// A fingerprint that changes when the path is edited, created, removed or (a directory) gains or loses
  /// an entry; what `labctl serve` compares to see a change.
  func stamp(_ path: String) -> String
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
  /// Where in the file the problem is, when it is inside it (the first byte that is not UTF-8).
  public var line: Int?
  public var column: Int?
  /// The process, not the file, is at fault and a later try may succeed: out of file descriptors
  /// (EMFILE, ENFILE) or memory. Says nothing about the lab; a server keeps serving and retries.
  public var transient: Bool

  public init(path: String, reason: String, line: Int? = nil, column: Int? = nil, transient: Bool = false) {
    self.path = path
    self.reason = reason
    self.line = line
    self.column = column
    self.transient = transient
  }

  /// The error for a failed `open`, `read` or `opendir` of `path` with `code` in errno.
  public static func system(_ path: String, errno code: Int32, reading what: String) -> SpecIOError {
    switch code {
    case ENOENT, ENOTDIR: return SpecIOError(path: path, reason: "no such \(what) (does it exist?)")
    case EACCES, EPERM: return SpecIOError(path: path, reason: "permission denied reading the \(what)")
    case EISDIR: return SpecIOError(path: path, reason: "is a directory, expected a file")
    case EMFILE, ENFILE:
      return SpecIOError(
        path: path, reason: "too many open files: the server is out of file descriptors, not the \(what) at fault",
        transient: true)
    case ENOMEM, EAGAIN, EINTR:
      return SpecIOError(path: path, reason: "cannot read the \(what) now (\(message(code)))", transient: true)
    default: return SpecIOError(path: path, reason: "cannot read the \(what) (\(message(code)))")
    }
  }

  private static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

  public var description: String {
    guard let line, let column else { return "\(path): error: \(reason)" }
    return "\(path): error: \(reason) (line \(line), column \(column))"
  }
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
  public init() {}

  /// The largest file labctl reads: past it, a located error, never an unbounded read.
  public static let maxFileSize = 64 << 20

  public func read(_ path: String) throws(SpecIOError) -> String {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw SpecIOError.system(path, errno: errno, reading: "file") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw SpecIOError.system(path, errno: errno, reading: "file") }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw SpecIOError(path: path, reason: "is a directory, expected a file")
    default: throw SpecIOError(path: path, reason: "is not a regular file (a pipe, socket or device); expected a file")
    }
    guard Int(info.st_size) <= Self.maxFileSize else {
      throw SpecIOError(
        path: path, reason: "is \(info.st_size) bytes; labctl reads files up to \(Self.maxFileSize >> 20) MiB")
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size))
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= Self.maxFileSize {
      let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw SpecIOError.system(path, errno: errno, reading: "file")
      }
      bytes += chunk[0..<n]
    }
    return try Self.decodeUTF8(Data(bytes), path: path)
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
    guard let dir = opendir(path) else { throw SpecIOError.system(path, errno: errno, reading: "directory") }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  public func kind(_ path: String) -> FileKind? {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
    return isDir.boolValue ? .directory : .file
  }

  public func stamp(_ path: String) -> String { SourceStamps.stamp(path) }

  public func identity(_ path: String) -> FileIdentity? {
    // stat(2) follows symbolic links: a link back into a directory has that directory's identity.
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
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

  public func stamp(_ path: String) -> String {
    if let text = files[path] { return "file:\(text.hashValue)" }
    return kind(path) == nil ? "missing" : "dir:" + ((try? list(path)) ?? []).joined(separator: "/")
  }

  public func kind(_ path: String) -> FileKind? {
    if files[path] != nil { return .file }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
  }
}

/// Joins path components the way a user would write them.
public func joinPath(_ base: String, _ rest: String) -> String {
  if rest.hasPrefix("/") || base.isEmpty || base == "." { return rest }
  return base.hasSuffix("/") ? base + rest : base + "/" + rest
}

/// The directory holding `path`: `.` for a bare name, `/` for a file at the root.
public func parentDirectory(of path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  let dir = String(path[..<slash])
  return dir.isEmpty ? "/" : dir
}
