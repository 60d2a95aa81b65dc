import LabModel
import LabSpec
import LabTestSupport
import Testing

/// Addresses, subnets, pools and ports are parsed once, when loading: the model holds typed values, and a
/// bad one is an error at the value's line and column.
@Suite struct TypedValueTests {
  @Test func theModelHoldsTypedValues() throws {
    let result = TestLab.load(
      """
      lab: { name: x }
      vlans:
        servers: { id: 30, subnet: 10.30.0.0/24 }
      machines:
        a: { vlan: servers, address: 10.30.0.11 }
      clusters:
        c: { nodes: { a: controlplane }, loadbalancer: { kind: metallb-l2, pool: 10.30.0.200-10.30.0.220 } }
      firewall:
        allow:
          - { from: servers, to: servers, ports: [tcp/8123, udp/27015-27030] }
      """)
    let lab = try #require(result.lab)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(lab.machines[0].address == IPv4("10.30.0.11"))
    #expect(lab.vlans[0].subnet == CIDR("10.30.0.0/24"))
    #expect(lab.clusters[0].loadBalancer?.pool == IPv4Range("10.30.0.200-10.30.0.220"))
    #expect(lab.firewall.allow[0].ports == [Port(.tcp, 8123), Port(.udp, 27015, 27030)])
  }

  @Test func aBadPortIsALocatedError() {
    let d = TestLab.diagnostics(
      """
      lab: { name: x }
      vlans:
        servers: { id: 30 }
      firewall:
        allow:
          - { from: servers, to: servers, ports: [tcp/8123, http] }
      """)
    #expect(d.map(\.rule) == ["schema"])
    #expect(d.first?.location?.line == 6)
    #expect(d.first?.location?.column == 55)
    #expect(d.first?.message.contains("'http' is not a port") == true)
  }

  @Test func aBadAddressIsALocatedErrorAndReadsAsAbsent() throws {
    let result = TestLab.load("lab: { name: x }\nmachines:\n  a: { address: 10.30.0.300 }\n")
    #expect(result.diagnostics.map(\.rule) == ["address-in-subnet"])
    #expect(result.diagnostics.first?.location?.column == 17)
    #expect(try #require(result.lab).machines[0].address == nil)
  }
}
