import Foundation
import LabExport
import LabIO
import LabModel
import LabTestSupport
import Testing

/// The example's exports against the golden files under Golden/; `LABCTL_RECORD_GOLDEN=1` re-records them.
@Suite struct GoldenTests {
  static let root = TestLab.repoRoot + "/Tests/LabExportTests/Golden"
  static var recording: Bool { ProcessInfo.processInfo.environment["LABCTL_RECORD_GOLDEN"] == "1" }

  @Test func exampleExportsMatchTheGoldenFiles() throws {
    let lab = try TestLab.loadExample()
    let exported = LabExporter(lab).exportAll()
    if Self.recording {
      try ArtifactWriter().write(exported, to: Self.root)
      return
    }
    let golden = try ArtifactReader().read(Self.root)
    let diff = UnifiedDiff.trees(old: golden, new: exported, oldRoot: "golden", newRoot: "export")
    #expect(diff.isEmpty, "exports differ from the golden files (LABCTL_RECORD_GOLDEN=1 re-records):\n\(diff)")
  }

  @Test func exportIsDeterministic() throws {
    let lab = try TestLab.loadExample()
    #expect(LabExporter(lab).exportAll().contentHash == LabExporter(lab).exportAll().contentHash)
  }

  @Test func everyKindExportsSomething() throws {
    let lab = try TestLab.loadExample()
    for kind in ExportKind.allCases {
      let files = LabExporter(lab).export(kind).files
      #expect(!files.isEmpty, "\(kind) exported nothing")
      #expect(files.allSatisfy { $0.path.hasPrefix(kind.folder + "/") }, "\(kind) wrote outside \(kind.folder)/")
    }
  }

  @Test func unifiedDiffShowsAChangedLine() {
    let diff = UnifiedDiff.text(old: "a\nb\nc\n", new: "a\nB\nc\n", oldName: "old", newName: "new")
    #expect(diff == "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
  }
}
