import Foundation
import LabModel
import NIOCore
import NIOHTTP1
import NIOSSL

/// What an HTTP server answered: status, the body's first bytes, the certificate's expiry when over TLS.
struct HTTPAnswer: Sendable {
  var status: Int
  var body: String
  /// The peer certificate's `notAfter`, seconds since 1970.
  var certificateExpiry: Int?
}

/// Collects one HTTP response: head, up to `limit` bytes of body, end. Closing first fails it.
final class HTTPCollector: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundOut = HTTPClientRequestPart

  let request: HTTPRequestHead
  let requestBody: ByteBuffer?
  let promise: EventLoopPromise<HTTPAnswer>
  let limit: Int
  var status: Int?
  var body: ByteBuffer?
  var expiry: Int?
  var sent = false
  var done = false

  init(
    request: HTTPRequestHead, body: ByteBuffer? = nil, promise: EventLoopPromise<HTTPAnswer>, limit: Int = 1 << 20
  ) {
    self.request = request
    self.requestBody = body
    self.promise = promise
    self.limit = limit
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { send(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    send(context)
    context.fireChannelActive()
  }

  private func send(_ context: ChannelHandlerContext) {
    guard !sent else { return }
    sent = true
    context.write(wrapOutboundOut(.head(request)), promise: nil)
    if let requestBody { context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil) }
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
  }

  private func finish(_ result: Result<HTTPAnswer, any Error>) {
    guard !done else { return }
    done = true
    promise.completeWith(result)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      status = Int(head.status.code)
      if let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
        expiry = tls.peerCertificate.map { Int($0.notValidAfter) }
      }
    case .body(var chunk):
      let room = limit - (body?.readableBytes ?? 0)
      if room > 0, let slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
        if body == nil { body = slice } else { body!.writeImmutableBuffer(slice) }
      }
    case .end:
      guard let status else { return finish(.failure(ProbeFailure.closed)) }
      finish(
        .success(
          HTTPAnswer(
            status: status, body: body.map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? "",
            certificateExpiry: expiry)))
      context.close(promise: nil)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    finish(.failure(ProbeFailure.closed))
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    finish(.failure(ProbeFailure(Dialer.describe(error))))
    context.close(promise: nil)
  }
}

extension Dialer {
  /// One `GET` of the URL; over TLS the certificate is verified unless `verify` is false.
  func http(
    _ url: ProbeURL, hostHeader: String?, verify: Bool, method: HTTPMethod = .GET, body: [UInt8]? = nil,
    contentType: String? = nil, until deadline: NIODeadline
  ) async throws -> HTTPAnswer {
    let endpoint = Endpoint(host: url.host, port: url.port)
    let defaultPort = url.tls ? 443 : 80
    var headers = HTTPHeaders()
    headers.add(name: "Host", value: hostHeader ?? (url.port == defaultPort ? url.host : "\(url.host):\(url.port)"))
    headers.add(name: "User-Agent", value: "labctl-probe")
    headers.add(name: "Accept", value: "*/*")
    headers.add(name: "Connection", value: "close")
    if let body {
      headers.add(name: "Content-Type", value: contentType ?? "application/octet-stream")
      headers.add(name: "Content-Length", value: String(body.count))
    }
    let head = HTTPRequestHead(version: .http1_1, method: method, uri: url.path, headers: headers)
    let requestBody = body.map { ByteBuffer(bytes: $0) }
    let sslContext: NIOSSLContext?
    if url.tls {
      var config = TLSConfiguration.makeClientConfiguration()
      if !verify { config.certificateVerification = .none }
      sslContext = try NIOSSLContext(configuration: config)
    } else {
      sslContext = nil
    }
    let serverName = hostHeader ?? (IPv4(url.host) == nil ? url.host : nil)
    // The collector is added once the connection is up, so its request is written then.
    return try await exchange(
      endpoint, until: deadline,
      initializer: { channel in
        channel.eventLoop.makeCompletedFuture {
          if let sslContext {
            try channel.pipeline.syncOperations.addHandler(
              NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
          }
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
        }
      },
      start: { channel in
        let promise = channel.eventLoop.makePromise(of: HTTPAnswer.self)
        do {
          try channel.pipeline.syncOperations.addHandler(
            HTTPCollector(request: head, body: requestBody, promise: promise))
        } catch {
          promise.fail(error)
        }
        return promise.futureResult
      })
  }
}
