import LabModel
import LabSpec
import LabTestSupport
import Testing

/// lab.yaml's scalars are read by labctl itself (booleans, nulls, numbers), as YAML 1.1 does.
@Suite struct ScalarTests {
  func service(_ yaml: String) -> (Service?, [Diagnostic]) {
    let r = TestLab.load("lab: { name: x }\nservices:\n  s: { \(yaml) }\n")
    return (r.lab?.services.first, r.diagnostics)
  }

  @Test(arguments: [
    ("critical: true", true), ("critical: yes", true), ("critical: On", true), ("critical: !!bool true", true),
    ("critical: false", false), ("critical: no", false), ("critical: OFF", false), ("critical: ~", false),
  ])
  func booleans(_ yaml: String, _ value: Bool) {
    let (s, d) = service(yaml)
    #expect(d.isEmpty, "\(d)")
    #expect(s?.critical == value)
  }

  @Test(arguments: ["critical: \"true\"", "critical: 'yes'", "critical: 1", "critical: [true]"])
  func notBooleans(_ yaml: String) {
    let (_, d) = service(yaml)
    #expect(d.map(\.rule) == ["schema"], "\(d)")
  }

  @Test(arguments: ["mitigation: ~", "mitigation: null", "mitigation: NULL", "mitigation:", "mitigation: !!null x"])
  func nulls(_ yaml: String) {
    let (s, d) = service(yaml)
    #expect(d.isEmpty, "\(d)")
    #expect(s != nil && s?.mitigation == nil)
  }

  @Test(arguments: [("mitigation: \"null\"", "null"), ("mitigation: 'yes'", "yes"), ("mitigation: 42", "42")])
  func quotedOrOtherTextStaysText(_ yaml: String, _ text: String) {
    let (s, d) = service(yaml)
    #expect(d.isEmpty, "\(d)")
    #expect(s?.mitigation == text)
  }

  @Test func duplicateKeysAreFoundWhateverTheirQuoting() {
    let d = TestLab.diagnostics("lab: { name: x }\nmachines:\n  a: {}\n  \"a\": {}\n")
    #expect(d.map(\.rule) == ["duplicate-key"], "\(d)")
  }
}
