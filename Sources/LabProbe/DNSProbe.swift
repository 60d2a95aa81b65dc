import LabModel
import NIOCore

/// Collects one length-prefixed DNS message over TCP (RFC 7766) after sending the query.
final class DNSCollector: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let query: [UInt8]
  let promise: EventLoopPromise<[UInt8]>
  var received: [UInt8] = []
  var done = false

  init(query: [UInt8], promise: EventLoopPromise<[UInt8]>) {
    self.query = query
    self.promise = promise
  }

  func handlerAdded(context: ChannelHandlerContext) {
    var buffer = context.channel.allocator.buffer(capacity: query.count + 2)
    buffer.writeInteger(UInt16(query.count))
    buffer.writeBytes(query)
    context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let chunk = unwrapInboundIn(data)
    received += chunk.readableBytesView
    guard received.count >= 2 else { return }
    let length = Int(received[0]) << 8 | Int(received[1])
    if received.count >= length + 2 { finish(.success(Array(received[2..<(length + 2)]))) }
  }

  func channelInactive(context: ChannelHandlerContext) {
    finish(.failure(ProbeFailure.closed))
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    finish(.failure(ProbeFailure(Dialer.describe(error))))
    context.close(promise: nil)
  }

  private func finish(_ result: Result<[UInt8], any Error>) {
    guard !done else { return }
    done = true
    promise.completeWith(result)
  }
}

extension Dialer {
  /// Asks one server one question over TCP; the answers of the asked type, or why there are none.
  func dns(_ endpoint: Endpoint, name: String, type: DNSRecordType, until deadline: NIODeadline) async throws
    -> [String]
  {
    let id = UInt16.random(in: 0...UInt16.max)
    guard let query = DNSMessage.query(id: id, name: name, type: type) else {
      throw ProbeFailure("'\(name)' is not a DNS name")
    }
    let bytes = try await exchange(endpoint, until: deadline) { channel in
      let promise = channel.eventLoop.makePromise(of: [UInt8].self)
      do {
        try channel.pipeline.syncOperations.addHandler(DNSCollector(query: query, promise: promise))
      } catch {
        promise.fail(error)
      }
      return promise.futureResult
    }
    guard let reply = DNSMessage.parse(bytes, type: type), reply.id == id else {
      throw ProbeFailure("\(endpoint) sent a malformed DNS answer")
    }
    guard reply.rcode == 0 else {
      let code = reply.rcode < DNSMessage.rcodes.count ? DNSMessage.rcodes[reply.rcode] : "rcode \(reply.rcode)"
      throw ProbeFailure("\(type.rawValue) \(name): \(code)")
    }
    guard !reply.answers.isEmpty else { throw ProbeFailure("\(type.rawValue) \(name): no answer") }
    return reply.answers
  }
}
