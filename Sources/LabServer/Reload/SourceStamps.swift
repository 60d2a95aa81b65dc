import Foundation

/// A cheap fingerprint of the lab's sources: size and modification time of each file,
/// and of each entry of a watched folder (so added, removed and edited prose all count).
public struct SourceStamps: Sendable, Equatable {
  private var entries: [String: String]

  /// Stamps `paths` now; a missing path stamps as missing.
  public init(_ paths: [String]) {
    var entries: [String: String] = [:]
    let fm = FileManager.default
    for path in paths {
      entries[path] = Self.stamp(path)
      var isDir: ObjCBool = false
      if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
        let names = try? fm.contentsOfDirectory(atPath: path)
      {
        for name in names where !name.hasPrefix(".") {
          entries[path + "/" + name] = Self.stamp(path + "/" + name)
        }
      }
    }
    self.entries = entries
  }

  private static func stamp(_ path: String) -> String {
    var info = stat()
    guard stat(path, &info) == 0 else { return "missing" }
    #if canImport(Darwin)
      let mtime = info.st_mtimespec
    #else
      let mtime = info.st_mtim
    #endif
    return "\(info.st_size):\(mtime.tv_sec).\(mtime.tv_nsec):\(info.st_ino)"
  }
}
