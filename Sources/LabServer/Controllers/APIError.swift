import HTTPTypes
import Hummingbird
import LabCheck

/// An API request that cannot be answered, and why: sent as `{"error": …, "domain": …, "hint": …}` with
/// its status and `Cache-Control: no-store`. Routes throw it; the router turns it into the response.
public struct APIError: HTTPResponseError, Sendable {
  public var status: HTTPResponse.Status
  public var message: String
  /// The failure domain the message is about, if any.
  public var domain: String?
  public var hint: String?

  public init(_ status: HTTPResponse.Status, _ message: String, domain: String? = nil, hint: String? = nil) {
    self.status = status
    self.message = message
    self.domain = domain
    self.hint = hint
  }

  public var headers: HTTPFields { [:] }

  public func response(from request: Request, context: some RequestContext) throws -> Response { json }

  /// The response this error is sent as.
  var json: Response {
    HealthController.json(status, SimulationJSON.encode(Body(error: message, domain: domain, hint: hint)) + "\n")
  }

  private struct Body: Encodable {
    var error: String
    var domain: String?
    var hint: String?
  }
}
