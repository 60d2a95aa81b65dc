import NIOCore
import NIOEmbedded
import Testing

@testable import LabProbe

/// The wait for an answer ends when the connection closes, even for a handler that never heard it close.
@Suite struct DialerTests {
  @Test func anAnswerAwaitedOnAChannelThatHasClosedFailsInsteadOfWaitingForEver() throws {
    let channel = EmbeddedChannel()
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    try channel.close().wait()
    // A handler added after `channelInactive` went by: its promise is never completed by anyone.
    let never = channel.eventLoop.makePromise(of: Int.self)
    let answer = Dialer.answer(channel) { _ in never.futureResult }
    channel.embeddedEventLoop.run()
    var outcome: Result<Int, any Error>?
    answer.whenComplete { outcome = $0 }
    channel.embeddedEventLoop.run()
    let failure = try #require(outcome, "the wait did not end")
    guard case .failure(let error) = failure else {
      Issue.record("an answer appeared from nowhere")
      return
    }
    #expect((error as? ProbeFailure)?.message == ProbeFailure.closed.message)
    never.succeed(1)  // completed late: ignored
  }

  @Test func anAnswerGivenBeforeTheCloseStands() throws {
    let channel = EmbeddedChannel()
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    let given = channel.eventLoop.makePromise(of: Int.self)
    let answer = Dialer.answer(channel) { _ in given.futureResult }
    given.succeed(42)
    try channel.close().wait()
    channel.embeddedEventLoop.run()
    var outcome: Int?
    answer.whenSuccess { outcome = $0 }
    channel.embeddedEventLoop.run()
    #expect(outcome == 42)
  }
}
