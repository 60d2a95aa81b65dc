import Foundation
import LabExport
import LabIO
import LabModel
import LabTestSupport
import Testing

/// The example's exports, written to a fresh temporary directory the test removes.
struct ExportedExample {
  let lab: Lab
  let files: ArtifactSet
  let dir: String

  init() throws {
    lab = try TestLab.loadExample()
    files = LabExporter(lab).exportAll()
    dir = NSTemporaryDirectory() + "labctl-export-\(UUID().uuidString)"
    try ArtifactWriter().write(files, to: dir)
  }

  func path(_ relative: String) -> String { "\(dir)/\(relative)" }

  func remove() { try? FileManager.default.removeItem(atPath: dir) }

  /// The files of one kind.
  func files(_ kind: ExportKind) -> [Artifact] { files.files.filter { $0.path.hasPrefix(kind.folder + "/") } }
}
