import LabModel
import Testing

@testable import LabCheck

@Suite struct SubnetIndexTests {
  let index = SubnetIndex([
    VLAN(name: "wide", id: 10, subnet: CIDR("10.0.0.0/8")),
    VLAN(name: "inner", id: 20, subnet: CIDR("10.5.0.0/24")),
    VLAN(name: "other", id: 30, subnet: CIDR("192.168.1.0/24")),
    VLAN(name: "none", id: 40),
  ])

  @Test(arguments: [
    ("10.5.0.9", true), ("10.6.0.1", true), ("10.255.255.255", true), ("11.0.0.1", false),
    ("9.255.255.255", false), ("192.168.1.200", true), ("192.168.2.1", false), ("0.0.0.0", false),
  ])
  func holdsAddressesInAnySubnet(_ address: String, _ held: Bool) throws {
    #expect(index.contains(try #require(IPv4(address))) == held)
  }

  @Test(arguments: [
    ("10.5.0.1-10.5.0.9", true), ("10.5.0.250-10.6.0.5", true), ("10.255.0.1-11.0.0.1", false),
    ("192.168.1.0/28", true), ("192.168.1.250-192.168.2.1", false),
  ])
  func holdsRangesInOneSubnet(_ range: String, _ held: Bool) throws {
    #expect(index.containsWhole(try #require(IPv4Range(range))) == held)
  }
}
