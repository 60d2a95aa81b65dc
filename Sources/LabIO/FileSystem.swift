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
}

/// What a path names.
public enum FileKind: Sendable, Equatable {
  case file, directory
}

/// A file could not be read.
public struct SpecIOError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  /// The process, not the file, is at fault and a later try may succeed: out of file descriptors
  /// (EMFILE, ENFILE) or memory. Says nothing about the lab; a server keeps serving and retries.
  public var transient: Bool

  public init(path: String, reason: String, transient: Bool = false) {
    self.path = path
    self.reason = reason
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

  public var description: String { "\(path): error: \(reason)" }
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
  public init() {}

  public func read(_ path: String) throws(SpecIOError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SpecIOError.system(path, errno: errno, reading: "file") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw SpecIOError.system(path, errno: errno, reading: "file")
      }
      bytes += chunk[0..<n]
    }
    guard let text = String(data: Data(bytes), encoding: .utf8) else {
      throw SpecIOError(path: path, reason: "is not UTF-8 text")
    }
    return text
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
