import LabCheck
import LabIO
import LabModel
import LabRender
import LabSpec

/// labctl's one pipeline: load → check (the rules *and* the page's facts, then the waivers) → simulate →
/// render | export.
///
/// Every command and the server run this value, so they cannot disagree: `labctl check` fails on exactly
/// what `labctl build` and a `labctl serve` reload refuse. Each stage is computed once and handed on.
public struct LabPipeline: Sendable {
  /// The lab directory (holding `lab.yaml`) or the spec file itself.
  public var path: String
  /// Where the sources are read from; the loader reads through a recording wrapper of it.
  public var fileSystem: any FileSystem
  /// The day waivers are judged on, asked once per `check()`: the command line and the server pass the
  /// system's date (`SystemCalendar.today`), tests a fixed day. The pipeline never reads a clock itself.
  public var today: @Sendable () -> CalendarDay

  public init(
    path: String, fileSystem: any FileSystem = LocalFileSystem(), today: @escaping @Sendable () -> CalendarDay
  ) {
    self.path = path
    self.fileSystem = fileSystem
    self.today = today
  }

  /// The spec file for `path`: the path itself when it is a file, else `path/lab.yaml`.
  public var specFile: String { LabLoader(fileSystem: fileSystem).specPath(for: path).file }

  /// Stage 1 and 2: load every source and check the lab, then apply its waivers (on `today()`). Never throws;
  /// an unreadable spec is reported in `CheckedLab.unreadable`.
  public func check() -> CheckedLab {
    let day = today()
    let recorder = RecordingFileSystem(fileSystem)
    let loader = LabLoader(fileSystem: recorder)
    let spec = loader.specPath(for: path).file
    let result: LoadResult
    do {
      result = try loader.load(path)
    } catch {
      return CheckedLab(
        specFile: spec, lab: nil, diagnostics: [], sources: Self.watchList(recorder.touched, spec: spec),
        stamps: recorder.recordedStamps, unreadable: error, views: nil, today: day,
        transient: recorder.transientError)
    }
    var diagnostics = result.diagnostics
    var views: LabViews?
    if let lab = result.lab {
      // The rules and the views are independent reads of the same lab: they run side by side.
      let checked = LabCheck.check(lab) { LabViews(lab) }
      var derived = checked.other
      let findings = checked.findings + pageDiagnostics(lab, facts: derived.facts)
      // Once, here: every command and the server see the same findings after the waivers.
      let waived = Waivers.apply(lab, to: findings, today: day)
      diagnostics += waived.diagnostics
      derived.acceptedRisks = waived.accepted
      views = derived
    }
    return CheckedLab(
      specFile: spec, lab: result.lab, diagnostics: diagnostics.sortedByLocation(),
      sources: Self.watchList(recorder.touched, spec: spec), stamps: recorder.recordedStamps, unreadable: nil,
      views: views, today: day, transient: recorder.transientError)
  }

  /// The spec first, then every other path the load touched.
  static func watchList(_ touched: [String], spec: String) -> [String] {
    [spec] + touched.filter { $0 != spec }
  }
}

/// The lab after loading and checking: the model, every diagnostic, and the files the load read.
public struct CheckedLab: Sendable {
  /// The spec file (`DIR/lab.yaml`).
  public let specFile: String
  /// The model, when the spec could be parsed (it may still have errors).
  public let lab: Lab?
  /// Every diagnostic — loader's, rules', page facts', the waivers' — in reading order; a finding a waiver
  /// holds for is a note.
  public let diagnostics: [Diagnostic]
  /// Every path the loader looked at (read, listed or looked up, missing ones too), the spec first:
  /// what `labctl serve` watches.
  public let sources: [String]
  /// Each source's stamp as the loader first touched it (before reading it): compare with the disk to see
  /// whether anything changed since.
  public let stamps: SourceStamps
  /// Set when the spec file itself could not be read (the commands exit 2).
  public let unreadable: SpecIOError?
  /// The derived views (summary, roster, facts, accepted risks), computed once.
  public let views: LabViews?
  /// The day the waivers were judged on.
  public let today: CalendarDay
  /// Set when a read failed for the process's own reason (out of file descriptors): the diagnostics
  /// then say nothing reliable about the lab, and a server should keep what it serves and retry.
  public var transient: SpecIOError? = nil

  /// True when there is no usable lab: unreadable, or any error.
  public var failed: Bool { unreadable != nil || lab == nil || diagnostics.hasErrors }

  /// The diagnostics, with an unreadable spec as one more error at its first line.
  public var allDiagnostics: [Diagnostic] {
    guard let unreadable else { return diagnostics }
    return [
      .error(
        "missing-file", "cannot read the lab spec: \(unreadable.reason)",
        at: SourceLocation(file: specFile, line: 1, column: 1))
    ] + diagnostics
  }

  /// Stage 3: the single-failure simulation, today and planned, computed once; nil when the lab failed.
  public func simulate() -> SimulatedLab? {
    guard !failed, let lab, let views else { return nil }
    return SimulatedLab(lab: lab, views: views, resilience: Resilience(lab))
  }
}

/// The checked lab with its single-failure simulation: what the renderers and exporters read.
public struct SimulatedLab: Sendable {
  public let lab: Lab
  public let views: LabViews
  /// `simulate --all-single`, today and with the plan.
  public let resilience: Resilience

  /// Stage 4: the page (HTML, SVG, JSON views) for an audience.
  public func page(audience: Audience) -> ArtifactSet {
    renderPage(lab, audience: audience, resilience: resilience, views: views)
  }
}
