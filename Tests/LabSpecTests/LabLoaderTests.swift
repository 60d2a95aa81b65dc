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
}
