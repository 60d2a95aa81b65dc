import Foundation
import LabCheck
import LabModel

/// Who a rendering is for: the public page shows posture, not addresses.
public enum Audience: String, Sendable, CaseIterable {
  case `public`
  case `internal`
}

/// The views derived from a lab that cost a walk of it — the summary, the roster, the facts prose may
/// cite, the hero figures — computed once per pipeline run and read by every renderer and check.
public struct LabViews: Sendable {
  /// The hero figures as numbers, today and with the plan.
  public internal(set) var summary: Summary
  /// The roster from the inventory; nil without one.
  public internal(set) var roster: Roster?
  /// The facts `{{ key }}` placeholders may cite.
  public internal(set) var facts: [String: String]
  /// The hero figures as the page words them.
  var hero: [HeroFigure]
  /// The risks the lab accepts (the waivers that held), which the HA map shows; set by the pipeline once it
  /// has applied the waivers (none until then).
  public var acceptedRisks: [AcceptedRisk] = []

  public init(_ lab: Lab) {
    summary = lab.summary
    roster = lab.rosterPage
    facts = lab.facts(summary: summary, roster: roster)
    hero = lab.heroFigures(summary: summary, roster: roster)
  }
}

/// Renders the lab's page for an audience: `index.html`, `style.css`, `diagrams/<name>.svg`, `lab.json`
/// and the JSON API views `api/v1/<name>.json`. Pure and deterministic: the same lab gives byte-identical
/// files. `resilience` and `views` are the pipeline's, computed once; given none, they are computed here.
public func renderPage(
  _ lab: Lab, audience: Audience = .public, resilience: Resilience? = nil, views: LabViews? = nil
) -> ArtifactSet {
  var files: [Artifact] = []
  let resilience = resilience ?? Resilience(lab)
  // Every free-text field of the public page goes through the one redaction, once, here: the lab's own
  // fields, and the pipeline's views (summary, hero figures, facts, roster), which are not derived again.
  let declaredViews = views ?? LabViews(lab)
  let views = audience == .public ? declaredViews.redactedForPublic : declaredViews
  let lab = audience == .public ? lab.redactedForPublic : lab
  let html = Page.html(
    lab, audience: audience, sections: Sections.all(lab, audience: audience, resilience: resilience, views: views),
    views: views)
  files.append(Artifact(path: "index.html", text: html, contentType: "text/html; charset=utf-8"))
  files.append(Artifact(path: "style.css", text: Style.css, contentType: "text/css; charset=utf-8"))
  for spec in Diagrams.all(lab, resilience, views) {
    files.append(
      Artifact(
        path: "diagrams/\(spec.name).svg", text: Diagrams.file(spec, lab, audience), contentType: "image/svg+xml"))
  }
  let apiViews = APIViews.all(lab, audience: audience, resilience: resilience, views: views)
  files.append(
    Artifact(
      path: "lab.json", contents: Array(APIViews.lab(lab, audience: audience, views: apiViews)), contentType: json))
  for (name, data) in apiViews {
    files.append(Artifact(path: "api/v1/\(name).json", contents: Array(data) + [0x0A], contentType: json))
  }
  return ArtifactSet(files)
}

private let json = "application/json"

/// The names of the JSON API views, for a server's `/api/v1/<name>` routes.
public func apiViewNames(_ page: ArtifactSet) -> [String] {
  page.files.compactMap { f in
    guard f.path.hasPrefix("api/v1/"), f.path.hasSuffix(".json") else { return nil }
    return String(f.path.dropFirst("api/v1/".count).dropLast(".json".count))
  }
}
