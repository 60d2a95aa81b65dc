import LabIO
import LabInventory
import LabModel

/// Reads a talhelper `talconfig.yaml`: `clusterName`, `endpoint` and `nodes` (`hostname`,
/// `ipAddress`, `controlPlane`, `installDisk`, `nodeLabels`), with talhelper's `${VARIABLES}`
/// substituted from `env` (the `talenv.yaml` beside it). Other talhelper keys are left to talhelper.
public enum TalconfigLoader {
  /// The config and the problems found; nil when the file is not a talconfig at all.
  public static func parse(_ text: String, file: String, env: Talenv = Talenv()) -> (TalosConfig?, [Diagnostic]) {
    let read = SpecYAML.read(text, file: file)
    if !read.diagnostics.isEmpty { return (nil, read.diagnostics) }
    let root = read.root
    let ctx = YAMLContext(file: file)
    guard let root, case .mapping(let top) = root.kind else {
      let at = ctx.location(root) ?? SourceLocation(file: file, line: 1, column: 1)
      return (nil, [.error("talconfig", "a talconfig must be a mapping with 'clusterName' and 'nodes'", at: at)])
    }
    func field(_ m: [(key: Node, value: Node)], _ key: String) -> Node? {
      m.first { $0.key.scalarText == key }?.value
    }
    var undefined: [Diagnostic] = []
    /// A text field with the variables substituted; a variable defined nowhere is kept and reported.
    func substituted(_ node: Node?, _ path: String) -> String? {
      guard let raw = ctx.string(node, path: path) else { return nil }
      let (value, missing) = env.substitute(raw)
      for name in missing {
        let from = env.source.map { "\($0) does not define it" } ?? "there is no talenv.yaml beside the talconfig"
        undefined.append(
          .warning(
            "talconfig",
            "'\(path)' uses the variable '\(name)', which is not defined; labctl keeps '\(raw)' as written",
            at: ctx.location(node),
            notes: [from + "; labctl reads talenv.yaml, not the encrypted talenv.sops.yaml or the environment"]))
      }
      return value
    }
    let nodes = ctx.sequence(field(top, "nodes"), path: "nodes").enumerated().compactMap { i, item -> TalosNode? in
      let path = "nodes.\(i)"
      guard case .mapping(let m) = item.kind else {
        ctx.error("'\(path)' must be a mapping with 'hostname'", at: item, rule: "talconfig")
        return nil
      }
      guard let hostname = substituted(field(m, "hostname"), "\(path).hostname") else {
        ctx.error("talconfig node \(i + 1) has no 'hostname'", at: item, rule: "talconfig")
        return nil
      }
      let labels = ctx.entries(field(m, "nodeLabels") ?? .nothing, path: "\(path).nodeLabels")
        .reduce(into: [String: String]()) { out, pair in out[pair.0] = env.substitute(pair.1.scalarText ?? "").text }
      return TalosNode(
        hostname: hostname, ipAddress: substituted(field(m, "ipAddress"), "\(path).ipAddress"),
        controlPlane: ctx.bool(field(m, "controlPlane"), path: "\(path).controlPlane") ?? false,
        installDisk: substituted(field(m, "installDisk"), "\(path).installDisk"), labels: labels,
        location: ctx.location(item), addressLocation: ctx.location(field(m, "ipAddress")),
        roleLocation: ctx.location(field(m, "controlPlane")))
    }
    let config = TalosConfig(
      clusterName: substituted(field(top, "clusterName"), "clusterName"),
      endpoint: substituted(field(top, "endpoint"), "endpoint"), nodes: nodes, source: file)
    return (
      config,
      ctx.diagnostics.map {
        var d = $0
        if d.rule == "schema" { d.rule = "talconfig" }
        return d
      } + undefined
    )
  }
}
