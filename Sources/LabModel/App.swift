/// A workload shipped from its own repo.
public struct App: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  public var image: String?
  public var cluster: String?
  public var runsOn: [String]
  public var vlan: String?
  public var http: Bool
  public var category: String?
  public var status: Status
  /// Live checks (`checks:`); nil means none.
  public var checks: [Check]?

  public init(
    name: String, title: String? = nil, image: String? = nil, cluster: String? = nil,
    runsOn: [String] = [], vlan: String? = nil, http: Bool = false, category: String? = nil,
    status: Status = .live, checks: [Check]? = nil
  ) {
    self.checks = checks
    self.name = name
    self.title = title
    self.image = image
    self.cluster = cluster
    self.runsOn = runsOn
    self.vlan = vlan
    self.http = http
    self.category = category
    self.status = status
  }

  public var displayName: String { title ?? name }
}

/// What a delivery stage is, for the flow diagram.
public enum StageKind: String, Sendable, Codable, CaseIterable {
  case input, step, store, focal, target
}

/// One stage of the path from a commit to a pod.
public struct DeliveryStage: Sendable, Hashable, Named {
  public var name: String
  public var title: String
  public var detail: String?
  public var kind: StageKind
  /// The label of the arrow to the next stage (`BUILD`, `DISPATCH`).
  public var edge: String?
  /// For the last stage: the cluster it rolls out to.
  public var cluster: String?

  public init(
    name: String, title: String, detail: String? = nil, kind: StageKind = .step,
    edge: String? = nil, cluster: String? = nil
  ) {
    self.name = name
    self.title = title
    self.detail = detail
    self.kind = kind
    self.edge = edge
    self.cluster = cluster
  }
}

/// How an environment gets a new image tag.
public enum Promotion: String, Sendable, Codable, CaseIterable {
  case auto
  case pullRequest = "pull-request"
}

/// The delivery pipeline: push → build → registry → dispatch → GitOps → sync → rollout.
public struct Delivery: Sendable, Hashable {
  public var stages: [DeliveryStage]
  public var registry: String?
  public var gitopsRepo: String?
  /// Environment (cluster) name → how it is promoted.
  public var promotion: [String: Promotion]
  /// Cluster name → the folder of the GitOps repo holding its manifests (default `clusters/NAME`).
  public var paths: [String: String]
  /// The GitOps repo's branch Argo CD watches (default `main`).
  public var branch: String

  public init(
    stages: [DeliveryStage] = [], registry: String? = nil, gitopsRepo: String? = nil,
    promotion: [String: Promotion] = [:], paths: [String: String] = [:], branch: String = "main"
  ) {
    self.stages = stages
    self.registry = registry
    self.gitopsRepo = gitopsRepo
    self.promotion = promotion
    self.paths = paths
    self.branch = branch
  }

  /// The folder of the GitOps repo holding `cluster`'s manifests.
  public func path(for cluster: String) -> String { paths[cluster] ?? "clusters/\(cluster)" }
}

/// The description of one inventory group on the roster.
public struct RosterEntry: Sendable, Hashable, Named {
  public var name: String
  public var title: String?
  public var text: String?

  public init(name: String, title: String? = nil, text: String? = nil) {
    self.name = name
    self.title = title
    self.text = text
  }
}

/// Named tools that run nowhere in the model, by category.
public struct ToolGroup: Sendable, Hashable {
  public var category: String
  public var tools: [String]

  public init(category: String, tools: [String]) {
    self.category = category
    self.tools = tools
  }
}
