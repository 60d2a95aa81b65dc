import Foundation
import HummingbirdTesting
import LabTestSupport
import Testing

@testable import LabServer

/// Every file the loader read — or looked for — is watched, however deep: the watch list is what the
/// pipeline's recording file system saw, not a list derived after loading.
@Suite("Editing any file the loader read reloads the page")
struct ReloadSourcesTests {
  /// One kind of source: the edits to make in turn, each of which must cause one more good reload.
  struct Case: Sendable, CustomTestStringConvertible {
    var kind: String
    var steps: [(path: String, text: @Sendable (String) -> String)]
    var testDescription: String { kind }
  }

  static let cases: [Case] = [
    Case(kind: "lab.yaml", steps: [("lab.yaml", { $0 + "\n# edited\n" })]),
    Case(kind: "prose, an existing file", steps: [("site/intro.md", { $0 + "\nOne more line.\n" })]),
    Case(kind: "prose, a new file", steps: [("site/extra.md", { _ in "# Extra\n\nNew prose.\n" })]),
    Case(kind: "talconfig", steps: [("talos/prod/talconfig.yaml", { $0 + "\n# edited\n" })]),
    Case(
      kind: "talenv, created then edited",
      steps: [
        ("talos/prod/talenv.yaml", { _ in "unusedVariable: one\n" }),
        ("talos/prod/talenv.yaml", { _ in "unusedVariable: two\n" }),
      ]),
    Case(kind: "the inventory", steps: [("ansible/hosts.yml", { $0 + "\n# edited\n" })]),
    Case(
      kind: "group_vars beside the inventory, created then edited",
      steps: [
        ("ansible/group_vars/all.yml", { _ in "labctl_test: 1\n" }),
        ("ansible/group_vars/all.yml", { _ in "labctl_test: 2\n" }),
      ]),
    Case(
      kind: "host_vars, a nested file created then edited",
      steps: [
        ("ansible/host_vars/rpi-n1/main.yml", { _ in "labctl_test: 1\n" }),
        ("ansible/host_vars/rpi-n1/main.yml", { _ in "labctl_test: 2\n" }),
      ]),
  ]

  @Test("An edit reloads", arguments: cases)
  func editReloads(_ edit: Case) async throws {
    try await ReloadTests.withServedExample { lab, client, _, _ in
      for (index, step) in edit.steps.enumerated() {
        let before = try await Self.reloads(client)
        let old = (try? lab.read(step.path)) ?? ""
        try lab.write(step.path, step.text(old))
        let reloaded = try await eventually { try await Self.reloads(client) > before }
        #expect(reloaded, "step \(index + 1) of \(edit.kind) (\(step.path)) did not reload")
        #expect((try await ReloadTests.health(client))["status"] as? String == "ok")
      }
    }
  }

  static func reloads(_ client: some TestClientProtocol) async throws -> Int {
    (try await ReloadTests.health(client))["reloads"] as? Int ?? 0
  }
}
