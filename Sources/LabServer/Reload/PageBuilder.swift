import Foundation
import LabCheck
import LabIO
import LabModel
import LabPipeline
import LabRender

/// What one pipeline run (load → check → simulate → render) gave a reload.
public struct PageBuild: Sendable {
  /// The rendered page, when the lab loaded without errors.
  public var page: ArtifactSet?
  /// Every diagnostic, loader's, rules' and page facts', in reading order.
  public var diagnostics: [Diagnostic]
  /// Each path the load touched (read, listed or looked up, missing ones too) with its stamp as the load
  /// first touched it: what to watch.
  public var stamps: SourceStamps
  /// How long the run took.
  public var duration: Duration
  /// The day the waivers were judged on.
  public var today: CalendarDay
  /// True when the lab declares a waiver with an `expires` day: the same sources may check differently
  /// tomorrow, so a reload is due when the date moves on.
  public var datesMatter = false
  /// The simulated lab the page was rendered from (nil when it was not rendered).
  public var simulated: SimulatedLab? = nil
  /// Set when the load failed for the process's own reason (out of file descriptors), not the lab's.
  public var transient: SpecIOError? = nil

  public var failed: Bool { page == nil }
  /// The lab the page was rendered from.
  public var lab: Lab? { simulated?.lab }
  /// The single-failure simulation the page was rendered with.
  public var resilience: Resilience? { simulated?.resilience }
}

/// Runs the pipeline for a reload: exactly what `labctl build` runs, so a reload refuses what it refuses.
public struct PageBuilder: Sendable {
  public var pipeline: LabPipeline
  public var audience: Audience

  /// `pipeline` defaults to the lab at `path`, with waivers judged on the system's date at each build.
  public init(path: String, audience: Audience, pipeline: LabPipeline? = nil) {
    self.pipeline = pipeline ?? LabPipeline(path: path, today: SystemCalendar.today)
    self.audience = audience
  }

  /// The spec file: the path itself when it is a file, else `path/lab.yaml`.
  public var specFile: String { pipeline.specFile }

  /// Runs the pipeline once.
  public func build() -> PageBuild {
    let clock = ContinuousClock()
    let start = clock.now
    let checked = pipeline.check()
    guard let simulated = checked.simulate() else {
      return PageBuild(
        page: nil, diagnostics: checked.allDiagnostics, stamps: checked.stamps,
        duration: clock.now - start, today: checked.today, datesMatter: Self.datesMatter(checked),
        transient: checked.transient)
    }
    let page = simulated.page(audience: audience)
    return PageBuild(
      page: page, diagnostics: checked.diagnostics, stamps: checked.stamps,
      duration: clock.now - start, today: checked.today, datesMatter: Self.datesMatter(checked),
      simulated: simulated)
  }

  static func datesMatter(_ checked: CheckedLab) -> Bool {
    checked.lab?.waivers.contains { $0.expires != nil } ?? false
  }
}
