import Foundation
import LabModel
import LabPipeline
import LabRender
import LabTestSupport
import Testing

/// The example's rendered page and JSON views, file by file, against golden files in `Golden/`:
/// any change to what the page or the API says shows up as a diff to review.
/// Re-record with `LABCTL_RECORD_GOLDEN=1 swift test --filter GoldenPageTests`.
@Suite struct GoldenPageTests {
  static let root = TestLab.repoRoot + "/Tests/LabPipelineTests/Golden"

  @Test(arguments: Audience.allCases)
  func theExamplesPageMatchesItsGoldenFiles(_ audience: Audience) throws {
    let checked = LabPipeline(path: TestLab.example, today: TestLab.today).check()
    let simulated = try #require(checked.simulate(), "the example has errors: \(checked.diagnostics)")
    let page = simulated.page(audience: audience)
    let dir = "\(Self.root)/03lab-\(audience.rawValue)"
    for file in page.files { Golden.check(file.contents, at: "\(dir)/\(file.path)") }
    // No golden file left over for a file the page no longer has.
    let recorded = Self.files(under: dir)
    #expect(recorded == page.files.map(\.path).sorted(), "golden files without a rendered file, or the reverse")
  }

  static func files(under dir: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
    var out: [String] = []
    while let path = walker.nextObject() as? String {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir), !isDir.boolValue {
        out.append(path)
      }
    }
    return out.sorted()
  }
}
