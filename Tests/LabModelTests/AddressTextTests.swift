import LabModel
import Testing

/// The recognizer behind the public redaction and the public-leak rule.
@Suite struct AddressTextTests {
  static func redacted(_ text: String) -> String { AddressText.replacingAddresses(in: text, with: "#") }

  @Test(
    "Addresses in every form are found",
    arguments: [
      ("10.30.0.9", "#"), ("at 10.30.0.0/24.", "at #."), ("pool 10.30.0.100-10.30.0.119", "pool #-#"),
      ("10.300.0.0/33 (a typo)", "# (a typo)"), ("key:10.0.0.1", "key:#"), ("10.0.0.1:8080", "#:8080"),
      ("fd00::1", "#"), ("2001:db8::1", "#"), ("2001:db8::1/64, again", "#, again"), ("::1", "#"),
      ("2001:db8:0:0:0:0:0:1", "#"), ("::ffff:10.0.0.1", "#"), ("fe80::1%eth0 x", "# x"),
      ("aa:bb:cc:dd:ee:ff", "#"), ("AA-BB-CC-DD-EE-FF", "#"), ("aabb.ccdd.ee01", "#"),
      ("(10.0.0.1)", "(#)"), ("'2001:db8::5'", "'#'"), ("a 1.2.3.4 b 5.6.7.8", "a # b #"),
    ])
  func finds(text: String, expected: String) {
    #expect(Self.redacted(text) == expected)
    #expect(AddressText.containsAddress(text))
  }

  @Test(
    "Words, times and versions are not addresses",
    arguments: [
      "backups at 03:30:00", "std::map", "deadbeef", "3-2-1 backup", "v1.2.3", "ed-n1", "HP EliteDesk 800 G4",
      "hypervisors · switches", "ratio 16:9", "cafe:babe", "host10.0.0.1x", "talos 1.7.4",
    ])
  func ignores(text: String) {
    #expect(Self.redacted(text) == text)
    #expect(!AddressText.containsAddress(text))
  }
}
