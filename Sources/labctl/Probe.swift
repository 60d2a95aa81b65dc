import ArgumentParser
import Foundation
import LabModel
import LabProbe

extension Labctl {
  /// `labctl probe`: one sweep of the lab's live checks, dependency-aware.
  struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Probe the lab's declared checks once and show its live state, grouped by root cause.",
      discussion: """
        Runs every check of what runs today (declared under `checks:`, else the defaults: TCP on SSH 22 or \
        the Talos API 50000 per machine, DNS per VIP service), places the results in the graph `simulate` \
        uses, and shows each incident's root cause with what it takes down (`impacted by hx90`). Probes \
        dial only addresses in 127.0.0.0/8: map the lab's addresses to loopback listeners with --resolve or \
        --resolve-file, or give --allow-network to probe the real lab. Exit status: 0 nothing down, \
        1 something that should be up is down (or spec errors), 2 bad arguments, a target refused or \
        unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @OptionGroup var targets: ProbeTargetOptions
    @Option(name: .long, help: "The most checks in flight at once.") var concurrency: Int = 64
    @Option(name: .long, help: "Deadline of a check that declares none, in seconds.") var timeout: Double = 5
    @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(name: .long, help: "Record the sweep in this SQLite history file (created when missing).")
    var history: String?
    @Option(name: .long, help: "With --history: days of history to keep.") var retention: Int = 90

    func validate() throws {
      guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1, found \(concurrency)") }
      guard timeout > 0, timeout.isFinite else {
        throw ValidationError("--timeout must be a positive number of seconds")
      }
    }

    func run() async throws {
      let policy = try targets.policy()
      let model = try Loading.checkedLab(lab.path)
      let (checks, problems) = model.plannedChecks(defaults: ProbeDefaults(timeout: timeout))
      for p in problems { Terminal.standardError("warning: \(p)\n") }
      try ProbeTargetOptions.refuseOutsideLoopback(checks, policy)
      let progress = Progress(tty: isatty(2) == 1)
      let results = await Prober(policy: policy, concurrency: concurrency).sweep(checks) { result, done, total in
        progress.show(result, done, total)
      }
      progress.finish()
      let status = LiveStatus(lab: model, results: results)
      var recorded: HistorySummary?
      if let history { recorded = try await record(results, status, to: history) }
      if format == .json {
        print(StatusJSON(lab: model.meta.name, status: status, history: recorded).text)
      } else {
        print(StatusText.render(lab: model.meta.name, status, history: recorded), terminator: "")
      }
      if status.somethingDown { throw ExitCode(1) }
    }
  }
}

extension Labctl.Probe {
  /// Records the sweep, prunes past the retention, and reads back uptime over 24 h, 7 d and 30 d.
  func record(_ results: [CheckResult], _ status: LiveStatus, to path: String) async throws -> HistorySummary {
    let store: SQLiteHistoryStore
    do {
      store = try SQLiteHistoryStore(path: path)
    } catch {
      Terminal.standardError("error: --history: cannot open '\(path)' as a history file: \(error)\n")
      throw ExitCode(2)
    }
    let now = Date()
    let record = try await store.record(results, status: status, at: now)
    try await store.prune(before: now.addingTimeInterval(-Double(retention) * 86400))
    return HistorySummary(record: record, uptime: try await store.uptimeByWindow(at: now))
  }
}

/// Sweep progress on standard error: a bar redrawn in place on a terminal, one plain line per check otherwise.
struct Progress: Sendable {
  var tty: Bool

  func show(_ result: CheckResult, _ done: Int, _ total: Int) {
    if tty {
      let width = 30
      let filled = total == 0 ? width : done * width / total
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      Terminal.standardError("\r[\(bar)] \(done)/\(total) \(result.id)\u{1B}[K")
    } else {
      Terminal.standardError("probe: \(done)/\(total) \(result.id) \(result.state.rawValue)\n")
    }
  }

  func finish() { if tty { Terminal.standardError("\r\u{1B}[K") } }
}
