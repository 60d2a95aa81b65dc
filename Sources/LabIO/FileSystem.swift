import Foundation

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

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): error: \(reason)" }
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
    guard let text = String(data: data, encoding: .utf8) else {
      throw SpecIOError(path: path, reason: "is not UTF-8 text")
    }
    return text
  }

  public func list(_ path: String) throws(SpecIOError) -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    } catch {
      throw SpecIOError(path: path, reason: "cannot list the directory")
    }
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
