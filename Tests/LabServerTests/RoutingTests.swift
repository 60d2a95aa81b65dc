import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabModel
import LabRender
import LabServer
import Testing

@Suite("Routes, caching headers and compression")
struct RoutingTests {
  @Test(
    "Each site file is served at its path",
    arguments: [
      ("/", "index.html"), ("/index.html", "index.html"), ("/diagrams/layers.svg", "diagrams/layers.svg"),
      ("/style.css", "style.css"), ("/lab.json", "lab.json"), ("/api/v1/summary", "api/v1/summary.json"),
      ("/api/v1/summary.json", "api/v1/summary.json"),
    ])
  func servesFiles(path: String, file: String) async throws {
    let expected = try #require(SamplePage.site[file])
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: path, method: .get)
      #expect(response.status == .ok)
      #expect(Array(response.body.readableBytesView) == expected.contents)
      #expect(response.headers[.contentType] == expected.contentType)
      #expect(response.headers[.contentLength] == String(expected.contents.count))
    }
  }

  @Test("A query string does not change the file")
  func queryIgnored() async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: "/lab.json?x=1", method: .get)
      #expect(response.status == .ok)
      #expect(response.text == "{\"name\":\"03//lab\"}\n")
    }
  }

  @Test("Unknown paths get a small 404 with the security headers", arguments: ["/nope", "/api/v1/nope", "/diagrams/"])
  func notFound(path: String) async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: path, method: .get)
      #expect(response.status == .notFound)
      #expect(response.body.readableBytes < 100)
      #expect(response.headers[.contentSecurityPolicy] == ResponseHeaders.contentSecurityPolicy)
    }
  }

  @Test("/favicon.ico is 204, cacheable, so a browser showing a diagram logs no 404")
  func favicon() async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: "/favicon.ico", method: .get)
      #expect(response.status == .noContent)
      #expect(response.body.readableBytes == 0)
      #expect(response.headers[.cacheControl] == "public, max-age=86400")
      #expect(response.headers[.contentSecurityPolicy] == ResponseHeaders.contentSecurityPolicy)
    }
  }

  @Test("Other methods are refused with the security headers")
  func otherMethods() async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: "/", method: .post)
      #expect(response.status.code >= 400)
      #expect(response.headers[.contentSecurityPolicy] == ResponseHeaders.contentSecurityPolicy)
      #expect(response.headers[.xContentTypeOptions] == "nosniff")
    }
  }

  @Test("HEAD gives the headers without a body")
  func head() async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: "/", method: .head)
      #expect(response.status == .ok)
      #expect(response.body.readableBytes == 0)
      #expect(response.headers[.contentLength] == String(SamplePage.html.utf8.count))
    }
  }

  @Test("Security headers are on every response", arguments: ["/", "/style.css", "/healthz", "/readyz", "/metrics"])
  func securityHeaders(path: String) async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: path, method: .get)
      #expect(response.status == .ok)
      let csp = try #require(response.headers[.contentSecurityPolicy])
      #expect(csp.contains("default-src 'none'"))
      #expect(csp.contains("frame-ancestors 'none'"))
      #expect(!csp.contains("script-src"))
      #expect(!csp.contains("unsafe-inline"))
      #expect(response.headers[.xContentTypeOptions] == "nosniff")
      #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
    }
  }

  @Test("A matching If-None-Match gives 304 with the same ETag and no body")
  func notModified() async throws {
    try await SamplePage.onBothPaths { client in
      let first = try await client.execute(uri: "/", method: .get)
      let etag = try #require(first.headers[.eTag])
      #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
      #expect(first.headers[.cacheControl]?.contains("no-cache") == true)
      let second = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag])
      #expect(second.status == .notModified)
      #expect(second.body.readableBytes == 0)
      #expect(second.headers[.eTag] == etag)
      let listed = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "\"x\", W/\(etag)"])
      #expect(listed.status == .notModified)
      let other = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "\"other\""])
      #expect(other.status == .ok)
      #expect(other.body.readableBytes > 0)
    }
  }

  @Test("ETags differ between files and between encodings")
  func distinctETags() async throws {
    try await SamplePage.onBothPaths { client in
      let page = try await client.execute(uri: "/", method: .get)
      let css = try await client.execute(uri: "/style.css", method: .get)
      let gz = try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "gzip"])
      #expect(page.headers[.eTag] != css.headers[.eTag])
      #expect(page.headers[.eTag] != gz.headers[.eTag])
      let stale = try await client.execute(
        uri: "/", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: page.headers[.eTag]!])
      #expect(stale.status == .ok)
    }
  }

  @Test(
    "Accept-Encoding gzip gives the gzip body, which decodes to the file",
    arguments: ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "*"])
  func gzip(acceptEncoding: String) async throws {
    try await SamplePage.onBothPaths { client in
      let response = try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: acceptEncoding])
      #expect(response.status == .ok)
      #expect(response.headers[.contentEncoding] == "gzip")
      #expect(response.headers[.vary] == "Accept-Encoding")
      #expect(response.body.readableBytes < SamplePage.html.utf8.count)
      #expect(response.headers[.contentLength] == String(response.body.readableBytes))
      let decoded = try Gunzip.decode(Array(response.body.readableBytesView))
      #expect(String(decoding: decoded, as: UTF8.self) == SamplePage.html)
      let again = try await client.execute(
        uri: "/", method: .get, headers: [.acceptEncoding: acceptEncoding, .ifNoneMatch: response.headers[.eTag]!])
      #expect(again.status == .notModified)
      #expect(again.headers[.vary] == "Accept-Encoding")
    }
  }

  @Test("No gzip without Accept-Encoding, or when it refuses gzip", arguments: ["", "identity", "gzip;q=0", "br"])
  func identity(acceptEncoding: String) async throws {
    try await SamplePage.onBothPaths { client in
      let headers: HTTPFields = acceptEncoding.isEmpty ? [:] : [.acceptEncoding: acceptEncoding]
      let response = try await client.execute(uri: "/", method: .get, headers: headers)
      #expect(response.headers[.contentEncoding] == nil)
      #expect(response.text == SamplePage.html)
      #expect(response.headers[.vary] == "Accept-Encoding")
    }
  }
}

@Suite("Audience-dependent caching")
struct AudienceCachingTests {
  @Test("The internal audience is never stored by shared caches", arguments: [Audience.public, .internal])
  func cacheControl(audience: Audience) async throws {
    let metrics = ServerMetrics()
    let store = PageStore()
    store.publish(PageSnapshot(SamplePage.site, audience: audience, generation: 1), diagnostics: [], at: Date())
    try await SamplePage.onBothPaths(store: store, metrics: metrics) { client in
      let response = try await client.execute(uri: "/lab.json", method: .get)
      let expected = audience == .internal ? "private, no-cache" : "public, no-cache"
      #expect(response.headers[.cacheControl] == expected)
    }
  }
}
