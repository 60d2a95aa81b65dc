import Foundation
import LabExport
import LabModel
import LabSpec
import LabTestSupport
import Testing

/// The lab.yaml keys the exports read (`vlans.*.gateway`, `ha.vrid`, `ha.interface`) and their defaults.
@Suite struct ExportKeysTests {
  static let yaml = """
    lab: { name: keys, domain: keys.internal }
    vlans:
      servers: { id: 30, subnet: 10.30.0.0/24, gateway: 10.30.0.254 }
    machines:
      a: { vlan: servers, address: 10.30.0.2 }
      b: { vlan: servers, address: 10.30.0.3 }
    services:
      dns: { runs_on: [a, b], exposes: dns, ha: { kind: vip, vip: 10.30.0.53, vrid: 7, interface: ens18 } }
    firewall: { default: deny }
    """

  @Test func declaredKeysReachTheExports() throws {
    let result = TestLab.load(Self.yaml)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let lab = try #require(result.lab)
    #expect(lab.vlans[0].gateway == IPv4("10.30.0.254"))
    let conf = try #require(KeepalivedExporter(lab).export()["keepalived/a/keepalived.conf"])
    let text = String(decoding: conf.contents, as: UTF8.self)
    #expect(text.contains("virtual_router_id 7") && text.contains("interface ens18"))
    #expect(text.contains("10.30.0.53/24 dev ens18"))
  }

  @Test func defaultsKeepALabWithoutThemExporting() throws {
    let yaml = Self.yaml.replacingOccurrences(of: ", gateway: 10.30.0.254", with: "")
      .replacingOccurrences(of: ", vrid: 7, interface: ens18", with: "")
    let lab = try #require(TestLab.load(yaml).lab)
    let conf = try #require(KeepalivedExporter(lab).export()["keepalived/b/keepalived.conf"])
    let text = String(decoding: conf.contents, as: UTF8.self)
    #expect(text.contains("virtual_router_id 53") && text.contains("interface eth0") && text.contains("state BACKUP"))
  }
}
