import LabModel

/// Per cluster, one file per object under `clusters/NAME/`: MetalLB `IPAddressPool` + `L2Advertisement`
/// (metallb.io/v1beta1), a Gateway API `Gateway` (gateway.networking.k8s.io/v1) per gateway service with its
/// address, an Argo CD `Application` (argoproj.io/v1alpha1) per app, and the core `Namespace`s they use.
public struct KubernetesExporter: Sendable {
  /// The namespaces labctl puts the platform objects in.
  public static let metallbNamespace = "metallb-system"
  public static let gatewayNamespace = "envoy-gateway-system"
  public static let argocdNamespace = "argocd"
  /// The GatewayClass the Gateways name (Envoy Gateway's default).
  public static let gatewayClass = "eg"
  let lab: Lab

  public init(_ lab: Lab) { self.lab = lab }

  public func export() -> ArtifactSet {
    var files: [Artifact] = []
    // Each service and app filed once under the clusters it runs on (not every cluster scanning them all).
    var gatewaysByCluster: [String: [Service]] = [:]
    for service in lab.services where Self.isGateway(service) {
      for place in Set(service.runsOn) { gatewaysByCluster[place, default: []].append(service) }
    }
    var appsByCluster: [String: [App]] = [:]
    for app in lab.apps where app.status != .planned {
      if let cluster = app.cluster { appsByCluster[cluster, default: []].append(app) }
    }
    for cluster in lab.clusters where cluster.status != .planned {
      let dir = "clusters/\(cluster.name)"
      func add(_ kind: String, _ name: String, _ body: String) {
        files.append(
          Artifact(
            path: "\(dir)/\(kind.lowercased())-\(name).yaml",
            text: "# \(kind) \(name) — exported by labctl from lab.yaml; edit lab.yaml, not this file.\n" + body,
            contentType: "application/yaml"))
      }
      var namespaces: Set<String> = []
      if let pool = ExportAddress.pool(cluster), cluster.loadBalancer?.kind.hasPrefix("metallb") == true {
        namespaces.insert(Self.metallbNamespace)
        add("IPAddressPool", cluster.name, addressPool(cluster.name, pool))
        add("L2Advertisement", cluster.name, l2Advertisement(cluster.name))
      }
      for service in gatewaysByCluster[cluster.name] ?? [] {
        namespaces.insert(Self.gatewayNamespace)
        add("Gateway", service.name, gateway(service))
      }
      for app in appsByCluster[cluster.name] ?? [] {
        namespaces.insert(app.name)
        add("Application", app.name, application(app, cluster: cluster))
      }
      for namespace in namespaces { add("Namespace", namespace, self.namespace(namespace)) }
    }
    return ArtifactSet(files)
  }

  /// The gateway services of a cluster: a split pair's halves that run on it and have an address.
  /// A split pair's half with an address, not only planned: a Gateway wherever it runs.
  static func isGateway(_ service: Service) -> Bool {
    service.haKind == .split && ExportAddress.service(service) != nil && service.status != .planned
  }

  func metadata(_ name: String, namespace: String?, labels: [(String, String)] = []) -> String {
    var out = "metadata:\n  name: \(YAMLText.quoted(name))\n"
    if let namespace { out += "  namespace: \(YAMLText.quoted(namespace))\n" }
    let all = [("app.kubernetes.io/managed-by", "labctl")] + labels
    out += "  labels:\n" + all.map { "    \($0.0): \(YAMLText.quoted($0.1))\n" }.joined()
    return out
  }

  func namespace(_ name: String) -> String {
    "apiVersion: v1\nkind: Namespace\n" + metadata(name, namespace: nil)
  }

  func addressPool(_ name: String, _ pool: IPv4Range) -> String {
    "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\n" + metadata(name, namespace: Self.metallbNamespace)
      + "spec:\n  addresses:\n    - \(YAMLText.quoted(pool.description))\n  autoAssign: true\n"
  }

  func l2Advertisement(_ name: String) -> String {
    "apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\n" + metadata(name, namespace: Self.metallbNamespace)
      + "spec:\n  ipAddressPools:\n    - \(YAMLText.quoted(name))\n"
  }

  func gateway(_ service: Service) -> String {
    let edge = service.name.contains("public") ? "public" : "internal"
    let address = ExportAddress.service(service)?.description ?? ""
    return "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
      + metadata(service.name, namespace: Self.gatewayNamespace, labels: [("lab.internal/edge", edge)])
        + """
        spec:
          gatewayClassName: \(YAMLText.quoted(Self.gatewayClass))
          addresses:
            - type: "IPAddress"
              value: \(YAMLText.quoted(address))
          listeners:
            - name: "http"
              protocol: "HTTP"
              port: 80
              allowedRoutes:
                namespaces:
                  from: "All"

        """
  }

  func application(_ app: App, cluster: Cluster) -> String {
    let repo = lab.delivery?.gitopsRepo.map { "https://github.com/\($0).git" } ?? ""
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
      + metadata(app.name, namespace: Self.argocdNamespace)
        + """
        spec:
          project: "default"
          source:
            repoURL: \(YAMLText.quoted(repo))
            targetRevision: "HEAD"
            path: \(YAMLText.quoted("apps/\(app.name)/overlays/\(cluster.name)"))
          destination:
            name: \(YAMLText.quoted(cluster.name))
            namespace: \(YAMLText.quoted(app.name))
          syncPolicy:
            automated:
              prune: true
              selfHeal: true
            syncOptions:
              - "CreateNamespace=true"

        """
  }
}
