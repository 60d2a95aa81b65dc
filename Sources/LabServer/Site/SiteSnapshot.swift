import Foundation
import LabModel
import LabRender

/// An immutable, fully prepared site: what one good reload produced. Swapped whole, never edited.
public struct SiteSnapshot: Sendable {
  /// Request path → file: `/` and `/index.html` → index.html, `/<path>` → the file,
  /// `/api/v1/<name>` (and `/api/v1/<name>.json`) → `api/v1/<name>.json`.
  public let routes: [String: PreparedFile]
  /// The files in the site's order, once each.
  public let files: [PreparedFile]
  /// 1 for the first good render, +1 for each later one.
  public let generation: Int
  /// When this site was rendered.
  public let renderedAt: Date
  /// The diagnostics (warnings only) of the build that produced this site.
  public let warnings: [Diagnostic]

  /// Prepares every file of `site`: bodies, gzip variants, ETags and headers.
  public init(
    _ site: RenderedSite, audience: Audience, generation: Int, renderedAt: Date = Date(),
    warnings: [Diagnostic] = [], metrics: ServerMetrics? = nil
  ) {
    var routes: [String: PreparedFile] = [:]
    var files: [PreparedFile] = []
    for file in site.files {
      let paths = Self.requestPaths(for: file.path)
      let prepared = PreparedFile(file, route: paths[0], audience: audience, metrics: metrics)
      files.append(prepared)
      for path in paths where routes[path] == nil { routes[path] = prepared }
    }
    self.routes = routes
    self.files = files
    self.generation = generation
    self.renderedAt = renderedAt
    self.warnings = warnings
  }

  /// The request paths that serve a site file; the first is its canonical route.
  public static func requestPaths(for filePath: String) -> [String] {
    if filePath == "index.html" { return ["/", "/index.html"] }
    if filePath.hasPrefix("api/"), filePath.hasSuffix(".json") {
      return ["/" + filePath.dropLast(5), "/" + filePath]
    }
    return ["/" + filePath]
  }
}
