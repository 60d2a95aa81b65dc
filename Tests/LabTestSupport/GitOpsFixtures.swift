/// A GitOps repo laid out as examples/03lab's apps expect: clusters/dev and clusters/prod, each app declared
/// in another of the forms labctl bump edits, with comments, odd quoting and neighbours that must not change.
public enum GitOpsFixtures {
  /// kustomize `images:` for kian-coffee, plus a plain manifest naming the same image twice.
  public static func kustomization(tag: String) -> String {
    """
    # kian.coffee — managed by labctl bump; edit by hand only in a PR
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - deployment.yaml   # the app
    images:
      - name: ghcr.io/OWNER/kian.coffee
        newTag: "\(tag)"    # bumped on dispatch
      - name: docker.io/library/nginx
        newTag: 1.27.0
    """
  }

  public static func deployment(tag: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: kian-coffee
    spec:
      template:
        spec:
          initContainers:
            - name: migrate
              image: 'ghcr.io/OWNER/kian.coffee:\(tag)'
          containers:
            - name: web
              image: ghcr.io/OWNER/kian.coffee:\(tag)  # same image
              args: ["--port", "8080"]
            - name: proxy
              image: docker.io/library/nginx:1.27.0
          volumes:
            - name: script
              configMap:
                name: notes
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: notes
    data:
      README: |
        image: ghcr.io/OWNER/kian.coffee:not-a-key
    """
  }

  /// Helm values for techgarden: registry + repository + tag, beside a database image of its own.
  public static func values(tag: String) -> String {
    """
    replicaCount: 2
    image:
      registry: ghcr.io
      repository: OWNER/techgarden.gg
      tag: \(tag)
      pullPolicy: IfNotPresent
    postgresql:
      image:
        repository: docker.io/bitnami/postgresql
        tag: 16.4.0
    """
  }

  /// An Argo CD Application for hausparty with helm parameters.
  public static func application(tag: String) -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Application
    metadata:
      name: hausparty
      namespace: argocd
    spec:
      project: default
      source:
        repoURL: https://charts.example.invalid
        chart: hausparty
        targetRevision: 0.3.1
        helm:
          parameters:
            - name: image.repository
              value: ghcr.io/OWNER/hausparty
            - name: image.tag
              value: "\(tag)"
            - name: replicas
              value: "2"
      destination:
        server: https://kubernetes.default.svc
        namespace: hausparty
    """
  }

  /// The whole repo, every app at `tag` on both clusters.
  public static func repo(tag: String = "v1.0.0") -> [String: String] {
    var files: [String: String] = ["README.md": "# homelab\n"]
    for cluster in ["dev", "prod"] {
      files["clusters/\(cluster)/kian-coffee/kustomization.yaml"] = kustomization(tag: tag)
      files["clusters/\(cluster)/kian-coffee/deployment.yaml"] = deployment(tag: tag)
      files["clusters/\(cluster)/techgarden/values.yaml"] = values(tag: tag)
      files["clusters/\(cluster)/argocd/hausparty.yaml"] = application(tag: tag)
    }
    return files
  }
}
