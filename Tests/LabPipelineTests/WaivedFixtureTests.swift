import Foundation
import LabCheck
import LabExport
import LabIO
import LabModel
import LabPipeline
import LabRender
import LabTestSupport
import Testing

/// A waivable rule is one the rest of labctl copes with: each one's failing fixture, with every finding of
/// it waived, checks without errors, and simulates, renders for both audiences and exports.
@Suite struct WaivedFixtureTests {
  static let rules = TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/rules"

  @Test(arguments: Rules.all.filter(\.waivable).map(\.name))
  func everyFindingOfAWaivableRuleCanBeAcceptedAndTheLabStillRenders(rule: String) throws {
    let dir = "\(Self.rules)/\(rule)"
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    var others: [String: String] = [:]
    for name in names where !name.hasSuffix(".yaml") {
      others["lab/\(name)"] = try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)
    }
    for file in names where file.hasPrefix("fail") && file.hasSuffix(".yaml") {
      let text = try String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8)
      let items = try TestLab.diagnostics(atPath: "\(dir)/\(file)").filter { $0.rule == rule }.compactMap(\.item)
      #expect(!items.isEmpty, "\(rule)/\(file)")
      var seen = Set<String>()
      let waivers = items.filter { seen.insert($0).inserted }.map {
        "  - { rule: \(rule), item: \(LabJSON.string($0)), reason: accepted for the test }\n"
      }
      var files = others
      files["lab/lab.yaml"] = text + "waivers:\n" + waivers.joined()
      let checked = LabPipeline(path: "lab", fileSystem: MemoryFileSystem(files), today: TestLab.today).check()
      let left = checked.diagnostics.filter { $0.rule == rule && $0.severity != .note }
      #expect(left.isEmpty, "\(rule)/\(file): \(DiagnosticRenderer.human(left))")
      #expect(
        !checked.diagnostics.contains { $0.rule.hasPrefix("waiver-") },
        "\(DiagnosticRenderer.human(checked.diagnostics))")
      let simulated = try #require(
        checked.simulate(), "\(rule)/\(file): \(DiagnosticRenderer.human(checked.diagnostics))")
      for audience in Audience.allCases { #expect(!simulated.page(audience: audience).files.isEmpty) }
      #expect(checked.export(ExportKind.allCases) != nil)
    }
  }
}
