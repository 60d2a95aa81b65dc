import Foundation
import LabModel
import LabTestSupport
import Testing

/// One fixture per kind of schema error, under Fixtures/schema/: each line a diagnostic must
/// point at carries `# expect: <rule>[:column]`, and the first diagnostic carries the hint.
@Suite struct SchemaFixtureTests {
  static let root = TestLab.repoRoot + "/Tests/LabSpecTests/Fixtures/schema"

  struct Case: Sendable, CustomStringConvertible {
    var file: String
    /// Text the first diagnostic's message or notes must contain.
    var says: String
    var description: String { file }
  }

  static let cases: [Case] = [
    Case(file: "unknown-key.yaml", says: "did you mean 'model'?"),
    Case(file: "wrong-type.yaml", says: "'vlans.servers.id' must be a whole number, found 'thirty'"),
    Case(file: "bad-enum.yaml", says: "did you mean 'planned'?"),
    Case(file: "duplicate-key.yaml", says: "key 'n1' appears more than once"),
    Case(file: "syntax.yaml", says: "invalid YAML"),
    Case(
      file: "delivery.yaml",
      says: "'delivery.paths.ghost' must be a folder inside the GitOps repo, relative to its root"),
    Case(file: "checks.yaml", says: "'machines.n1.checks.0.kind' must be one of tcp, http, dns, promql"),
    Case(file: "waivers.yaml", says: "'waivers.1.reason' must not be empty; give why the risk is accepted"),
  ]

  @Test(arguments: cases)
  func yieldsExactlyTheAnnotatedDiagnostics(_ c: Case) throws {
    let path = "\(Self.root)/\(c.file)"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let d = try TestLab.diagnostics(atPath: path)
    var expected = Expectations.parse(text)
    if c.file == "syntax.yaml" {
      // A broken file cannot carry its own annotation reliably: the position is given here.
      // The parser stops where the mapping should have closed; a note names where it opened.
      expected = [Expected(line: 6, column: 5, rule: "syntax")]
      #expect(d.first?.notes.contains { $0.contains("line 5, column 7") } == true, "\(d)")
    }
    #expect(!expected.isEmpty)
    let (missing, unexpected) = Expectations.compare(d, expected)
    #expect(missing.isEmpty && unexpected.isEmpty, "\(c.file):\n\(Expectations.report(missing, unexpected))")
    let first = try #require(d.first)
    #expect(([first.message] + first.notes).contains { $0.contains(c.says) }, "\(first)")
    #expect(first.location?.file == path, "diagnostics name the path they were given")
  }
}
