import Foundation
import LabModel

/// Reads a directory tree back into an artifact set (what a previous export left there), so a new
/// export can be compared with it or carry its state on. A missing directory is an empty set.
public struct ArtifactReader: Sendable {
  public init() {}

  /// Every regular file under `root`, paths relative to it; dot-files and dot-folders are skipped.
  public func read(_ root: String) throws(ArtifactWriter.Failure) -> ArtifactSet {
    let fm = FileManager.default
    let base = URL(fileURLWithPath: root).standardizedFileURL
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: base.path, isDirectory: &isDir) else { return ArtifactSet([]) }
    guard isDir.boolValue else {
      throw ArtifactWriter.Failure(description: "\(root) exists and is not a directory")
    }
    guard
      let walker = fm.enumerator(
        at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
    else { return ArtifactSet([]) }
    var files: [Artifact] = []
    for case let url as URL in walker {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
      let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
      guard let data = fm.contents(atPath: url.path) else {
        throw ArtifactWriter.Failure(description: "cannot read \(url.path)")
      }
      files.append(Artifact(path: path, contents: Array(data), contentType: "application/octet-stream"))
    }
    return ArtifactSet(files)
  }
}
