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

  /// These stamps, with `earlier`'s value for every path both hold.
  public func keeping(_ earlier: SourceStamps) -> SourceStamps {
    var merged = self
    for (path, _) in entries {
      if let old = earlier.entries[path] { merged.entries[path] = old }
    }
    return merged
  }

  private static func stamp(_ path: String) -> String {
    guard let info = try? FileManager.default.attributesOfItem(atPath: path) else { return "missing" }
    let size = (info[.size] as? NSNumber)?.int64Value ?? -1
    let mtime = (info[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let inode = (info[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    return "\(size):\(mtime):\(inode)"
  }
}
