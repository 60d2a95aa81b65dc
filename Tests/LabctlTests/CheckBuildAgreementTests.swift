import Foundation
import LabTestSupport
import Testing

/// `labctl check` fails on exactly what `labctl build` fails on — both run the one pipeline — for every
/// source a diagnostic can come from: a CI gate on `check` protects a deploy by `build`.
@Suite("check and build agree on every input")
struct CheckBuildAgreementTests {
  struct Edit: Sendable, CustomTestStringConvertible {
    var source: String
    /// Exit status both commands must give.
    var status: Int32
    var apply: @Sendable (TempCopy) throws -> Void
    var testDescription: String { source }
  }

  static func replacing(_ path: String, _ old: String, _ new: String) -> @Sendable (TempCopy) throws -> Void {
    { copy in
      let text = try copy.read(path)
      guard text.contains(old) else { throw EditError(message: "\(path) no longer holds '\(old)'") }
      try copy.write(path, text.replacingOccurrences(of: old, with: new))
    }
  }

  static let edits: [Edit] = [
    Edit(source: "nothing (the example as it is)", status: 0, apply: { _ in }),
    Edit(source: "lab.yaml syntax", status: 1, apply: replacing("lab.yaml", "name: \"03//lab\"", "name: [unclosed")),
    Edit(source: "lab.yaml schema (unknown key)", status: 1, apply: replacing("lab.yaml", "tagline:", "tagliine:")),
    Edit(
      source: "a rule (unknown reference)", status: 1,
      apply: replacing("lab.yaml", "vlan: trusted, address: 10.30.0.11", "vlan: nowhere, address: 10.30.0.11")),
    Edit(
      source: "page facts (unknown {{ fact }} in prose)", status: 1,
      apply: { try $0.write("site/intro.md", try $0.read("site/intro.md") + "\n{{ nodes.todya }}\n") }),
    Edit(
      source: "the inventory", status: 1,
      apply: { try $0.write("ansible/hosts.yml", try $0.read("ansible/hosts.yml") + "\n  broken: [\n") }),
    Edit(
      source: "talconfig", status: 1,
      apply: replacing("talos/prod/talconfig.yaml", "clusterName: prod", "clusterName: [prod")),
    Edit(
      source: "talenv (an undefined variable is a warning)", status: 0,
      apply: replacing("talos/prod/talconfig.yaml", "talosVersion: v1.8.3", "talosVersion: ${undefinedVersion}")),
    Edit(
      source: "prose that is not UTF-8", status: 1,
      apply: { copy in
        try Data([0x23, 0x20, 0x48, 0x69, 0x0A, 0x61, 0xFF, 0x62, 0x0A]).write(
          to: URL(fileURLWithPath: copy.path + "/site/intro.md"))
      }),
    Edit(
      source: "a missing prose folder", status: 1,
      apply: { try FileManager.default.removeItem(atPath: $0.path + "/site") }),
    Edit(
      source: "a rule's error, waived (a note)", status: 0,
      apply: waiving(expires: "2999-01-01")),
    Edit(
      source: "a rule's error, its waiver expired", status: 1,
      apply: waiving(expires: "2000-01-01")),
    Edit(
      source: "a waiver that matches nothing (a warning)", status: 0,
      apply: { copy in
        try copy.write(
          "lab.yaml",
          try copy.read("lab.yaml") + "waivers:\n  - { rule: spof-mitigation, item: lgtm, reason: not needed }\n")
      }),
    Edit(
      source: "a waiver naming no rule", status: 1,
      apply: { copy in
        try copy.write(
          "lab.yaml", try copy.read("lab.yaml") + "waivers:\n  - { rule: spof-mitigatoin, item: lgtm, reason: typo }\n")
      }),
    Edit(
      source: "an unreadable spec", status: 2,
      apply: { try FileManager.default.removeItem(atPath: $0.path + "/lab.yaml") }),
  ]

  /// lgtm loses its mitigation (a `spof-mitigation` error) and gains a waiver expiring on `expires`.
  static func waiving(expires: String) -> @Sendable (TempCopy) throws -> Void {
    { copy in
      try replacing("lab.yaml", "    mitigation: migrate to Kubernetes\n", "")(copy)
      try copy.write(
        "lab.yaml",
        try copy.read("lab.yaml")
          + "waivers:\n  - { rule: spof-mitigation, item: lgtm, reason: dashboards may go dark, expires: \(expires) }\n"
      )
    }
  }

  /// The diagnostic lines of a run's stderr (`file:line:col: error: …`, `warning: …`, `note: …`), in order.
  static func diagnostics(_ stderr: String, _ root: String) -> [String] {
    stderr.split(separator: "\n").map(String.init).filter {
      $0.contains(": error:") || $0.contains(": warning:") || $0.contains(": note:")
    }.map { $0.replacingOccurrences(of: root, with: "LAB") }
  }

  @Test("Same exit status and the same diagnostics", arguments: edits)
  func agree(_ edit: Edit) async throws {
    let copy = try TempCopy(of: TestLab.example)
    defer { copy.remove() }
    try edit.apply(copy)
    let out = copy.path + "-out"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let check = try await Labctl.run(["check", copy.path])
    let build = try await Labctl.run(["build", copy.path, "-o", out])
    #expect(check.status == edit.status, "check: \(check.stderr)")
    #expect(build.status == edit.status, "build: \(build.stderr)")
    #expect(Self.diagnostics(check.stderr, copy.path) == Self.diagnostics(build.stderr, copy.path))
    if edit.source.contains("waive") || edit.source.contains("waiver") {
      #expect(!Self.diagnostics(check.stderr, copy.path).isEmpty, "the edit yields a diagnostic: \(check.stderr)")
    }
    #expect(FileManager.default.fileExists(atPath: out) == (edit.status == 0), "build wrote OUT only when clean")
  }
}

struct EditError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
