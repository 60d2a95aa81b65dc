import Foundation
import LabModel
import LabRender
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import LabServer

/// The channel-level fast path on NIO's embedded channel: what it answers itself, what it hands on to
/// Hummingbird, and that responses keep the order of their requests.
@Suite("Site fast path in the channel pipeline")
struct FastPathHandlerTests {
  /// An embedded channel with the fast path in front of a recorder standing in for Hummingbird.
  struct Pipe {
    let channel = EmbeddedChannel()
    let recorder = EventRecorder()

    init(
      store: PageStore = SamplePage.store(metrics: ServerMetrics()), idleTimeout: TimeAmount? = nil,
      drain: Drain? = nil
    ) throws {
      try channel.pipeline.syncOperations.addHandler(
        PageFastPathHandler(store: store, date: HTTPDateCache(), idleTimeout: idleTimeout, drain: drain))
      try channel.pipeline.syncOperations.addHandler(recorder)
    }

    /// Sends a request; HTTP/1.1 ones carry `Host: lab` unless `headers` name a host or `host` is false.
    func send(
      _ uri: String, method: HTTPMethod = .GET, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:],
      host: Bool = true
    ) throws {
      var headers = headers
      if host, version == .http1_1, !headers.contains(name: "host") { headers.add(name: "Host", value: "lab") }
      try channel.writeInbound(
        HTTPServerRequestPart.head(HTTPRequestHead(version: version, method: method, uri: uri, headers: headers)))
      try channel.writeInbound(HTTPServerRequestPart.end(nil))
    }

    /// The URIs of the requests handed on since the last call.
    func handedOn() throws -> [String] {
      var uris: [String] = []
      while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
        if case .head(let head) = part { uris.append(head.uri) }
      }
      return uris
    }

    /// The responses written by the fast path since the last call: head and the body's bytes.
    func answered() throws -> [(head: HTTPResponseHead, body: [UInt8])] {
      var responses: [(HTTPResponseHead, [UInt8])] = []
      while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
        switch part {
        case .head(let head): responses.append((head, []))
        case .body(.byteBuffer(let buffer)): responses[responses.count - 1].1 += Array(buffer.readableBytesView)
        case .body: Issue.record("unexpected file region")
        case .end: break
        }
      }
      return responses
    }

    /// Stands in for the router finishing a response it was handed.
    func routerResponds() throws {
      try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
      try channel.writeOutbound(HTTPServerResponsePart.end(nil))
      _ = try answered()
    }
  }

  final class EventRecorder: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    var quiesceEvents = 0

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
      if event is ChannelShouldQuiesceEvent { quiesceEvents += 1 }
      context.fireUserInboundEventTriggered(event)
    }
  }

  @Test("A GET of a site file is answered in the pipeline with the prepared head, a Date and the body")
  func answers() throws {
    let pipe = try Pipe()
    try pipe.send("/style.css?v=2")
    #expect(try pipe.handedOn().isEmpty)
    let responses = try pipe.answered()
    try #require(responses.count == 1)
    let (head, body) = responses[0]
    #expect(head.status == .ok)
    #expect(head.headers["Content-Type"] == ["text/css; charset=utf-8"])
    #expect(head.headers["Content-Security-Policy"] == [ResponseHeaders.contentSecurityPolicy])
    #expect(head.headers["Date"].first?.hasSuffix(" GMT") == true)
    #expect(body == SamplePage.site["style.css"]?.contents)
  }

  @Test("304 for a matching If-None-Match and gzip when accepted, as the router would answer")
  func conditionalAndGzip() throws {
    let pipe = try Pipe()
    try pipe.send("/", headers: ["Accept-Encoding": "gzip"])
    let gz = try #require(try pipe.answered().first)
    #expect(gz.head.headers["Content-Encoding"] == ["gzip"])
    #expect(try Gunzip.decode(gz.body) == SamplePage.site["index.html"]?.contents)
    let etag = try #require(gz.head.headers["ETag"].first)
    try pipe.send("/", headers: ["Accept-Encoding": "gzip", "If-None-Match": etag])
    let notModified = try #require(try pipe.answered().first)
    #expect(notModified.head.status == .notModified)
    #expect(notModified.body.isEmpty)
    #expect(notModified.head.headers["ETag"] == [etag])
  }

  @Test(
    "Everything that is not a plain keep-alive GET of a site file goes on to the router",
    arguments: [
      ("POST", "/", "1.1", ""), ("GET", "/healthz", "1.1", ""), ("GET", "/nope", "1.1", ""),
      ("GET", "/", "1.0", ""), ("GET", "/", "1.1", "Connection: close"), ("GET", "/", "1.1", "Content-Length: 4"),
      ("GET", "/", "1.1", "Transfer-Encoding: chunked"), ("GET", "http://lab/", "1.1", ""),
    ])
  func handsOn(method: String, uri: String, version: String, header: String) throws {
    let pipe = try Pipe()
    var headers = HTTPHeaders()
    if let colon = header.firstIndex(of: ":") {
      headers.add(name: String(header[..<colon]), value: String(header[header.index(after: colon)...].dropFirst()))
    }
    try pipe.send(
      uri, method: HTTPMethod(rawValue: method), version: version == "1.0" ? .http1_0 : .http1_1, headers: headers)
    #expect(try pipe.handedOn() == [uri])
    #expect(try pipe.answered().isEmpty)
  }

  @Test("Before the first good render every request goes on to the router (which answers 503)")
  func noSiteYet() throws {
    let pipe = try Pipe(store: PageStore())
    try pipe.send("/")
    #expect(try pipe.handedOn() == ["/"])
  }

  @Test("While a routed response is unfinished, site files wait their turn behind it")
  func keepsOrder() throws {
    let pipe = try Pipe()
    try pipe.send("/healthz")
    try pipe.send("/style.css")
    #expect(try pipe.handedOn() == ["/healthz", "/style.css"])
    #expect(try pipe.answered().isEmpty)
    try pipe.routerResponds()
    try pipe.send("/lab.json")
    #expect(try pipe.handedOn() == ["/lab.json"])
    try pipe.routerResponds()
    try pipe.routerResponds()
    try pipe.send("/lab.json")
    #expect(try pipe.handedOn().isEmpty)
    #expect(try pipe.answered().count == 1)
  }

  @Test("After a graceful-shutdown request it answers nothing itself and passes the request on")
  func quiesce() throws {
    let pipe = try Pipe()
    try pipe.send("/")
    #expect(try pipe.answered().count == 1)
    pipe.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    pipe.channel.embeddedEventLoop.run()
    #expect(pipe.recorder.quiesceEvents == 1)
    try pipe.send("/")
    #expect(try pipe.handedOn() == ["/"])
  }

  @Test("While the socket is not writable, requests go on to the router, which waits for it")
  func backpressure() throws {
    let pipe = try Pipe()
    pipe.channel.isWritable = false
    try pipe.send("/")
    #expect(try pipe.handedOn() == ["/"])
    #expect(try pipe.answered().isEmpty)
    try pipe.routerResponds()
    pipe.channel.isWritable = true
    try pipe.send("/")
    #expect(try pipe.handedOn().isEmpty)
    #expect(try pipe.answered().count == 1)
  }

  @Test("A connection idle for the timeout is closed; each request starts the count again")
  func idleTimeout() throws {
    let pipe = try Pipe(idleTimeout: .seconds(60))
    try pipe.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
    let loop = pipe.channel.embeddedEventLoop
    loop.advanceTime(by: .seconds(50))
    try pipe.send("/")
    _ = try pipe.answered()
    loop.advanceTime(by: .seconds(50))
    #expect(pipe.channel.isActive, "closed 50 s after a request")
    loop.advanceTime(by: .seconds(11))
    #expect(!pipe.channel.isActive, "still open 61 s after the last request")
  }

  @Test("A routed response still being made keeps the connection open past the timeout")
  func idleWhileRouted() throws {
    let pipe = try Pipe(idleTimeout: .seconds(60))
    try pipe.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
    let loop = pipe.channel.embeddedEventLoop
    try pipe.send("/healthz")
    loop.advanceTime(by: .seconds(90))
    #expect(pipe.channel.isActive, "closed while the router was still answering")
    try pipe.routerResponds()
    loop.advanceTime(by: .seconds(59))
    #expect(pipe.channel.isActive)
    loop.advanceTime(by: .seconds(62))
    #expect(!pipe.channel.isActive)
  }

  @Test(
    "An HTTP/1.1 request without exactly one Host header gets a 400 and the connection closes",
    arguments: ["/", "/healthz"], [0, 2])
  func missingHost(uri: String, hosts: Int) throws {
    let pipe = try Pipe()
    try pipe.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
    var headers = HTTPHeaders()
    for i in 0..<hosts { headers.add(name: "Host", value: "lab\(i)") }
    try pipe.send(uri, headers: headers, host: false)
    #expect(try pipe.handedOn().isEmpty, "handed on to the router")
    let responses = try pipe.answered()
    try #require(responses.count == 1)
    #expect(responses[0].head.status == .badRequest)
    #expect(responses[0].head.headers["Connection"] == ["close"])
    #expect(String(decoding: responses[0].body, as: UTF8.self).contains("Host header"))
    pipe.channel.embeddedEventLoop.run()
    #expect(!pipe.channel.isActive, "the connection stays open after the 400")
    // HTTP/1.0 needs no Host.
    let old = try Pipe()
    try old.send(uri, version: .http1_0, host: false)
    #expect(try old.handedOn() == [uri])
  }

  @Test("A request without Host behind an unfinished routed response is answered 400 after it, in order")
  func missingHostWaitsItsTurn() throws {
    let pipe = try Pipe()
    try pipe.send("/healthz")
    try pipe.send("/", host: false)
    try pipe.send("/style.css")
    #expect(try pipe.handedOn() == ["/healthz"])
    #expect(try pipe.answered().isEmpty)
    try pipe.channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
    try pipe.channel.writeOutbound(HTTPServerResponsePart.end(nil))
    #expect(try pipe.answered().map(\.head.status) == [.ok, .badRequest])
  }

  @Test("The Date header is an IMF-fixdate")
  func dateFormat() {
    #expect(HTTPDateCache.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    #expect(HTTPDateCache.format(1_795_651_200) == "Thu, 26 Nov 2026 00:00:00 GMT")
  }
}
