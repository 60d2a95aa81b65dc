import HTTPTypes
import Hummingbird

/// `/favicon.ico`: 204 No Content, cacheable for a day. The page declares no icon (`<link rel="icon"
/// href="data:,">`), but a browser showing a standalone file (a diagram's SVG) still asks for
/// `/favicon.ico`, and a 404 there is logged as an error in its console. nginx setups answer it the same
/// way (`location = /favicon.ico { return 204; }`).
public struct FaviconController: Sendable {
  public init() {}

  public func addRoutes(to router: Router<some RequestContext>) {
    router.get("/favicon.ico") { _, _ in
      var headers = ResponseHeaders.security
      headers[.cacheControl] = "public, max-age=86400"
      return Response(status: .noContent, headers: headers)
    }
  }
}
