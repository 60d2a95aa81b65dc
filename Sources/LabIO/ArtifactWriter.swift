import CLabSys
import Foundation
import LabModel

/// Writes an artifact set to a directory atomically and deterministically: every file goes into a
/// fresh folder beside the target, which is then exchanged with the target in one step
/// (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS), so a reader always
/// finds either the whole old tree or the whole new one, and a crash at any moment leaves one of
/// them in place. Folders left by builds that died (`.NAME.new-PID` whose process is gone) are removed.
public struct ArtifactWriter: Sendable {
  /// A write failed; the target is as it was.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  public init() {}

  /// Writes `artifacts` as the whole content of the directory `output`.
  public func write(_ artifacts: ArtifactSet, to output: String) throws(Failure) {
    let fm = FileManager.default
    let target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let base = target.lastPathComponent
    let pid = ProcessInfo.processInfo.processIdentifier
    let temp = parent.appendingPathComponent(".\(base).new-\(pid)")
    var isDir: ObjCBool = false
    let exists = fm.fileExists(atPath: target.path, isDirectory: &isDir)
    if exists, !isDir.boolValue {
      throw Failure(description: "\(output) exists and is not a directory; expected a directory to write into")
    }
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw Failure(description: "cannot create \(parent.path): \(error.localizedDescription)")
    }
    Self.removeStale(in: parent, base: base)
    do {
      try? fm.removeItem(at: temp)
      try fm.createDirectory(at: temp, withIntermediateDirectories: true)
      // Plain writes, no sync: a sync per file (as `Data.write` does) costs a disk round trip each,
      // minutes for an export of 20,000 files, and one flush of the whole file system waits on every
      // other writer's data too. The swap keeps readers and killed runs safe; what a power cut may lose
      // is regenerated from lab.yaml by running the command again (docs/export.md).
      let tempPath = temp.path
      var made: Set<String> = [""]
      for file in artifacts.files {
        guard Self.isSafe(file.path) else {
          throw Failure(description: "refusing to write '\(file.path)': not a relative path inside the output")
        }
        let folder = file.path.split(separator: "/").dropLast().joined(separator: "/")
        if !made.contains(folder) {
          try fm.createDirectory(atPath: tempPath + "/" + folder, withIntermediateDirectories: true)
          made.insert(folder)
        }
        let path = tempPath + "/" + file.path
        let written = file.contents.withUnsafeBytes { clabsys_write_new_file(path, $0.baseAddress, $0.count) }
        guard written == 0 else {
          throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
      }
    } catch let failure as Failure {
      try? fm.removeItem(at: temp)
      throw failure
    } catch {
      try? fm.removeItem(at: temp)
      throw Failure(description: "cannot write beside \(output): \(error.localizedDescription)")
    }
    if exists {
      guard clabsys_rename_exchange(temp.path, target.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? fm.removeItem(at: temp)
        throw Failure(description: "cannot swap the new tree into \(output): \(reason)")
      }
      // `temp` now holds the old tree.
      try? fm.removeItem(at: temp)
    } else {
      guard rename(temp.path, target.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? fm.removeItem(at: temp)
        throw Failure(description: "cannot move the new tree into \(output): \(reason)")
      }
    }
  }

  /// A path that stays inside the output: relative, no `..`, no empty parts.
  static func isSafe(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != ".." && $0 != "."
    }
  }

  /// Removes `.BASE.new-PID` and `.BASE.old-PID` folders whose process no longer runs.
  static func removeStale(in parent: URL, base: String) {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
    for name in names {
      for kind in [".new-", ".old-"] {
        let prefix = "." + base + kind
        guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)) else { continue }
        if pid == ProcessInfo.processInfo.processIdentifier { continue }
        // kill(pid, 0) fails with ESRCH when no such process exists.
        if kill(pid, 0) != 0 && errno == ESRCH {
          try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
      }
    }
  }
}
