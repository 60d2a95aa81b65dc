import LabModel

/// A delivery request that cannot be carried out as given, said so a user can fix it.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// One tag change for one app on one cluster, resolved against the model.
public struct BumpRequest: Sendable, Hashable {
  public var app: String
  public var cluster: String
  /// The image without tag, from the app's `image:`.
  public var image: String
  public var tag: String
  public var digest: String?
  /// The app repo's commit the image was built from, when the dispatch says.
  public var source: String?
  /// The dispatch's delivery id: a bump carrying one is done once, whatever happens to labctl meanwhile.
  public var delivery: String?
  /// The folder of the GitOps repo holding the cluster's manifests.
  public var directory: String
  /// How the cluster is promoted.
  public var promotion: Promotion

  public init(
    app: String, cluster: String, image: String, tag: String, digest: String? = nil, source: String? = nil,
    delivery: String? = nil, directory: String, promotion: Promotion = .auto
  ) {
    self.app = app
    self.cluster = cluster
    self.image = image
    self.tag = tag
    self.digest = digest
    self.source = source
    self.delivery = delivery
    self.directory = directory
    self.promotion = promotion
  }

  /// Resolves `app` and `cluster` (default: the app's own cluster) against the lab; every value checked.
  public static func resolve(
    lab: Lab, app appName: String, tag: String, cluster: String? = nil, digest: String? = nil,
    source: String? = nil, delivery: String? = nil
  ) throws(DeliveryError) -> BumpRequest {
    guard let app = lab.app(named: appName) else {
      let hint = Suggestion.closest(to: appName, in: lab.apps.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
      throw DeliveryError("unknown app '\(appName)'\(hint): lab.yaml's apps are \(names(lab.apps.map(\.name)))")
    }
    guard let image = app.image, !image.isEmpty else {
      throw DeliveryError("app '\(app.name)' has no image in lab.yaml: add `image: ghcr.io/OWNER/NAME` to it")
    }
    guard let cluster = cluster ?? app.cluster else {
      throw DeliveryError("app '\(app.name)' has no cluster in lab.yaml: pass --cluster")
    }
    guard lab.cluster(named: cluster) != nil else {
      let hint = Suggestion.closest(to: cluster, in: lab.clusters.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
      throw DeliveryError(
        "unknown cluster '\(cluster)'\(hint): lab.yaml's clusters are \(names(lab.clusters.map(\.name)))")
    }
    try Validate.tag(tag)
    if let digest { try Validate.digest(digest) }
    if let source { try Validate.commit(source) }
    if let delivery { try Validate.delivery(delivery) }
    let pipeline = lab.delivery ?? Delivery()
    return BumpRequest(
      app: app.name, cluster: cluster, image: Validate.stripTag(image), tag: tag, digest: digest, source: source,
      delivery: delivery, directory: pipeline.path(for: cluster), promotion: pipeline.promotion[cluster] ?? .auto)
  }

  static func names(_ list: [String]) -> String { list.isEmpty ? "none" : list.sorted().joined(separator: ", ") }
}

/// The grammar of what a dispatch or a command line may carry.
public enum Validate {
  /// An OCI tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
  public static func tag(_ tag: String) throws(DeliveryError) {
    guard (try? #/[A-Za-z0-9_][A-Za-z0-9._-]{0,127}/#.wholeMatch(in: tag)) != nil else {
      throw DeliveryError(
        "'\(printable(tag))' is not an image tag: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"
      )
    }
  }

  /// A content digest: `sha256:` and 64 hex digits (or another algorithm's name and its hex).
  public static func digest(_ digest: String) throws(DeliveryError) {
    guard (try? #/[a-z0-9]+([+._-][a-z0-9]+)*:[a-f0-9]{32,128}/#.wholeMatch(in: digest)) != nil else {
      throw DeliveryError("'\(printable(digest))' is not an image digest (expected sha256: and 64 hex digits)")
    }
  }

  /// A git commit id: 7 to 64 hex digits.
  public static func commit(_ commit: String) throws(DeliveryError) {
    guard (try? #/[0-9a-f]{7,64}/#.wholeMatch(in: commit)) != nil else {
      throw DeliveryError("'\(printable(commit))' is not a commit id (expected 7 to 64 hex digits)")
    }
  }

  /// A delivery id (GitHub sends a GUID): 1 to 128 letters, digits, '.', '_' or '-'.
  public static func delivery(_ id: String) throws(DeliveryError) {
    guard (try? #/[A-Za-z0-9._-]{1,128}/#.wholeMatch(in: id)) != nil else {
      throw DeliveryError("'\(printable(id))' is not a delivery id (1 to 128 letters, digits, '.', '_' or '-')")
    }
  }

  /// The image without a tag or digest: `ghcr.io/o/app:1` → `ghcr.io/o/app` (a registry port stays).
  public static func stripTag(_ image: String) -> String {
    var name = image
    if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
    if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = String(name[..<colon]) }
    return name
  }

  /// At most 80 characters of `text`, control characters shown as `?`, for an error message.
  public static func printable(_ text: String) -> String {
    String(text.prefix(80).map { $0.isASCII && ($0.asciiValue ?? 0) >= 32 && $0 != "\u{7f}" ? $0 : "?" })
  }
}
