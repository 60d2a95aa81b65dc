import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import LabServer

/// Graceful shutdown with a drain, on NIO's embedded channel: the shutdown is held back while requests
/// keep coming, and passed on once the connection is idle for the linger or the deadline passes.
@Suite("Fast path: draining on graceful shutdown")
struct FastPathDrainTests {
  typealias Pipe = FastPathHandlerTests.Pipe

  @Test("Requests that arrive after the shutdown began are still answered; idle, it is passed on")
  func drainsThenPassesOn() throws {
    let pipe = try Pipe(drain: Drain(timeout: .seconds(10), linger: .seconds(1)))
    let loop = pipe.channel.embeddedEventLoop
    pipe.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    loop.run()
    #expect(pipe.recorder.quiesceEvents == 0, "passed on at once, dropping what is still in the socket")
    loop.advanceTime(by: .milliseconds(500))
    try pipe.send("/style.css")
    #expect(try pipe.answered().map(\.head.status) == [.ok], "a request sent just before the signal")
    try pipe.send("/healthz")
    #expect(try pipe.handedOn() == ["/healthz"])
    loop.advanceTime(by: .seconds(2))
    #expect(pipe.recorder.quiesceEvents == 0, "passed on while a routed response was unfinished")
    try pipe.routerResponds()
    loop.advanceTime(by: .milliseconds(900))
    #expect(pipe.recorder.quiesceEvents == 0, "passed on before the linger")
    loop.advanceTime(by: .milliseconds(200))
    #expect(pipe.recorder.quiesceEvents == 1, "not passed on once idle for the linger")
    try pipe.send("/")
    #expect(try pipe.handedOn() == ["/"], "answered here after passing the shutdown on")
  }

  @Test("A connection that never goes idle is passed on at the deadline")
  func deadline() throws {
    let pipe = try Pipe(drain: Drain(timeout: .seconds(3), linger: .seconds(1)))
    let loop = pipe.channel.embeddedEventLoop
    pipe.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    for _ in 0..<5 {
      loop.advanceTime(by: .milliseconds(500))
      try pipe.send("/style.css")
      _ = try pipe.answered()
    }
    #expect(pipe.recorder.quiesceEvents == 0)
    loop.advanceTime(by: .milliseconds(600))
    #expect(pipe.recorder.quiesceEvents == 1, "still held back past the deadline")
  }
}
