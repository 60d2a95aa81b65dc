import HTTPTypes
import LabRender

/// The headers every response carries, and the caching policy per audience.
public enum ResponseHeaders {
  /// The page needs its own stylesheet and SVG diagrams; no script, no frames, no forms.
  public static let contentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    + "form-action 'none'; frame-ancestors 'none'"

  /// The page with its live section (`serve --probe`): the same, plus its own external `live.js`, which reads
  /// `/api/v1/events` and `live.html` from the same origin. Still no inline script.
  public static let liveContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; "
    + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

  /// Security headers set on every response, errors included.
  public static let security: HTTPFields = [
    .contentSecurityPolicy: contentSecurityPolicy,
    .xContentTypeOptions: "nosniff",
    .referrerPolicy: "no-referrer",
    .crossOriginOpenerPolicy: "same-origin",
  ]

  /// `no-cache`: always revalidate (the URLs are not fingerprinted and change on reload);
  /// `private` for the internal audience, so shared caches never keep addresses.
  public static func cacheControl(for audience: Audience) -> String {
    audience == .internal ? "private, no-cache" : "public, no-cache"
  }

  /// The security headers plus `extra`.
  static func with(_ extra: HTTPFields) -> HTTPFields {
    var fields = security
    fields.append(contentsOf: extra)
    return fields
  }
}

extension HTTPField.Name {
  static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
  static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}
