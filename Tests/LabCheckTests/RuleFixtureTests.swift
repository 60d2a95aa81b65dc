import Foundation
import LabCheck
import LabModel
import LabTestSupport
import Testing

/// Each rule has a lab it passes and a lab it fails, beside this file under Fixtures/rules/<rule>/.
/// A failing lab marks each line a diagnostic must point at with `# expect: <rule>[:column]`.
@Suite struct RuleFixtureTests {
  static let root = TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/rules"

  @Test(arguments: Rules.all.map(\.name))
  func passingFixtureYieldsNothing(rule: String) throws {
    let path = "\(Self.root)/\(rule)/pass.yaml"
    #expect(FileManager.default.fileExists(atPath: path), "no passing fixture for \(rule) at \(path)")
    let d = try TestLab.diagnostics(atPath: path)
    #expect(d.isEmpty, "\(rule)/pass.yaml:\n\(DiagnosticRenderer.human(d))")
  }

  @Test(arguments: Rules.all.map(\.name))
  func failingFixturesYieldExactlyTheAnnotatedDiagnostics(rule: String) throws {
    let dir = "\(Self.root)/\(rule)"
    let files = try FileManager.default.contentsOfDirectory(atPath: dir)
      .filter { $0.hasPrefix("fail") && $0.hasSuffix(".yaml") }.sorted()
    #expect(files.contains("fail.yaml"), "no failing fixture for \(rule) at \(dir)/fail.yaml")
    for file in files {
      let path = "\(dir)/\(file)"
      let expected = Expectations.parse(try String(contentsOfFile: path, encoding: .utf8))
      #expect(expected.contains { $0.rule == rule }, "\(rule)/\(file) expects no '\(rule)' diagnostic")
      let d = try TestLab.diagnostics(atPath: path)
      let (missing, unexpected) = Expectations.compare(d, expected)
      #expect(
        missing.isEmpty && unexpected.isEmpty, "\(rule)/\(file):\n\(Expectations.report(missing, unexpected))")
    }
  }

  @Test func everyFixtureFolderNamesARule() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root).filter { !$0.hasPrefix(".") }
    let names = Set(Rules.all.map(\.name))
    #expect(Set(folders).subtracting(names).isEmpty, "fixture folders for no rule: \(Set(folders).subtracting(names))")
    #expect(names.subtracting(folders).isEmpty, "rules without fixtures: \(names.subtracting(folders).sorted())")
  }

  @Test func annotationsParseRuleAndColumn() {
    let e = Expectations.parse("a: 1\nb: 2  # expect: etcd-quorum:7, vlan-id\n")
    #expect(Set(e) == [Expected(line: 2, column: 7, rule: "etcd-quorum"), Expected(line: 2, rule: "vlan-id")])
  }
}
