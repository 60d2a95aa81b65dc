import HTTPTypes
import Hummingbird
import LabCheck
import LabModel
import LabRender
import NIOCore

/// `/api/v1/simulate?down=…[&plan=true]` and `/api/v1/simulate/all-single[?plan=true]`: what-if answers
/// from the lab of the good snapshot being served, as `labctl simulate --format json` gives them.
public struct SimulateController: Sendable {
  public let store: SiteStore
  /// The most failure domains one query may name.
  public static let maxDomains = 64

  public init(store: SiteStore) { self.store = store }

  public func addRoutes(to router: Router<some RequestContext>) {
    router.get("/api/v1/simulate") { request, _ in self.simulate(request) }
    router.head("/api/v1/simulate") { request, _ in self.simulate(request).createHeadResponse() }
    router.get("/api/v1/simulate/all-single") { request, _ in await self.allSingle(request) }
    router.head("/api/v1/simulate/all-single") { request, _ in await self.allSingle(request).createHeadResponse() }
  }

  /// One scenario: 200 with the result, 400 for a bad query or an unknown failure domain.
  public func simulate(_ request: Request) -> Response {
    let snapshot: SiteSnapshot
    let lab: Lab
    switch labOf() {
    case .ok(let pair): (snapshot, lab) = pair
    case .fail(let response): return response
    }
    let query = request.uri.queryParameters
    let horizon: Horizon
    switch Self.horizon(query["plan"]) {
    case .ok(let h): horizon = h
    case .fail(let response): return response
    }
    let list = query[values: "down"].joined(separator: ",")
    let names = list.split(separator: ",").filter { !$0.allSatisfy { $0 == " " } }
    if names.isEmpty {
      return Self.error(.badRequest, "give the failure domains to take down: ?down=NAME[,NAME…]")
    }
    if names.count > Self.maxDomains {
      return Self.error(.badRequest, "at most \(Self.maxDomains) failure domains per query, got \(names.count)")
    }
    let domains: [FailureDomain]
    switch lab.failureDomains(parsing: list) {
    case .success(let d): domains = d
    case .failure(let e):
      return Self.error(.badRequest, Self.clipped(e.message), domain: Self.clipped(e.name), hint: e.hint)
    }
    var simulator = snapshot.simulationCache.simulator(lab, horizon)
    let full = simulator.run(domains)
    let result = snapshot.audience == .public ? PublicSimulation.result(full) : full
    return Self.json(request, ByteBuffer(string: SimulationJSON.encode(result) + "\n"), audience: snapshot.audience)
  }

  /// Every single failure domain in turn: the `--all-single` table, computed once per snapshot and horizon.
  public func allSingle(_ request: Request) async -> Response {
    let snapshot: SiteSnapshot
    let lab: Lab
    switch labOf() {
    case .ok(let pair): (snapshot, lab) = pair
    case .fail(let response): return response
    }
    let horizon: Horizon
    switch Self.horizon(request.uri.queryParameters["plan"]) {
    case .ok(let h): horizon = h
    case .fail(let response): return response
    }
    let audience = snapshot.audience
    let (body, etag) = await snapshot.simulationCache.singles(horizon) {
      SiteSnapshot.allSingleBody(lab, horizon, audience: audience)
    }
    return Self.json(request, body, audience: snapshot.audience, etag: etag)
  }

  private func labOf() -> Outcome<(SiteSnapshot, Lab)> {
    guard let snapshot = store.snapshot else {
      return .fail(Self.error(.serviceUnavailable, "no good render of the lab yet; see /healthz"))
    }
    guard let lab = snapshot.lab else {
      return .fail(Self.error(.serviceUnavailable, "this site was published without its lab"))
    }
    return .ok((snapshot, lab))
  }

  /// `plan` absent, `false` or `0`: today; `true`, `1` or empty: the plan.
  private static func horizon(_ plan: Substring?) -> Outcome<Horizon> {
    switch plan {
    case nil, "false", "0": return .ok(.today)
    case "", "true", "1": return .ok(.plan)
    case .some(let other): return .fail(error(.badRequest, "plan must be true or false, got '\(clipped(other))'"))
    }
  }

  /// A JSON body with an ETag of its bytes; a matching `If-None-Match` gets 304.
  static func json(_ request: Request, _ body: ByteBuffer, audience: Audience, etag: String? = nil) -> Response {
    let etag = etag ?? ETag.strong(body.readableBytesView, count: body.readableBytes)
    var headers = ResponseHeaders.security
    headers[.eTag] = etag
    headers[.cacheControl] = ResponseHeaders.cacheControl(for: audience)
    if let match = request.headers[.ifNoneMatch], ETag.matches(match, etag) {
      return Response(status: .notModified, headers: headers)
    }
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
  }

  /// `{"error": …, "domain": …, "hint": …}` with `Cache-Control: no-store`.
  static func error(_ status: HTTPResponse.Status, _ message: String, domain: String? = nil, hint: String? = nil)
    -> Response
  {
    struct Body: Encodable {
      var error: String
      var domain: String?
      var hint: String?
    }
    let text = SimulationJSON.encode(Body(error: message, domain: domain, hint: hint)) + "\n"
    return HealthController.json(status, text)
  }

  /// A name echoed back, cut to 100 characters.
  private static func clipped(_ s: some StringProtocol) -> String {
    s.count > 100 ? String(s.prefix(100)) + "…" : String(s)
  }

  /// A value, or the error response to send instead.
  enum Outcome<T> {
    case ok(T)
    case fail(Response)
  }
}
