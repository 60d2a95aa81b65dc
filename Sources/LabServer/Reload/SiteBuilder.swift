import Foundation
import LabCheck
import LabModel
import LabRender
import LabSpec

/// What one load + check + render of the lab gave.
public struct SiteBuild: Sendable {
  /// The rendered site, when the lab loaded without errors.
  public var site: RenderedSite?
  /// Every diagnostic, loader's and rules', in reading order.
  public var diagnostics: [Diagnostic]
  /// The files this build read, to watch for changes; empty when the spec could not be parsed.
  public var sources: [String]
  /// How long load, check and render took.
  public var duration: Duration
  /// The lab the site was rendered from (nil when it was not rendered).
  public var lab: Lab? = nil
  /// The single-failure simulation the page was rendered with, today and planned (nil when not rendered).
  public var resilience: Resilience? = nil

  public var failed: Bool { site == nil }
}

/// Loads, checks and renders a lab directory: the pipeline a reload runs.
public struct SiteBuilder: Sendable {
  public var path: String
  public var audience: Audience
  public var loader: LabLoader

  public init(path: String, audience: Audience, loader: LabLoader = LabLoader()) {
    self.path = path
    self.audience = audience
    self.loader = loader
  }

  /// The spec file for `path`: the path itself when it is a file, else `path/lab.yaml`.
  public var specFile: String { loader.specPath(for: path).file }

  /// Runs the pipeline once. A lab with errors is not rendered: the rules of `labctl check`, plus the page's own
  /// (`page-fact`: an unknown `{{ fact }}` in the prose), exactly what `labctl build` refuses.
  public func build() -> SiteBuild {
    let clock = ContinuousClock()
    let start = clock.now
    let (dir, file) = loader.specPath(for: path)
    let result: LoadResult
    do {
      result = try loader.load(path)
    } catch {
      let diagnostic = Diagnostic.error(
        "missing-file", "cannot read the lab spec: \(error.reason)", at: SourceLocation(file: file, line: 1, column: 1))
      return SiteBuild(site: nil, diagnostics: [diagnostic], sources: [file], duration: clock.now - start)
    }
    var diagnostics = result.diagnostics
    if let lab = result.lab { diagnostics += check(lab) + pageDiagnostics(lab) }
    diagnostics = diagnostics.sortedByLocation()
    let sources = result.lab.map { Self.sources(of: $0, dir: dir, specFile: file) } ?? []
    guard let lab = result.lab, !diagnostics.hasErrors else {
      return SiteBuild(site: nil, diagnostics: diagnostics, sources: sources, duration: clock.now - start)
    }
    let resilience = Resilience(lab)
    let site = renderSite(lab, audience: audience, resilience: resilience)
    return SiteBuild(
      site: site, diagnostics: diagnostics, sources: sources, duration: clock.now - start, lab: lab,
      resilience: resilience)
  }

  /// The files a lab was read from: the spec, the inventory, talconfigs and the prose folder.
  static func sources(of lab: Lab, dir: String, specFile: String) -> [String] {
    var paths = [specFile]
    if let inventory = lab.meta.inventory { paths.append(joined(dir, inventory)) }
    for cluster in lab.clusters {
      guard let t = cluster.talconfig else { continue }
      let talconfig = joined(dir, t)
      paths.append(talconfig)
      // talhelper's variables beside it (watched even while missing, so creating one reloads).
      paths += Talenv.paths(besideTalconfig: talconfig)
    }
    if let prose = lab.meta.prose { paths.append(joined(dir, prose)) }
    var seen = Set<String>()
    return paths.filter { seen.insert($0).inserted }
  }

  private static func joined(_ dir: String, _ path: String) -> String {
    path.hasPrefix("/") ? path : (dir == "." ? path : dir + "/" + path)
  }
}
