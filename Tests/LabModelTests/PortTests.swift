import LabModel
import Testing

@Suite struct PortTests {
  @Test(arguments: [("tcp/8123", "tcp/8123"), ("UDP/27015-27030", "udp/27015-27030"), ("tcp/443-443", "tcp/443")])
  func parsesPortsAndRanges(_ text: String, _ written: String) throws {
    let port = try #require(Port(text))
    #expect(port.description == written)
  }

  @Test(arguments: ["8123", "tcp/", "tcp/0", "tcp/70000", "sctp/80", "tcp/90-80", "tcp/80-90-100", "tcp/8o"])
  func refusesWhatIsNotAPort(_ text: String) {
    #expect(Port(text) == nil)
  }

  @Test func aRangeHoldsItsPorts() throws {
    let range = try #require(Port("tcp/8000-8100"))
    #expect(range.contains(8080))
    #expect(!range.contains(8443))
  }

  @Test func aPoolKeepsTheCIDRItWasWrittenAs() throws {
    #expect(try #require(IPv4Range("10.30.0.192/27")).description == "10.30.0.192/27")
    #expect(try #require(IPv4Range("10.30.0.200-10.30.0.220")).description == "10.30.0.200-10.30.0.220")
  }
}
