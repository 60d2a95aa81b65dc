import CoreMetrics
import HTTPTypes
import Hummingbird
import NIOCore

/// `/metrics` in Prometheus text format.
public struct MetricsController: Sendable {
  public let metrics: ServerMetrics

  public init(metrics: ServerMetrics) { self.metrics = metrics }

  public func addRoutes(to router: Router<some RequestContext>) {
    router.get("/metrics") { _, _ in
      var headers = ResponseHeaders.security
      headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
      headers[.cacheControl] = "no-store"
      return Response(
        status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: self.metrics.exposition())))
    }
  }
}

/// Counts the router's requests by route and status, and makes sure every response,
/// errors included, carries the security headers.
struct RouterMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
  let metrics: ServerMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound && Self.isUnrouted(context) {
      // No route: the page middleware in front answers it (its 404 or 503) and counts it.
      throw error
    } catch let error as any HTTPResponseError {
      response = try error.response(from: request, context: context)
    }
    if response.headers[.contentSecurityPolicy] == nil {
      response.headers.append(contentsOf: ResponseHeaders.security)
    }
    metrics.requests(route: context.endpointPath ?? "unmatched", status: Int(response.status.code)).increment()
    return response
  }

  /// True when no route matched: Hummingbird's not-found responder names the endpoint "NotFound".
  static func isUnrouted(_ context: Context) -> Bool {
    context.endpointPath == nil || context.endpointPath == "NotFound"
  }
}
