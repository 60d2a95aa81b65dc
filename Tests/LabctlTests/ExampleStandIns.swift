import Foundation
import LabTestSupport
import Testing

/// The example lab stood in on loopback: every endpoint the shipped resolve file maps gets a listener this test
/// starts (a TCP stand-in per host check, knotd serving the exported zones for technitium's instances and
/// VIP), and a resolve file mapping the declared endpoints to them. Nothing leaves 127.0.0.1.
final class ExampleStandIns: @unchecked Sendable {
  static let shipped = TestLab.example + "/probe/resolve.txt"
  let resolveFile: String
  private(set) var listeners: [(comment: String, standIn: StandIn)] = []
  private(set) var dns: [KnotServer] = []

  /// The shipped file's entries: declared `HOST:PORT`, and the comment saying what stands in.
  static func entries() throws -> [(declared: String, comment: String)] {
    try String(contentsOfFile: shipped, encoding: .utf8).split(separator: "\n").compactMap { line in
      guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { return nil }
      let comment = line.split(separator: "#", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
      return (String(line[..<eq]), comment)
    }
  }

  /// Exports the example's zones into `dir`, starts the stand-ins and writes `dir/resolve.txt`.
  init(in dir: String) async throws {
    resolveFile = dir + "/resolve.txt"
    let exported = try await Labctl.run(["export", "zone", TestLab.example, "-o", dir + "/export"])
    #expect(exported.status == 0, "\(exported.stderr)")
    var zones: [String: String] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/export/zones") where file.hasSuffix(".zone")
    {
      zones[String(file.dropLast(5))] = try String(contentsOfFile: dir + "/export/zones/" + file, encoding: .utf8)
    }
    var map: [String] = []
    do {
      for (declared, comment) in try Self.entries() {
        if comment.contains("technitium") {
          let server = try KnotServer(zones: zones)
          dns.append(server)
          map.append("\(declared)=127.0.0.1:\(server.port)")
        } else {
          // Each on an address of its own: when `takeAway` takes it down, no listener another test opens on
          // 127.0.0.1 can answer for it (seen in a full run: arr-vm and wings-n1 "answered" after hx90 went).
          let standIn = try StandIn(.accept, host: StandIn.uniqueLoopback())
          listeners.append((comment, standIn))
          map.append("\(declared)=\(standIn.endpoint)")
        }
      }
      for d in dns { try await d.waitUntilServing("lab.internal") }
      try map.joined(separator: "\n").write(toFile: resolveFile, atomically: true, encoding: .utf8)
    } catch {
      stop()
      throw error
    }
  }

  /// Takes away the listeners whose comment says they are on `host` (`on hx90`): the host and its VMs are gone.
  func takeAway(_ host: String) {
    for l in listeners where l.comment.contains("on \(host)") { l.standIn.takeDown() }
  }

  /// What the kernel has on the endpoints of the listeners on `host` (`ss -tanp`), for a failure message: a
  /// taken-away host that still answers shows who answers for it.
  func sockets(on host: String) async -> String {
    let endpoints = listeners.filter { $0.comment.contains("on \(host)") }.map(\.standIn.endpoint)
    guard let ss = Peers.find("ss"), let out = try? await Peers.run(ss, ["-tanp"], timeout: 30) else {
      return "(ss not available)"
    }
    let lines = out.stdout.split(separator: "\n").filter { line in endpoints.contains { line.contains($0) } }
    return "sockets on \(endpoints.joined(separator: ", ")):\n" + lines.joined(separator: "\n")
  }

  func stop() {
    for l in listeners { l.standIn.close() }
    for d in dns { d.stop() }
  }
}
