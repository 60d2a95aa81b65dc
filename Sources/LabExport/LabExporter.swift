import LabModel

/// A kind of configuration labctl exports for a real tool.
public enum ExportKind: String, Sendable, CaseIterable {
  case ansible, zone, keepalived, nftables, kubernetes
  case prometheusRules = "prometheus-rules"

  /// The folder of the output tree this kind writes into.
  public var folder: String {
    switch self {
    case .ansible: "ansible"
    case .zone: "zones"
    case .keepalived: "keepalived"
    case .nftables: "nftables"
    case .kubernetes: "clusters"
    case .prometheusRules: "prometheus"
    }
  }
}

/// The model in, the real tools' configs out: one exporter per kind, pure and deterministic.
public struct LabExporter: Sendable {
  public let lab: Lab
  /// What is already at the output (a previous export), read for the zones' serials; empty for a fresh tree.
  public let previous: ArtifactSet

  public init(_ lab: Lab, previous: ArtifactSet = ArtifactSet([])) {
    self.lab = lab
    self.previous = previous
  }

  /// The files of one kind, paths relative to the output root (`zones/lab.internal.zone`).
  public func export(_ kind: ExportKind) -> ArtifactSet {
    switch kind {
    case .ansible: AnsibleExporter(lab).export()
    case .zone: ZoneExporter(lab, previous: previous).export()
    case .keepalived: KeepalivedExporter(lab).export()
    case .nftables: NftablesExporter(lab).export()
    case .kubernetes: KubernetesExporter(lab).export()
    case .prometheusRules: PrometheusRulesExporter(lab).export()
    }
  }

  /// Every kind in one tree.
  public func exportAll() -> ArtifactSet {
    ArtifactSet(ExportKind.allCases.flatMap { export($0).files })
  }
}
