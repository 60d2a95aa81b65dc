import ArgumentParser
import Foundation
import LabCheck
import LabExport
import LabIO
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl export`: the configs the real tools read, generated from the model.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Export the configs the lab's real tools read (Ansible, DNS zones, keepalived, nftables, Kubernetes, Prometheus rules).",
      discussion: """
        KIND is one of: all, \(ExportKind.allCases.map(\.rawValue).joined(separator: ", ")). Writes atomically and \
        byte-deterministically into OUT (one folder per kind; exporting one kind keeps the others' files). \
        A lab that fails `labctl check` is refused and nothing is written, unless --force. With --check \
        nothing is written: the export is compared with OUT and any difference printed as a unified diff. \
        Exit status: 0 written (or up to date), 1 refused, failed or different, 2 unreadable input.
        """)

    @Argument(help: "What to export: all, ansible, zone, keepalived, nftables, kubernetes or prometheus-rules.")
    var kind: KindOption
    @OptionGroup var lab: LabOptions
    @Option(name: .shortAndLong, help: "The output directory.") var output: String = "export"
    @Flag(name: .long, help: "Write nothing; exit 1 with a unified diff when OUT differs from the export.")
    var check = false
    @Flag(name: .long, help: "Export even when the lab has errors (and say so).") var force = false

    func run() throws {
      let checked = try Loading.check(lab.path)
      let text = DiagnosticRenderer.human(checked.diagnostics)
      if !text.isEmpty { Terminal.standardError(text) }
      if checked.failed {
        guard force, checked.lab != nil else {
          Terminal.standardError("export: the lab fails check; nothing written (--force exports anyway)\n")
          throw ExitCode(1)
        }
        Terminal.standardError("export: the lab fails check; exporting anyway (--force)\n")
      }
      let kinds = kind.kinds
      let previous: ArtifactSet
      do { previous = try ArtifactReader().read(output) } catch {
        Terminal.standardError("export: \(error)\n")
        throw ExitCode(1)
      }
      guard let exported = checked.export(kinds, previous: previous) else { throw ExitCode(1) }
      let folders = kinds.map { $0.folder + "/" }
      let owned = { (path: String) in kind == .all || folders.contains { path.hasPrefix($0) } }
      let kept = previous.files.filter { !owned($0.path) }
      let tree = ArtifactSet(kept + exported.files)
      if check {
        try compare(tree, previous, owned: owned)
        return
      }
      do { try ArtifactWriter().write(tree, to: output) } catch {
        Terminal.standardError("export: \(error)\n")
        throw ExitCode(1)
      }
      let name = checked.lab?.meta.name ?? "lab"
      print("\(name): exported \(kind.rawValue) (\(exported.files.count) files) to \(output)")
    }

    /// `--check`: exit 0 when OUT holds exactly the export, else print a unified diff and exit 1.
    func compare(_ tree: ArtifactSet, _ previous: ArtifactSet, owned: (String) -> Bool) throws {
      let want = tree.files.filter { owned($0.path) }
      let have = previous.files.filter { owned($0.path) }
      if want.map(\.path) == have.map(\.path), zip(want, have).allSatisfy({ $0.contents == $1.contents }) {
        print("export: \(output) is up to date (\(kind.rawValue))")
        return
      }
      print(UnifiedDiff.trees(old: ArtifactSet(have), new: ArtifactSet(want), oldRoot: output, newRoot: "lab.yaml"))
      Terminal.standardError(
        "export: \(output) differs from the export of lab.yaml; run `labctl export \(kind.rawValue)`\n")
      throw ExitCode(1)
    }
  }
}

/// The `KIND` argument: one kind or all.
enum KindOption: String, ExpressibleByArgument, CaseIterable {
  case all, ansible, zone, keepalived, nftables, kubernetes
  case prometheusRules = "prometheus-rules"

  var kinds: [ExportKind] {
    self == .all ? ExportKind.allCases : [ExportKind(rawValue: rawValue)!]
  }
}
