import LabModel

/// Who a rendering is for: the public page shows posture, not addresses.
public enum Audience: String, Sendable, CaseIterable {
  case `public`
  case `internal`
}

/// One file of the rendered site.
public struct SiteFile: Sendable, Hashable {
  /// Path relative to the site root, e.g. `index.html`, `diagrams/layers.svg`, `lab.json`.
  public var path: String
  public var contents: [UInt8]
  public var contentType: String

  public init(path: String, contents: [UInt8], contentType: String) {
    self.path = path
    self.contents = contents
    self.contentType = contentType
  }
}

/// The rendered site: every file, in a stable order.
public struct RenderedSite: Sendable, Hashable {
  public var files: [SiteFile]

  public init(files: [SiteFile]) { self.files = files }

  /// The file at `path`, if rendered.
  public subscript(path: String) -> SiteFile? { files.first { $0.path == path } }
}

/// Renders the whole site for a lab and an audience. Pure and deterministic.
public func renderSite(_ lab: Lab, audience: Audience = .public) -> RenderedSite {
  // First cut: the real page comes with the LabRender work (issue 4).
  let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(lab.meta.name)</title></head><body><h1>\(lab.meta.name)</h1></body></html>\n"
  return RenderedSite(files: [SiteFile(path: "index.html", contents: Array(html.utf8), contentType: "text/html; charset=utf-8")])
}
