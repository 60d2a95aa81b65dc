import Foundation
import LabTestSupport
import Testing

/// `labctl serve` under what a real network does to it: SIGTERM with requests in flight, more connections
/// than it has file descriptors for, requests without `Host`. The built binary, over raw sockets.
@Suite("labctl serve: drain, limits, Host")
struct ServeHardeningTests {
  /// `count` GETs of `path` on one keep-alive connection, written at once.
  static func pipelined(_ path: String, count: Int) -> String {
    String(repeating: "GET \(path) HTTP/1.1\r\nHost: lab\r\n\r\n", count: count)
  }

  @Test("SIGTERM answers every request already sent, then exits 0")
  func drainOnSigterm() async throws {
    let server = try await ServeProcess.start([TestLab.example, "--poll", "3600", "--threads", "1"])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")
    // Keep-alive clients, each accepted and answered once, then a batch each: routed requests (more than
    // Hummingbird reads ahead, so most are still unread in the socket when SIGTERM arrives) and pages.
    var connections: [(RawConnection, Int)] = []
    for i in 0..<8 {
      let connection = try #require(RawConnection(port: server.port))
      #expect(connection.send("GET /style.css HTTP/1.1\r\nHost: lab\r\n\r\n"))
      #expect(await connection.readResponses(1) == [200])
      connections.append((connection, i.isMultiple(of: 2) ? 200 : 40))
    }
    for (i, (connection, count)) in connections.enumerated() {
      #expect(connection.send(Self.pipelined(i.isMultiple(of: 2) ? "/healthz" : "/", count: count)))
    }
    server.send(SIGTERM)
    let answers = await withTaskGroup(of: (Int, [Int]).self) { group in
      for (connection, count) in connections { group.addTask { (count, await connection.readResponses(count)) } }
      return await group.reduce(into: [(Int, [Int])]()) { $0.append($1) }
    }
    for (count, statuses) in answers {
      #expect(statuses.count == count, "\(statuses.count) of \(count) requests answered")
      #expect(statuses.allSatisfy { $0 == 200 }, "statuses \(Set(statuses))")
    }
    let status = await server.waitExit()
    #expect(status == 0, "exit status \(String(describing: status)):\n\(server.stderr)")
  }

  @Test("Past --max-connections new connections get 503; /healthz stays ok; a reload still reads the lab")
  func connectionCap() async throws {
    let dir = NSTemporaryDirectory() + "labctl-cap-" + UUID().uuidString
    try FileManager.default.copyItem(atPath: TestLab.example, toPath: dir)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let server = try await ServeProcess.start(
      // No idle timeout: on two busy cores the held connections and the probe can wait longer than the
      // default 60 s for their turn, and a connection closed for idling would read as one refused at the cap.
      [dir, "--poll", "0.2", "--max-connections", "100", "--idle-timeout", "0"],
      launcher: ["/usr/bin/prlimit", "--nofile=256:256"])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")
    // One connection first, kept for asking /healthz while the rest hold the server at its cap.
    let probe = try #require(RawConnection(port: server.port))
    #expect(probe.send("GET /healthz HTTP/1.1\r\nHost: lab\r\n\r\n"))
    #expect(await probe.readResponses(1) == [200])
    var held: [RawConnection] = []
    for _ in 0..<149 { if let connection = RawConnection(port: server.port) { held.append(connection) } }
    // Every request written first, then every answer read at once: the wait is one bound, not one per
    // connection. A refused connection answers 503 or closes; none may hang.
    for connection in held { _ = connection.send("GET /style.css HTTP/1.1\r\nHost: lab\r\n\r\n") }
    let statuses = await withTaskGroup(of: (Int, Int).self) { group in
      for (i, connection) in held.enumerated() {
        group.addTask { (i, await connection.readResponses(1, seconds: 120).first ?? 0) }
      }
      return await group.reduce(into: [Int](repeating: 0, count: held.count)) { $0[$1.0] = $1.1 }
    }
    // At most 99 besides the probe (the readiness check's pooled connection may hold one slot too).
    let ok = statuses.filter { $0 == 200 }.count
    #expect((90...99).contains(ok), "\(ok) answered 200 besides the probe; the cap is 100")
    #expect(statuses.filter { $0 == 503 || $0 == 0 }.count == held.count - ok, "statuses \(statuses)")
    #expect(statuses.contains(503), "nothing past the cap was answered 503")
    // At the cap, an edit of the prose is still read: the reload has its file descriptors.
    let intro = dir + "/site/intro.md"
    let text = try String(contentsOfFile: intro, encoding: .utf8)
    try (text + "\nThe cap holds.\n").write(toFile: intro, atomically: true, encoding: .utf8)
    var reloaded = false
    for _ in 0..<1200 where !reloaded {
      #expect(probe.send("GET / HTTP/1.1\r\nHost: lab\r\n\r\n"))
      reloaded = await probe.readBody().contains("The cap holds.")
      if !reloaded { try await Task.sleep(for: .milliseconds(50)) }
    }
    #expect(reloaded, "a prose edit was not picked up at the cap:\n\(server.stderr)")
    #expect(probe.send("GET /healthz HTTP/1.1\r\nHost: lab\r\n\r\n"))
    let health = await probe.readBody()
    #expect(health.contains("\"status\" : \"ok\""), "health at the cap: \(health)")
    held.removeAll()
    // Once they close, a new connection is served again.
    var served = false
    for _ in 0..<1200 where !served {
      if let fresh = RawConnection(port: server.port), fresh.send("GET /style.css HTTP/1.1\r\nHost: lab\r\n\r\n") {
        served = await fresh.readResponses(1) == [200]
      }
      if !served { try await Task.sleep(for: .milliseconds(50)) }
    }
    #expect(served, "no new connection served after the others closed")
    #expect(await server.stop() == 0)
  }

  @Test("HTTP/1.1 without Host is 400, for a page file and for a route alike", arguments: ["/style.css", "/healthz"])
  func missingHost(path: String) async throws {
    let server = try await ServeProcess.start([TestLab.example, "--poll", "3600"])
    defer { server.kill() }
    #expect(await server.waitReady(), "not ready:\n\(server.stderr)")
    let bare = try #require(RawConnection(port: server.port))
    #expect(bare.send("GET \(path) HTTP/1.1\r\n\r\n"))
    #expect(await bare.readResponses(1) == [400])
    #expect(await bare.waitClosed(), "the connection stayed open after the 400")
    let twice = try #require(RawConnection(port: server.port))
    #expect(twice.send("GET \(path) HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
    #expect(await twice.readResponses(1) == [400])
    let good = try #require(RawConnection(port: server.port))
    #expect(good.send("GET \(path) HTTP/1.1\r\nHost: lab\r\n\r\n"))
    #expect(await good.readResponses(1) == [200])
    let old = try #require(RawConnection(port: server.port))
    #expect(old.send("GET \(path) HTTP/1.0\r\n\r\n"))
    #expect(await old.readResponses(1) == [200])
    #expect(await server.stop() == 0)
  }
}
