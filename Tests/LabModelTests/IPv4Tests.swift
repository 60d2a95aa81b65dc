import LabModel
import Testing

@Suite struct IPv4Tests {
  @Test(arguments: ["10.0.0.1", "255.255.255.255", "0.0.0.0"])
  func parsesValid(_ text: String) {
    #expect(IPv4(text)?.description == text)
  }

  @Test(arguments: ["10.0.0", "256.1.1.1", "a.b.c.d", "1..1.1", "10.0.0.1.2"])
  func rejectsInvalid(_ text: String) {
    #expect(IPv4(text) == nil)
  }

  @Test func cidrContainsAndOverlaps() throws {
    let a = try #require(CIDR("10.30.0.0/24"))
    let b = try #require(CIDR("10.30.0.0/16"))
    let c = try #require(CIDR("10.31.0.0/24"))
    #expect(a.contains(IPv4("10.30.0.200")!))
    #expect(!a.contains(IPv4("10.30.1.1")!))
    #expect(a.overlaps(b))
    #expect(!a.overlaps(c))
    #expect(CIDR("10.30.0.1/24") == nil)
  }

  @Test func suggestionFindsTypos() {
    #expect(Suggestion.closest(to: "ed-m2", in: ["ed-n1", "ed-n2"]) == "ed-n2")
    #expect(Suggestion.closest(to: "zzzzzz", in: ["ed-n1"]) == nil)
  }
}
