import LabModel
import Yams

/// Reads a talhelper `talconfig.yaml`: `clusterName`, `endpoint` and `nodes` (`hostname`,
/// `ipAddress`, `controlPlane`, `installDisk`, `nodeLabels`). Other talhelper keys are
/// left to talhelper.
public enum TalconfigLoader {
  /// The config and the problems found; nil when the file is not a talconfig at all.
  public static func parse(_ text: String, file: String) -> (TalosConfig?, [Diagnostic]) {
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      return (nil, [YAMLErrors.diagnostic(for: error, file: file)])
    }
    let ctx = YAMLContext(file: file)
    guard let root, case .mapping(let top) = root else {
      let at = ctx.location(root) ?? SourceLocation(file: file, line: 1, column: 1)
      return (nil, [.error("talconfig", "a talconfig must be a mapping with 'clusterName' and 'nodes'", at: at)])
    }
    func field(_ m: Node.Mapping, _ key: String) -> Node? {
      m.first { $0.key.string == key }?.value
    }
    let nodes = ctx.sequence(field(top, "nodes"), path: "nodes").enumerated().compactMap { i, item -> TalosNode? in
      let path = "nodes.\(i)"
      guard case .mapping(let m) = item else {
        ctx.error("'\(path)' must be a mapping with 'hostname'", at: item, rule: "talconfig")
        return nil
      }
      guard let hostname = ctx.string(field(m, "hostname"), path: "\(path).hostname") else {
        ctx.error("talconfig node \(i + 1) has no 'hostname'", at: item, rule: "talconfig")
        return nil
      }
      let labels = ctx.entries(field(m, "nodeLabels") ?? Node("~", Tag(.null)), path: "\(path).nodeLabels")
        .reduce(into: [String: String]()) { out, pair in out[pair.0] = pair.1.string ?? "" }
      return TalosNode(
        hostname: hostname, ipAddress: ctx.string(field(m, "ipAddress"), path: "\(path).ipAddress"),
        controlPlane: ctx.bool(field(m, "controlPlane"), path: "\(path).controlPlane") ?? false,
        installDisk: ctx.string(field(m, "installDisk"), path: "\(path).installDisk"), labels: labels,
        location: ctx.location(item), addressLocation: ctx.location(field(m, "ipAddress")),
        roleLocation: ctx.location(field(m, "controlPlane")))
    }
    let config = TalosConfig(
      clusterName: ctx.string(field(top, "clusterName"), path: "clusterName"),
      endpoint: ctx.string(field(top, "endpoint"), path: "endpoint"), nodes: nodes, source: file)
    return (
      config,
      ctx.diagnostics.map {
        var d = $0
        if d.rule == "schema" { d.rule = "talconfig" }
        return d
      }
    )
  }
}
