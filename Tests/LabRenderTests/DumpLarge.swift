import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

/// Writes the 10× lab's site to $LABCTL_DUMP_LARGE when set, to look at; otherwise does nothing.
@Suite struct DumpLarge {
  @Test func dump() throws {
    guard let dir = ProcessInfo.processInfo.environment["LABCTL_DUMP_LARGE"] else { return }
    let (yaml, files) = LargeLab.make(scale: 10)
    let site = renderPage(try Support.load(yaml, files: files), audience: .public)
    for f in site.files {
      let url = URL(fileURLWithPath: dir).appendingPathComponent(f.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(f.contents).write(to: url)
    }
  }
}
