import LabDelivery
import LabTestSupport
import Testing

/// The surgical edit: each form the image appears in, compared byte for byte with the same file written with
/// the new tag by hand, so any byte besides the tag's that changed fails the test.
@Suite struct TagEditorTests {
  func edit(_ text: String, image: String, tag: String, digest: String? = nil) throws -> (String, [TagOccurrence])? {
    guard let result = try TagEditor(image: image, tag: tag, digest: digest).edit(Array(text.utf8)) else { return nil }
    return (String(decoding: result.bytes, as: UTF8.self), result.occurrences)
  }

  @Test func kustomizeImagesChangeOnlyTheNewTag() throws {
    let (text, found) = try #require(
      try edit(GitOpsFixtures.kustomization(tag: "v1.0.0"), image: "ghcr.io/OWNER/kian.coffee", tag: "v1.1.0"))
    #expect(text == GitOpsFixtures.kustomization(tag: "v1.1.0"))
    #expect(found == [TagOccurrence(form: .kustomize, line: 8, oldTag: "v1.0.0")])
  }

  @Test func manifestImagesChangeEveryOccurrenceAndNothingInABlockScalar() throws {
    let (text, found) = try #require(
      try edit(GitOpsFixtures.deployment(tag: "v1.0.0"), image: "ghcr.io/OWNER/kian.coffee", tag: "sha-4f2a9c1"))
    #expect(text == GitOpsFixtures.deployment(tag: "sha-4f2a9c1"))
    #expect(found.map(\.line) == [10, 13])
    #expect(found.allSatisfy { $0.form == .manifest && $0.oldTag == "v1.0.0" })
    #expect(text.contains("image: ghcr.io/OWNER/kian.coffee:not-a-key"))
  }

  @Test func helmValuesWithRegistryChangeOnlyTheAppsTag() throws {
    let (text, found) = try #require(
      try edit(GitOpsFixtures.values(tag: "v1.0.0"), image: "ghcr.io/OWNER/techgarden.gg", tag: "v2.0.0"))
    #expect(text == GitOpsFixtures.values(tag: "v2.0.0"))
    #expect(found == [TagOccurrence(form: .helmValues, line: 5, oldTag: "v1.0.0")])
  }

  @Test func argoCDHelmParametersChangeOnlyTheTagValue() throws {
    let (text, found) = try #require(
      try edit(GitOpsFixtures.application(tag: "v1.0.0"), image: "ghcr.io/OWNER/hausparty", tag: "v1.0.1"))
    #expect(text == GitOpsFixtures.application(tag: "v1.0.1"))
    #expect(found == [TagOccurrence(form: .argoParameters, line: 17, oldTag: "v1.0.0")])
  }

  @Test func aTagYAMLWouldReadAsANumberIsQuotedWhereItWasBare() throws {
    let (text, _) = try #require(
      try edit(GitOpsFixtures.values(tag: "v1"), image: "ghcr.io/OWNER/techgarden.gg", tag: "1.10"))
    #expect(text.contains("  tag: \"1.10\"\n"))
    let (sha, _) = try #require(
      try edit(GitOpsFixtures.values(tag: "v1"), image: "ghcr.io/OWNER/techgarden.gg", tag: "5e3"))
    #expect(sha.contains("  tag: \"5e3\"\n"))
    // Inside quotes already: only the bytes inside change.
    let (quoted, _) = try #require(
      try edit(GitOpsFixtures.kustomization(tag: "v1"), image: "ghcr.io/OWNER/kian.coffee", tag: "1234567"))
    #expect(quoted == GitOpsFixtures.kustomization(tag: "1234567"))
  }

  @Test func aSimilarImageNameIsLeftAlone() throws {
    let text = "containers:\n  - image: ghcr.io/OWNER/kian.coffee-worker:v1\n  - image: ghcr.io/OWNER/kian.coffee:v1\n"
    let (edited, found) = try #require(try edit(text, image: "ghcr.io/OWNER/kian.coffee", tag: "v2"))
    #expect(
      edited == "containers:\n  - image: ghcr.io/OWNER/kian.coffee-worker:v1\n  - image: ghcr.io/OWNER/kian.coffee:v2\n"
    )
    #expect(found.count == 1)
  }

  @Test func anAbsentImageFindsNothing() throws {
    #expect(try edit(GitOpsFixtures.values(tag: "v1"), image: "ghcr.io/OWNER/kian.coffee", tag: "v2") == nil)
  }

  @Test func aDigestPinWithoutANewDigestIsALocatedError() throws {
    let text =
      "images:\n  - name: ghcr.io/o/app\n    newTag: v1\n    digest: sha256:\(String(repeating: "a", count: 64))\n"
    #expect {
      try edit(text, image: "ghcr.io/o/app", tag: "v2")
    } throws: { error in
      guard let error = error as? TagEditError else { return false }
      return error.line == 4 && error.message.contains("--digest")
    }
    let digest = "sha256:" + String(repeating: "b", count: 64)
    let (edited, _) = try #require(try edit(text, image: "ghcr.io/o/app", tag: "v2", digest: digest))
    #expect(edited == "images:\n  - name: ghcr.io/o/app\n    newTag: v2\n    digest: \(digest)\n")
  }

  @Test func aMissingHelmTagIsAddedBesideTheRepository() throws {
    let text = "image:\n  repository: ghcr.io/o/app  # no tag yet\n  pullPolicy: Always\n"
    let (edited, _) = try #require(try edit(text, image: "ghcr.io/o/app", tag: "v2"))
    #expect(edited == "image:\n  repository: ghcr.io/o/app  # no tag yet\n  tag: v2\n  pullPolicy: Always\n")
  }

  @Test(arguments: ["", "-v1", ".v1", "v1;rm -rf /", "v1 2", String(repeating: "a", count: 129), "v1\n"])
  func badTagsAreRefusedWithTheGrammar(_ tag: String) {
    #expect(throws: DeliveryError.self) { try Validate.tag(tag) }
  }

  @Test func tagsAndImagesAreParsedAsDockerDoes() throws {
    try Validate.tag("v1.2.3_rc-1")
    #expect(Validate.stripTag("registry.local:5000/o/app:v1") == "registry.local:5000/o/app")
    #expect(Validate.stripTag("ghcr.io/o/app@sha256:abc") == "ghcr.io/o/app")
    #expect(Validate.stripTag("ghcr.io/o/app") == "ghcr.io/o/app")
  }
}
