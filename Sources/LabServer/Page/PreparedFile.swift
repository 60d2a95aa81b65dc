import CoreMetrics
import HTTPTypes
import Hummingbird
import LabModel
import LabRender
import Metrics
import NIOCore
import NIOHTTP1

/// One site file ready to send: bodies and headers built once per reload, so a request only picks one.
public struct PreparedFile: Sendable {
  /// The route label used in metrics, e.g. `/`, `/diagrams/layers.svg`, `/api/v1/summary`.
  public let route: String
  public let contentType: String
  public let body: ByteBuffer
  /// The gzip body, when the type compresses and gzip is smaller.
  public let gzipBody: ByteBuffer?
  public let etag: String
  public let gzipETag: String?
  let headers: HTTPFields
  let gzipHeaders: HTTPFields?
  let notModifiedHeaders: HTTPFields
  let gzipNotModifiedHeaders: HTTPFields?
  let servedCounter: CoreMetrics.Counter?
  let notModifiedCounter: CoreMetrics.Counter?
  /// The same four header sets as NIO response heads, for the channel-level fast path.
  let heads: PreparedHeads

  /// Prepares `file` for `audience`: gzip variant, strong ETags and every header.
  public init(
    _ file: Artifact, route: String, audience: Audience, metrics: ServerMetrics? = nil,
    contentSecurityPolicy: String? = nil
  ) {
    self.route = route
    self.servedCounter = metrics?.requests(route: route, status: 200)
    self.notModifiedCounter = metrics?.requests(route: route, status: 304)
    self.contentType = file.contentType
    let body = ByteBuffer(bytes: file.contents)
    self.body = body
    self.etag = ETag.strong(file.contents, count: file.contents.count)
    let compressible = Gzip.isCompressible(file.contentType)
    let gzipBody = compressible ? Gzip.compress(body) : nil
    self.gzipBody = gzipBody
    self.gzipETag = gzipBody.map { ETag.strong($0.readableBytesView, count: $0.readableBytes, suffix: "-gz") }

    var common = ResponseHeaders.security
    if let contentSecurityPolicy { common[.contentSecurityPolicy] = contentSecurityPolicy }
    common[.cacheControl] = ResponseHeaders.cacheControl(for: audience)
    if compressible { common[.vary] = "Accept-Encoding" }

    var notModified = common
    notModified[.eTag] = etag
    self.notModifiedHeaders = notModified
    var headers = notModified
    headers[.contentType] = file.contentType
    headers[.contentLength] = String(body.readableBytes)
    self.headers = headers

    if let gzipBody, let gzipETag {
      var gzNotModified = common
      gzNotModified[.eTag] = gzipETag
      self.gzipNotModifiedHeaders = gzNotModified
      var gz = gzNotModified
      gz[.contentType] = file.contentType
      gz[.contentEncoding] = "gzip"
      gz[.contentLength] = String(gzipBody.readableBytes)
      self.gzipHeaders = gz
    } else {
      self.gzipNotModifiedHeaders = nil
      self.gzipHeaders = nil
    }
    self.heads = PreparedHeads(
      ok: headers, notModified: notModified, gzipOK: gzipHeaders, gzipNotModified: gzipNotModifiedHeaders)
  }

  /// Which representation answers a GET with these request headers, and whether it is a 304.
  /// Counts the request in the metrics.
  func choose(acceptEncoding: String?, ifNoneMatch: String?) -> (gzip: Bool, notModified: Bool) {
    let gzip = gzipBody != nil && acceptEncoding.map(Gzip.accepts) == true
    if let ifNoneMatch, ETag.matches(ifNoneMatch, gzip ? gzipETag! : etag) {
      notModifiedCounter?.increment()
      return (gzip, true)
    }
    servedCounter?.increment()
    return (gzip, false)
  }

  /// The response for a GET with these request headers: 304 on a matching ETag, gzip when accepted.
  public func response(acceptEncoding: String?, ifNoneMatch: String?) -> Response {
    switch choose(acceptEncoding: acceptEncoding, ifNoneMatch: ifNoneMatch) {
    case (true, true): Response(status: .notModified, headers: gzipNotModifiedHeaders!)
    case (false, true): Response(status: .notModified, headers: notModifiedHeaders)
    case (true, false): Response(status: .ok, headers: gzipHeaders!, body: ResponseBody(byteBuffer: gzipBody!))
    case (false, false): Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
  }

  /// The NIO response head and body for a GET with these request headers (the same choice as `response`).
  func nioResponse(acceptEncoding: String?, ifNoneMatch: String?) -> (head: HTTPResponseHead, body: ByteBuffer?) {
    switch choose(acceptEncoding: acceptEncoding, ifNoneMatch: ifNoneMatch) {
    case (true, true): (heads.gzipNotModified!, nil)
    case (false, true): (heads.notModified, nil)
    case (true, false): (heads.gzipOK!, gzipBody!)
    case (false, false): (heads.ok, body)
    }
  }
}

/// A file's response heads in NIO's form, built once per reload.
struct PreparedHeads: Sendable {
  let ok: HTTPResponseHead
  let notModified: HTTPResponseHead
  let gzipOK: HTTPResponseHead?
  let gzipNotModified: HTTPResponseHead?

  init(ok: HTTPFields, notModified: HTTPFields, gzipOK: HTTPFields?, gzipNotModified: HTTPFields?) {
    self.ok = Self.head(.ok, ok)
    self.notModified = Self.head(.notModified, notModified)
    self.gzipOK = gzipOK.map { Self.head(.ok, $0) }
    self.gzipNotModified = gzipNotModified.map { Self.head(.notModified, $0) }
  }

  static func head(_ status: HTTPResponseStatus, _ fields: HTTPFields) -> HTTPResponseHead {
    HTTPResponseHead(
      version: .http1_1, status: status, headers: HTTPHeaders(fields.map { ($0.name.rawName, $0.value) }))
  }
}
