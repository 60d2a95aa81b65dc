import HTTPTypes
import Hummingbird
import LabRender
import CoreMetrics
import Metrics
import NIOCore

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

  /// Prepares `file` for `audience`: gzip variant, strong ETags and every header.
  public init(_ file: SiteFile, route: String, audience: Audience, metrics: ServerMetrics? = nil) {
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
  }

  /// The response for a GET with these request headers: 304 on a matching ETag, gzip when accepted.
  public func response(acceptEncoding: String?, ifNoneMatch: String?) -> Response {
    let gzip = gzipBody != nil && acceptEncoding.map(Gzip.accepts) == true
    if let ifNoneMatch {
      let tag = gzip ? gzipETag! : etag
      if ETag.matches(ifNoneMatch, tag) {
        notModifiedCounter?.increment()
        return Response(status: .notModified, headers: gzip ? gzipNotModifiedHeaders! : notModifiedHeaders)
      }
    }
    servedCounter?.increment()
    if gzip, let gzipBody, let gzipHeaders {
      return Response(status: .ok, headers: gzipHeaders, body: ResponseBody(byteBuffer: gzipBody))
    }
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
  }
}
