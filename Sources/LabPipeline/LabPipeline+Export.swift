import LabExport
import LabModel

extension CheckedLab {
  /// Stage 4': the exports of some kinds, from the checked model; nil when there is no model at all.
  /// A lab with errors exports too (the command refuses it unless forced); `previous` is what is at the
  /// output already, read for state that must carry on (the zones' SOA serials).
  public func export(_ kinds: [ExportKind], previous: ArtifactSet = ArtifactSet([])) -> ArtifactSet? {
    guard let lab else { return nil }
    let exporter = LabExporter(lab, previous: previous)
    return ArtifactSet(kinds.flatMap { exporter.export($0).files })
  }
}
