import Foundation

/// A cheap fingerprint of the lab's sources: for each path the load touched, its size, modification time
/// and inode (a file), its entries (a directory), or that it is missing.
///
/// The pipeline's recording file system takes each path's stamp the moment the loader first touches it,
/// before reading, so the stamps describe exactly what the load saw: any later edit — made during the
/// build, or right after it — differs from them, and editing, adding or removing anything the loader read
/// or looked for, however deep (`group_vars/`, `host_vars/`, prose, talenv), is seen.
public struct SourceStamps: Sendable, Equatable {
  /// Path → stamp.
  public private(set) var entries: [String: String]

  /// Stamps `paths` now, on the real disk; a missing path stamps as missing.
  public init(_ paths: [String]) {
    var entries: [String: String] = [:]
    entries.reserveCapacity(paths.count)
    for path in paths { entries[path] = Self.stamp(path) }
    self.entries = entries
  }

  /// Stamps already taken.
  public init(entries: [String: String]) { self.entries = entries }

  /// The watched paths, sorted.
  public var paths: [String] { entries.keys.sorted() }

  /// The stamp of `path` on the real disk now.
  public static func stamp(_ path: String) -> String {
    let fm = FileManager.default
    guard let info = try? fm.attributesOfItem(atPath: path) else { return "missing" }
    guard (info[.type] as? FileAttributeType) == .typeSymbolicLink else { return stamp(path, info) }
    // A link stamps as what it points at too, so re-pointing it or editing the target both count; once,
    // never recursively (a link may point at itself).
    let target = (try? fm.destinationOfSymbolicLink(atPath: path)) ?? ""
    let resolved = (path as NSString).resolvingSymlinksInPath
    guard resolved != path, let targetInfo = try? fm.attributesOfItem(atPath: resolved) else {
      return "link:\(target)"
    }
    return "link:\(target):" + stamp(resolved, targetInfo)
  }

  private static func stamp(_ path: String, _ info: [FileAttributeKey: Any]) -> String {
    let size = (info[.size] as? NSNumber)?.int64Value ?? -1
    let mtime = (info[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let inode = (info[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    if (info[.type] as? FileAttributeType) == .typeDirectory {
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().joined(separator: "/")
      return "dir:\(inode):\(names)"
    }
    return "\(size):\(mtime):\(inode)"
  }
}
