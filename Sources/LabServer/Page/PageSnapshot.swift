import Foundation
import LabModel
import LabRender

/// An immutable, fully prepared site: what one good reload produced. Swapped whole (one reference), never edited.
public final class PageSnapshot: Sendable {
  /// Request path → file: `/` and `/index.html` → index.html, `/<path>` → the file,
  /// `/api/v1/<name>` (and `/api/v1/<name>.json`) → `api/v1/<name>.json`.
  public let routes: [String: PreparedFile]
  /// The files in the site's order, once each.
  public let files: [PreparedFile]
  /// 1 for the first good render, +1 for each later one: this process's reload count.
  public let generation: Int
  /// A hash of every file's path and bytes: replicas serving the same lab report the same one.
  public let contentHash: String
  /// When this site was rendered.
  public let renderedAt: Date
  /// The diagnostics (warnings only) of the build that produced this site.
  public let warnings: [Diagnostic]
  /// The lab this site was rendered from, for what-if queries; nil for a site built without one.
  public let lab: Lab?
  /// The audience the site was rendered for.
  public let audience: Audience
  /// Answers computed once per snapshot (the single-failure tables).
  let simulationCache: SimulationCache

  /// Prepares every file of `site`: bodies, gzip variants, ETags and headers.
  public init(
    _ site: ArtifactSet, audience: Audience, generation: Int, renderedAt: Date = Date(),
    warnings: [Diagnostic] = [], metrics: ServerMetrics? = nil, lab: Lab? = nil
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
    self.contentHash = site.contentHash
    self.renderedAt = renderedAt
    self.warnings = warnings
    self.lab = lab
    self.audience = audience
    simulationCache = SimulationCache()
  }

  private init(
    routes: [String: PreparedFile], files: [PreparedFile], generation: Int, contentHash: String, renderedAt: Date,
    warnings: [Diagnostic], lab: Lab?, audience: Audience, simulationCache: SimulationCache
  ) {
    self.simulationCache = simulationCache
    self.routes = routes
    self.files = files
    self.generation = generation
    self.contentHash = contentHash
    self.renderedAt = renderedAt
    self.warnings = warnings
    self.lab = lab
    self.audience = audience
  }

  /// The same site with `artifacts` added or put in place of the files at their paths (the live status
  /// decoration): only those are prepared again; generation and content hash stay the site's own.
  /// `policies` gives a file its own Content-Security-Policy, by path.
  public func replacing(
    _ artifacts: [Artifact], policies: [String: String] = [:], metrics: ServerMetrics? = nil
  ) -> PageSnapshot {
    var routes = self.routes
    var files = self.files
    for file in artifacts {
      let paths = Self.requestPaths(for: file.path)
      let prepared = PreparedFile(
        file, route: paths[0], audience: audience, metrics: metrics, contentSecurityPolicy: policies[file.path])
      if let i = files.firstIndex(where: { $0.route == paths[0] }) {
        files[i] = prepared
      } else {
        files.append(prepared)
      }
      for path in paths { routes[path] = prepared }
    }
    let copy = PageSnapshot(
      routes: routes, files: files, generation: generation, contentHash: contentHash, renderedAt: renderedAt,
      warnings: warnings, lab: lab, audience: audience, simulationCache: simulationCache)
    return copy
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
