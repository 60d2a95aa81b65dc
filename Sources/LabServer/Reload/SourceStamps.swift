import Foundation

/// A cheap fingerprint of the lab's sources: for each path the load touched, its size, modification time
/// and inode (a file), its entries (a directory), or that it is missing. The paths come from the pipeline's
/// recording file system, so editing, adding or removing anything the loader read or looked for — however
/// deep: `group_vars/`, `host_vars/`, prose, talenv — changes the stamps.
public struct SourceStamps: Sendable, Equatable {
  private var entries: [String: String]

  /// Stamps `paths` now; a missing path stamps as missing.
  public init(_ paths: [String]) {
    var entries: [String: String] = [:]
    entries.reserveCapacity(paths.count)
    for path in paths { entries[path] = Self.stamp(path) }
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
    let fm = FileManager.default
    guard let info = try? fm.attributesOfItem(atPath: path) else { return "missing" }
    let size = (info[.size] as? NSNumber)?.int64Value ?? -1
    let mtime = (info[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let inode = (info[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    if (info[.type] as? FileAttributeType) == .typeDirectory {
      let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted().joined(separator: "/")
      return "dir:\(inode):\(names)"
    }
    return "\(size):\(mtime):\(inode)"
  }
}
