import CoreMetrics
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore

/// Serves the pre-rendered page as router middleware: a `GET` or `HEAD` of one of its files
/// (`/` → index.html, `/<path>` → the file, `/api/v1/<name>` → its JSON view) is answered here, in front
/// of every route; anything else goes on to the routes. A path no route and no file claims gets a small
/// 404; before the first good render, a 503. No catch-all route: a new route (a webhook, an API view)
/// needs no special case, and the router's own tree decides everything the page does not hold.
public struct PageMiddleware<Context: RequestContext>: RouterMiddleware {
  public let store: PageStore
  private let notFound: Response
  private let unavailable: Response
  private let notFoundCounter: CoreMetrics.Counter
  private let unavailableCounter: CoreMetrics.Counter

  public init(store: PageStore, metrics: ServerMetrics) {
    self.store = store
    notFound = PageResponses.plain(.notFound, "404 not found\n")
    unavailable = PageResponses.plain(.serviceUnavailable, "503 no good render of the lab yet; see /healthz\n")
    notFoundCounter = metrics.requests(route: "unmatched", status: 404)
    unavailableCounter = metrics.requests(route: "site", status: 503)
  }

  public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    let method = request.method
    let isRead = method == .get || method == .head
    let snapshot = store.snapshot
    if isRead, let snapshot, let file = snapshot.routes[request.uri.path] {
      let headers = request.headers
      let response = file.response(acceptEncoding: headers[.acceptEncoding], ifNoneMatch: headers[.ifNoneMatch])
      return method == .head ? response.createHeadResponse() : response
    }
    do {
      return try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound {
      if isRead && snapshot == nil {
        unavailableCounter.increment()
        return method == .head ? unavailable.createHeadResponse() : unavailable
      }
      notFoundCounter.increment()
      return method == .head ? notFound.createHeadResponse() : notFound
    }
  }
}

/// The page's small fixed responses.
enum PageResponses {
  static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    var headers = ResponseHeaders.security
    headers[.contentType] = "text/plain; charset=utf-8"
    headers[.cacheControl] = "no-store"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}
