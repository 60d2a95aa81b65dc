import Foundation
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

/// Renders the whole site for a lab and an audience. Pure and deterministic: the same lab
/// gives byte-identical files. Files: `index.html`, `style.css`, `diagrams/<name>.svg`,
/// `lab.json` and the JSON API views `api/v1/<name>.json`.
public func renderSite(_ lab: Lab, audience: Audience = .public, resilience: Resilience? = nil) -> RenderedSite {
  var files: [SiteFile] = []
  // The single-failure simulation, run once (or given): the HA map and the what-if panel both read it.
  let resilience = resilience ?? Resilience(lab)
  let html = Page.html(
    lab, audience: audience, sections: Sections.all(lab, audience: audience, resilience: resilience))
  files.append(SiteFile(path: "index.html", contents: Array(html.utf8), contentType: "text/html; charset=utf-8"))
  files.append(SiteFile(path: "style.css", contents: Array(Style.css.utf8), contentType: "text/css; charset=utf-8"))
  for spec in Diagrams.all(lab, resilience) {
    files.append(
      SiteFile(
        path: "diagrams/\(spec.name).svg", contents: Array(Diagrams.file(spec, lab, audience).utf8),
        contentType: "image/svg+xml"))
  }
  let views = APIViews.all(lab, audience: audience, resilience: resilience)
  files.append(
    SiteFile(path: "lab.json", contents: Array(APIViews.lab(lab, audience: audience, views: views)), contentType: json))
  for (name, data) in views {
    files.append(SiteFile(path: "api/v1/\(name).json", contents: Array(data) + [0x0A], contentType: json))
  }
  return RenderedSite(files: files.sorted { $0.path < $1.path })
}

private let json = "application/json"

/// The names of the JSON API views, for a server's `/api/v1/<name>` routes.
public func apiViewNames(_ site: RenderedSite) -> [String] {
  site.files.compactMap { f in
    guard f.path.hasPrefix("api/v1/"), f.path.hasSuffix(".json") else { return nil }
    return String(f.path.dropFirst("api/v1/".count).dropLast(".json".count))
  }
}
