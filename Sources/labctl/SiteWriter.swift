import Foundation
import LabRender

/// Writes a rendered site to disk atomically: into a temporary directory beside the
/// target, then swapped in with renames, so readers see the old site or the new one.
enum SiteWriter {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func write(_ site: RenderedSite, to output: String) throws {
    let fm = FileManager.default
    let target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let base = target.lastPathComponent
    let pid = ProcessInfo.processInfo.processIdentifier
    let temp = parent.appendingPathComponent(".\(base).new-\(pid)")
    let old = parent.appendingPathComponent(".\(base).old-\(pid)")
    var isDir: ObjCBool = false
    if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
      throw Failure(description: "\(output) exists and is not a directory; expected a directory to write the site into")
    }
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try? fm.removeItem(at: temp)
      try fm.createDirectory(at: temp, withIntermediateDirectories: true)
      for file in site.files {
        let url = temp.appendingPathComponent(file.path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.contents).write(to: url)
      }
    } catch {
      try? fm.removeItem(at: temp)
      throw Failure(description: "cannot write the site beside \(output): \(error.localizedDescription)")
    }
    let hadOld = fm.fileExists(atPath: target.path)
    do {
      if hadOld { try fm.moveItem(at: target, to: old) }
      try fm.moveItem(at: temp, to: target)
    } catch {
      if hadOld, !fm.fileExists(atPath: target.path) { try? fm.moveItem(at: old, to: target) }
      try? fm.removeItem(at: temp)
      throw Failure(description: "cannot move the new site into \(output): \(error.localizedDescription)")
    }
    if hadOld { try? fm.removeItem(at: old) }
  }
}
