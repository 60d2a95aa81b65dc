import Foundation

/// A file system that remembers every path it was asked about — the files read, the directories listed and
/// the paths looked up, missing ones too — with each path's stamp taken the moment it was first touched,
/// before it was read. The pipeline's loader reads through one, so the files `labctl serve` watches are
/// exactly the files the load touched, however deep, and an edit made at any moment after is seen.
public final class RecordingFileSystem: FileSystem, @unchecked Sendable {
  private let base: any FileSystem
  private let lock = NSLock()
  private var order: [String] = []
  private var stamps: [String: String] = [:]
  private var firstTransient: SpecIOError?

  public init(_ base: any FileSystem) { self.base = base }

  /// Every path touched, in first-touch order, once each.
  public var touched: [String] {
    lock.lock()
    defer { lock.unlock() }
    return order
  }

  /// Each touched path's stamp, as it was when first touched.
  public var recordedStamps: SourceStamps {
    lock.lock()
    defer { lock.unlock() }
    return SourceStamps(entries: stamps)
  }

  /// The first read or listing that failed for a reason of the process's own (out of file descriptors):
  /// a load that saw one says nothing reliable about the lab.
  public var transientError: SpecIOError? {
    lock.lock()
    defer { lock.unlock() }
    return firstTransient
  }

  private func noting<T>(_ body: () throws(SpecIOError) -> T) throws(SpecIOError) -> T {
    do {
      return try body()
    } catch {
      if error.transient {
        lock.lock()
        if firstTransient == nil { firstTransient = error }
        lock.unlock()
      }
      throw error
    }
  }

  private func record(_ path: String) {
    lock.lock()
    let isNew = stamps[path] == nil
    lock.unlock()
    guard isNew else { return }
    let stamp = base.stamp(path)
    lock.lock()
    if stamps[path] == nil {
      stamps[path] = stamp
      order.append(path)
    }
    lock.unlock()
  }

  public func stamp(_ path: String) -> String { base.stamp(path) }

  public func identity(_ path: String) -> FileIdentity? { base.identity(path) }

  public func read(_ path: String) throws(SpecIOError) -> String {
    record(path)
    return try noting { () throws(SpecIOError) in try base.read(path) }
  }

  public func list(_ path: String) throws(SpecIOError) -> [String] {
    record(path)
    return try noting { () throws(SpecIOError) in try base.list(path) }
  }

  public func kind(_ path: String) -> FileKind? {
    record(path)
    return base.kind(path)
  }
}
