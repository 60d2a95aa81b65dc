import NIOCore
import NIOHTTP1

/// Answers GETs of pre-rendered site files inside the channel pipeline, right after HTTP/1 decoding:
/// no conversion to Hummingbird's request, no task, no async writer; one dictionary lookup and three writes.
///
/// Everything else goes on to Hummingbird unchanged: other methods, unknown paths, requests with a body,
/// HTTP/1.0 or `Connection: close`, absolute-form targets, the time before the first good render, and any
/// request that arrives while a response from the router is still being written (so responses on a
/// pipelined connection keep the order of their requests).
///
/// Graceful shutdown (SIGTERM): with a `drain`, a graceful-shutdown request is held back, and the handler
/// keeps answering (and handing on) every request that reaches it, until the connection has been idle for
/// the drain's linger, or its deadline passes; only then does it pass the shutdown on, so Hummingbird
/// closes the connection once its last response is written. A request a client sent just before the
/// signal, still in the socket's buffer when the shutdown began, is answered rather than dropped with
/// the connection. Without a drain, the shutdown is passed on at once. Either way the handler answers
/// nothing itself once it has passed the shutdown on, and passes it only once its last response is written.
///
/// Idle connections: with an `idleTimeout`, a connection that sends no request for that long is closed
/// (nginx's `keepalive_timeout`), unless a routed response is still being made; it sees every request,
/// so it is the one place that knows when a connection was last used.
///
/// Backpressure: while the channel is not writable (a client that sends requests faster than it reads
/// the answers), requests go on to Hummingbird too, whose writer waits for the socket; so a pipelining
/// client that never reads cannot make this handler queue answers without bound.
final class PageFastPathHandler: ChannelDuplexHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart
  typealias OutboundIn = HTTPServerResponsePart
  typealias OutboundOut = HTTPServerResponsePart

  private let store: PageStore
  private let date: HTTPDateCache
  /// Requests handed on to Hummingbird whose responses have not ended yet.
  private var handedOn = 0
  /// Whether the current request was answered here, so its body and end are dropped.
  private var answered = false
  /// Set by a graceful-shutdown request.
  private var quiescing = false
  /// Set by a request without its `Host` header: its 400 is written once the responses before it are
  /// (at once when there are none), then the connection closes; nothing read after it is handled.
  private var rejecting = false
  private var rejectionWritten = false
  /// The end of the last response written here.
  private var lastWrite: EventLoopFuture<Void>?
  private let idleTimeout: TimeAmount?
  /// When the last request arrived or the last routed response ended.
  private var lastUse: NIODeadline?
  private var idleCheck: Scheduled<Void>?
  private let drain: Drain?
  /// Set by a graceful-shutdown request held back while the connection drains: when the drain ends.
  private var drainDeadline: NIODeadline?
  private var drainCheck: Scheduled<Void>?

  init(store: PageStore, date: HTTPDateCache, idleTimeout: TimeAmount? = nil, drain: Drain? = nil) {
    self.store = store
    self.date = date
    self.idleTimeout = idleTimeout
    self.drain = drain
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { armIdleCheck(context) }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    idleCheck?.cancel()
    idleCheck = nil
    drainCheck?.cancel()
    drainCheck = nil
  }

  func channelActive(context: ChannelHandlerContext) {
    armIdleCheck(context)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    idleCheck?.cancel()
    idleCheck = nil
    drainCheck?.cancel()
    drainCheck = nil
    context.fireChannelInactive()
  }

  /// Schedules the idle check for `idleTimeout` after the last use; when it fires early (the connection
  /// was used since) or a routed response is still being made, it schedules itself again.
  private func armIdleCheck(_ context: ChannelHandlerContext) {
    guard let idleTimeout, idleCheck == nil else { return }
    let loop = context.eventLoop
    if lastUse == nil { lastUse = loop.now }
    let due = handedOn > 0 ? loop.now + idleTimeout : lastUse! + idleTimeout
    idleCheck = loop.assumeIsolated().scheduleTask(deadline: due) { [self] in
      idleCheck = nil
      if handedOn == 0, let lastUse, loop.now >= lastUse + idleTimeout {
        context.close(promise: nil)
      } else {
        armIdleCheck(context)
      }
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if rejecting { return }
    switch unwrapInboundIn(data) {
    case .head(let head):
      if idleTimeout != nil || drainDeadline != nil { lastUse = context.eventLoop.now }
      if MissingHost.violated(by: head) {
        rejecting = true
        if handedOn == 0 { writeRejection(context) }
        return
      }
      if handedOn == 0, !quiescing, context.channel.isWritable, let (responseHead, body) = answer(head) {
        answered = true
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        lastWrite = written.futureResult
        return
      }
      answered = false
      handedOn += 1
      context.fireChannelRead(data)
    case .body, .end:
      if !answered { context.fireChannelRead(data) }
    }
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    guard case .end = unwrapOutboundIn(data), handedOn > 0 else {
      context.write(data, promise: promise)
      return
    }
    handedOn -= 1
    if idleTimeout != nil || drainDeadline != nil { lastUse = context.eventLoop.now }
    // The end of a routed response is the connection's last write until another: a shutdown passed on
    // waits for it, so Hummingbird's close cannot cut a response still in the socket's queue.
    let written = context.eventLoop.makePromise(of: Void.self)
    if let promise { written.futureResult.cascade(to: promise) }
    lastWrite = written.futureResult
    context.write(data, promise: written)
    if handedOn == 0, rejecting { writeRejection(context) }
  }

  /// Answers the request without `Host` with a 400 and closes the connection once it is written.
  private func writeRejection(_ context: ChannelHandlerContext) {
    guard !rejectionWritten else { return }
    rejectionWritten = true
    let (head, body) = MissingHost.response(date: date.now)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    let written = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
    lastWrite = written.futureResult
    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
    written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    guard event is ChannelShouldQuiesceEvent else {
      context.fireUserInboundEventTriggered(event)
      return
    }
    guard !quiescing, drainDeadline == nil else { return }
    if let drain {
      let now = context.eventLoop.now
      drainDeadline = now + drain.timeout
      lastUse = now
      armDrainCheck(context)
    } else {
      passShutdownOn(context)
    }
  }

  /// Checks, `linger` after the last use, whether the draining connection is idle (or the drain's deadline
  /// passed); then passes the held-back shutdown on, else looks again later.
  private func armDrainCheck(_ context: ChannelHandlerContext) {
    guard let drain, let deadline = drainDeadline, drainCheck == nil else { return }
    let loop = context.eventLoop
    // While a routed response is being made, look again a linger from now; else a linger after the last use.
    let due = min(deadline, (handedOn > 0 ? loop.now : lastUse ?? loop.now) + drain.linger)
    drainCheck = loop.assumeIsolated().scheduleTask(deadline: due) { [self] in
      drainCheck = nil
      let now = loop.now
      let idle = handedOn == 0 && now >= (lastUse ?? now) + drain.linger
      if idle || now >= deadline {
        passShutdownOn(context)
      } else {
        armDrainCheck(context)
      }
    }
  }

  /// From now on nothing is answered here; the shutdown goes on to Hummingbird once the last response
  /// written here is out, and Hummingbird closes the connection after its own last one.
  private func passShutdownOn(_ context: ChannelHandlerContext) {
    quiescing = true
    drainCheck?.cancel()
    drainCheck = nil
    guard let lastWrite else {
      context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
      return
    }
    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
    lastWrite.whenComplete { _ in bound.value.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
  }

  /// The prepared response for a request this handler takes, or nil to hand it on.
  private func answer(_ head: HTTPRequestHead) -> (HTTPResponseHead, ByteBuffer?)? {
    guard head.method == .GET, head.version == .http1_1, head.isKeepAlive else { return nil }
    let uri = head.uri.utf8
    guard uri.first == UInt8(ascii: "/") else { return nil }
    let headers = head.headers
    if headers.contains(name: "transfer-encoding") { return nil }
    if let length = headers.first(name: "content-length"), length != "0" { return nil }
    let path = uri.firstIndex(of: UInt8(ascii: "?")).map { String(head.uri[..<$0]) } ?? head.uri
    guard let snapshot = store.snapshot, let file = snapshot.routes[path] else { return nil }
    var (responseHead, body) = file.nioResponse(
      acceptEncoding: Self.value(headers, "accept-encoding"), ifNoneMatch: Self.value(headers, "if-none-match"))
    responseHead.headers.add(name: "Date", value: date.now)
    return (responseHead, body)
  }

  /// A request header's value, repeated fields joined with commas as RFC 9110 allows; nil when absent.
  private static func value(_ headers: HTTPHeaders, _ name: String) -> String? {
    let values = headers[name]
    switch values.count {
    case 0: return nil
    case 1: return values[0]
    default: return values.joined(separator: ", ")
    }
  }
}

/// How a connection drains on graceful shutdown: it closes once idle for `linger`, and at the latest
/// `timeout` after the shutdown began (after the response being written, if any).
struct Drain: Sendable {
  var timeout: TimeAmount
  var linger: TimeAmount

  /// A second of linger (a request already sent is read long before), never past the timeout.
  init(timeout: TimeAmount, linger: TimeAmount = .seconds(1)) {
    self.timeout = timeout
    self.linger = min(linger, timeout)
  }
}
