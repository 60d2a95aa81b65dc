import LabModel
import LabSpec
import LabTestSupport
import Testing

@Suite struct LabLoaderTests {
  @Test func loadsTheExample() throws {
    let lab = try TestLab.loadExample()
    #expect(lab.meta.name == "03//lab")
    #expect(lab.clusters.names == ["core", "dev", "prod", "prod-b"])
    #expect(lab.inventory?.hosts.count == 13)
  }

  @Test func unknownKeyHasLocationAndHint() {
    let d = TestLab.diagnostics(
      """
      lab:
        name: x
      machines:
        a: { modle: HP }
      """)
    #expect(d.count == 1)
    #expect(d.first?.rule == "unknown-key")
    #expect(d.first?.location == SourceLocation(file: "lab.yaml", line: 4, column: 8))
    #expect(d.first?.notes.first == "did you mean 'model'?")
  }

  @Test func syntaxErrorHasLineAndColumn() {
    let d = TestLab.diagnostics("lab:\n  name: x\n  bad: [a, b\nsites: {}\n")
    #expect(d.count == 1)
    #expect(d.first?.rule == "syntax")
    #expect(d.first?.location?.line ?? 0 >= 3)
  }

  @Test func wrongTypeIsReported() {
    let d = TestLab.diagnostics("lab:\n  name: x\nvlans:\n  a: { id: ten }\n")
    #expect(d.map(\.rule) == ["schema"])
    #expect(d.first?.location?.line == 4)
  }

  @Test func duplicateKeyIsReported() {
    let d = TestLab.diagnostics("lab:\n  name: x\nmachines:\n  a: {}\n  a: {}\n")
    #expect(d.map(\.rule) == ["duplicate-key"])
  }

  @Test(
    "A key repeated in a flow mapping is reported at the repeat, not at the brace",
    arguments: [
      ("lab: {name: x, name: y}\n", 1, 16),
      ("lab: { name: x, nested: { name: q }, \"name\": y }\n", 1, 38),
      ("lab: {name: x}\nvlans: {a: {id: 10},\n  'a': {id: 11}}\n", 3, 3),
      ("lab: {name: x, notes: \"name: , {\", name: y}\n", 1, 36),
    ])
  func duplicateKeyInFlowMapping(yaml: String, line: Int, column: Int) {
    let d = TestLab.diagnostics(yaml)
    #expect(d.map(\.rule) == ["duplicate-key"], "\(d)")
    #expect(d.first?.location?.line == line)
    #expect(d.first?.location?.column == column)
    #expect(d.first?.notes.first?.hasPrefix("first declared at line") == true)
  }
}
