import Foundation
import LabIO
import LabModel
import LabTestSupport
import Testing

@Suite struct ArtifactWriterTests {
  static func temp() throws -> String {
    let dir = NSTemporaryDirectory() + "labctl-writer-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  static func page(_ n: Int) -> ArtifactSet {
    ArtifactSet([
      Artifact(path: "index.html", text: "<p>\(n)</p>\n", contentType: "text/html"),
      Artifact(path: "api/v1/summary.json", text: "{\"n\": \(n)}\n", contentType: "application/json"),
    ])
  }

  /// The swap is one exchange: a reader polling OUT/index.html while it is rewritten never finds it
  /// missing (with two renames there is a moment with no OUT at all).
  @Test func outIsNeverMissingWhileItIsRewritten() throws {
    let root = try Self.temp()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let out = root + "/public"
    try ArtifactWriter().write(Self.page(0), to: out)
    let misses = ManagedCounter()
    let stop = ManagedCounter()
    let reader = Thread {
      while stop.value == 0 {
        if FileManager.default.contents(atPath: out + "/index.html") == nil { misses.increment() }
      }
    }
    reader.start()
    for n in 1...200 { try ArtifactWriter().write(Self.page(n), to: out) }
    stop.increment()
    while !reader.isFinished { usleep(1000) }
    #expect(misses.value == 0, "OUT/index.html was missing \(misses.value) times")
    #expect(
      String(decoding: FileManager.default.contents(atPath: out + "/index.html") ?? Data(), as: UTF8.self)
        == "<p>200</p>\n")
    // Nothing of the old trees is left beside OUT.
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
  }

  /// Temp folders of builds that died are removed; one of a process that still runs is kept.
  @Test func staleFoldersOfDeadBuildsAreRemoved() throws {
    let root = try Self.temp()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let dead = Process()
    dead.executableURL = URL(fileURLWithPath: "/bin/true")
    try Spawner.run(dead)
    dead.waitUntilExit()
    let deadFolder = root + "/.public.new-\(dead.processIdentifier)"
    let liveFolder = root + "/.public.new-1"  // pid 1 always runs
    for folder in [deadFolder, liveFolder] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    try ArtifactWriter().write(Self.page(1), to: root + "/public")
    #expect(!FileManager.default.fileExists(atPath: deadFolder), "a dead build's temp folder was left")
    #expect(FileManager.default.fileExists(atPath: liveFolder), "a running process's temp folder was removed")
  }

  @Test(arguments: ["../escape", "/etc/passwd", "a//b", "a/./b", ""])
  func pathsOutsideTheOutputAreRefused(_ path: String) throws {
    let root = try Self.temp()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let set = ArtifactSet([Artifact(path: path, text: "x", contentType: "text/plain")])
    #expect(throws: ArtifactWriter.Failure.self) { try ArtifactWriter().write(set, to: root + "/out") }
    #expect(!FileManager.default.fileExists(atPath: root + "/out"), "nothing written")
  }
}

/// A counter several threads touch.
final class ManagedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int { lock.withLock { count } }
  func increment() { lock.withLock { count += 1 } }
}
