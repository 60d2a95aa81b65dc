import Foundation

/// A file system that remembers every path it was asked about: the files read, the directories
/// listed and the paths looked up (missing ones too). The pipeline's loader reads through one, so the
/// files `labctl serve` watches are exactly the files the load touched, however deep.
public final class RecordingFileSystem: FileSystem, @unchecked Sendable {
  private let base: any FileSystem
  private let lock = NSLock()
  private var order: [String] = []
  private var seen: Set<String> = []

  public init(_ base: any FileSystem) { self.base = base }

  /// Every path touched, in first-touch order, once each.
  public var touched: [String] {
    lock.lock()
    defer { lock.unlock() }
    return order
  }

  private func record(_ path: String) {
    lock.lock()
    if seen.insert(path).inserted { order.append(path) }
    lock.unlock()
  }

  public func read(_ path: String) throws(SpecIOError) -> String {
    record(path)
    return try base.read(path)
  }

  public func list(_ path: String) throws(SpecIOError) -> [String] {
    record(path)
    return try base.list(path)
  }

  public func kind(_ path: String) -> FileKind? {
    record(path)
    return base.kind(path)
  }
}
