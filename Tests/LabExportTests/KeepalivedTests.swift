import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing

/// keepalived: one config per VIP holder, MASTER first, BACKUP descending, and keepalived accepts each.
@Suite struct KeepalivedTests {
  @Test func oneConfigPerHolderWithMasterFirst() throws {
    let lab = try TestLab.loadExample()
    let files = KeepalivedExporter(lab).export().files
    #expect(files.map(\.path) == ["dns-n2", "dns-n3", "rpi-n1"].map { "keepalived/\($0)/keepalived.conf" })
    let text = { (host: String) in
      String(decoding: files.first { $0.path.contains("/\(host)/") }!.contents, as: UTF8.self)
    }
    #expect(text("rpi-n1").contains("state MASTER") && text("rpi-n1").contains("priority 150"))
    #expect(text("dns-n2").contains("state BACKUP") && text("dns-n2").contains("priority 140"))
    #expect(text("dns-n3").contains("state BACKUP") && text("dns-n3").contains("priority 130"))
    for host in ["rpi-n1", "dns-n2", "dns-n3"] {
      #expect(text(host).contains("virtual_router_id 53"))
      #expect(text(host).contains("10.30.0.53/24 dev eth0"))
      #expect(text(host).contains("dig +short +time=2 +tries=1 @127.0.0.1 lab.internal SOA"))
    }
  }

  @Test(
    .enabled(
      if: Peers.find("keepalived") != nil || Peers.required, "keepalived not installed (apt-get install keepalived)"))
  func keepalivedAcceptsEveryConfig() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let tool = try #require(Peers.find("keepalived"), "keepalived not installed")
    let files = example.files(.keepalived)
    #expect(!files.isEmpty)
    for file in files {
      let out: Peers.Output = try await Peers.run(tool, ["--config-test", "-f", example.path(file.path)], timeout: 30)
      #expect(
        out.status == 0, "\(file.path): keepalived --config-test exited \(out.status):\n\(out.stdout)\(out.stderr)")
      print("keepalived --config-test \(file.path): exit \(out.status)\(out.stderr.isEmpty ? "" : "\n" + out.stderr)")
    }
  }
}
