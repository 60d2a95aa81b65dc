import Foundation

/// A temporary copy of a directory, removed at the end.
public struct TempCopy: Sendable {
  public let path: String

  public init(of source: String) throws {
    path = NSTemporaryDirectory() + "labctl-serve-" + UUID().uuidString
    try FileManager.default.copyItem(atPath: source, toPath: path)
  }

  /// Writes `text` at `relative`, creating the folders it needs.
  public func write(_ relative: String, _ text: String) throws {
    let full = path + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: full, atomically: true, encoding: .utf8)
  }

  public func read(_ relative: String) throws -> String {
    try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
  }

  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
