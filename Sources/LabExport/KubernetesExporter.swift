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
      for service in gateways(on: cluster) {
        namespaces.insert(Self.gatewayNamespace)
        add("Gateway", service.name, gateway(service))
      }
      for app in lab.apps where app.cluster == cluster.name && app.status != .planned {
        namespaces.insert(app.name)
        add("Application", app.name, application(app, cluster: cluster))
      }
      for namespace in namespaces { add("Namespace", namespace, self.namespace(namespace)) }
    }
    return ArtifactSet(files)
  }

  /// The gateway services of a cluster: a split pair's halves that run on it and have an address.
  func gateways(on cluster: Cluster) -> [Service] {
    lab.services.filter {
      $0.haKind == .split && $0.runsOn.contains(cluster.name) && ExportAddress.service($0) != nil
        && $0.status != .planned
    }
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
