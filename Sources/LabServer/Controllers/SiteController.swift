import CoreMetrics
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore

/// Serves the pre-rendered site: `/` → index.html, `/<path>` → the file, `/api/v1/<name>` → its JSON view.
/// Unknown paths get a small 404; before the first good render every site path gets a 503.
public struct SiteController: Sendable {
  public let store: SiteStore
  public let metrics: ServerMetrics
  private let notFound: Response
  private let unavailable: Response
  private let notFoundCounter: CoreMetrics.Counter
  private let unavailableCounter: CoreMetrics.Counter

  public init(store: SiteStore, metrics: ServerMetrics) {
    self.store = store
    self.metrics = metrics
    notFound = Self.plain(.notFound, "404 not found\n")
    unavailable = Self.plain(.serviceUnavailable, "503 no good render of the lab yet; see /healthz\n")
    notFoundCounter = metrics.requests(route: "unmatched", status: 404)
    unavailableCounter = metrics.requests(route: "site", status: 503)
  }

  public func addRoutes(to router: Router<some RequestContext>) {
    for path: RouterPath in ["/", "**"] {
      router.get(path) { request, _ in self.respond(to: request) }
      router.head(path) { request, _ in self.respond(to: request).createHeadResponse() }
    }
  }

  /// The response for a GET (or HEAD, before the body is dropped) of a site path.
  public func respond(to request: Request) -> Response {
    guard let snapshot = store.snapshot else {
      unavailableCounter.increment()
      return unavailable
    }
    return respond(to: request, from: snapshot)
  }

  /// The response from a given snapshot.
  @inline(__always)
  func respond(to request: Request, from snapshot: SiteSnapshot) -> Response {
    guard let file = snapshot.routes[request.uri.path] else {
      notFoundCounter.increment()
      return notFound
    }
    let headers = request.headers
    return file.response(acceptEncoding: headers[.acceptEncoding], ifNoneMatch: headers[.ifNoneMatch])
  }

  static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    var headers = ResponseHeaders.security
    headers[.contentType] = "text/plain; charset=utf-8"
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}

/// Answers site files before the router, for the requests the pipeline's `SiteFastPathHandler` hands on
/// (a `HEAD`, HTTP/1.0, one queued behind a routed response). Not only a shortcut: the router's `**` route
/// does not reach `/api/v1/<view>`, since the `/api/v1/simulate` routes claim that prefix in its tree.
/// Everything else (health, metrics, unknown paths, other methods) goes to the router.
public struct SiteFastPath<Fallback: HTTPResponder>: HTTPResponder {
  public typealias Context = Fallback.Context
  let site: SiteController
  let fallback: Fallback

  public init(site: SiteController, fallback: Fallback) {
    self.site = site
    self.fallback = fallback
  }

  public func respond(to request: Request, context: Context) async throws -> Response {
    let method = request.method
    if method == .get || method == .head, let snapshot = site.store.snapshot,
      let file = snapshot.routes[request.uri.path]
    {
      let headers = request.headers
      let response = file.response(acceptEncoding: headers[.acceptEncoding], ifNoneMatch: headers[.ifNoneMatch])
      return method == .head ? response.createHeadResponse() : response
    }
    return try await fallback.respond(to: request, context: context)
  }
}
