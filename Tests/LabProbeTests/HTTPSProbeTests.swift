import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// HTTPS checks against `openssl s_server` on loopback with a certificate made here, valid for 5 days.
@Suite struct HTTPSProbeTests {
  @Test(Peers.needs("openssl", install: "apt-get install openssl"))
  func certificateDaysLeftAndVerification() async throws {
    let openssl = try #require(Peers.find("openssl"))
    let dir = NSTemporaryDirectory() + "labctl-tls-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let made: Peers.Output = try await Peers.run(
      openssl,
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
        "-days", "5", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ])
    #expect(made.status == 0, "\(made.stderr)")
    let port = try FreePort.pick()
    let server = try Daemon(
      openssl,
      ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/cert.pem", "-key", dir + "/key.pem", "-www"],
      log: dir + "/s_server.log")
    defer { server.stop() }
    let prober = Probe.prober()
    func check(certDays: Int?, verify: Bool) -> PlannedCheck {
      Probe.planned(
        Check(
          kind: .http, name: "https", url: ProbeURL("https://127.0.0.1:\(port)/"), certDays: certDays, tlsVerify: verify
        ),
        at: "127.0.0.1:\(port)", timeout: 30)
    }
    let ready = await waitUntil(seconds: 60) { await prober.run(check(certDays: nil, verify: false)).state == .up }
    #expect(ready, "s_server never answered:\n\(server.output)")
    let soon = await prober.run(check(certDays: 30, verify: false))
    #expect(soon.state == .degraded, "\(soon)")
    #expect(soon.reason == "the certificate expires in 4 days", "\(soon.reason ?? "")")
    let fine = await prober.run(check(certDays: 2, verify: false))
    #expect(fine.state == .up, "\(fine)")
    let untrusted = await prober.run(check(certDays: nil, verify: true))
    #expect(untrusted.state == .down, "a self-signed certificate fails verification")
  }
}
