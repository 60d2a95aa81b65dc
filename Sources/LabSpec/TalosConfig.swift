import LabModel

/// A talhelper `talconfig.yaml`, as far as the model uses it.
public struct TalosConfig: Sendable, Hashable {
  public var clusterName: String?
  /// The Kubernetes API endpoint, e.g. `https://10.30.0.10:6443`.
  public var endpoint: String?
  public var nodes: [TalosNode]
  /// The file it was read from.
  public var source: String

  public init(clusterName: String?, endpoint: String?, nodes: [TalosNode], source: String) {
    self.clusterName = clusterName
    self.endpoint = endpoint
    self.nodes = nodes
    self.source = source
  }
}

/// One node of a talconfig: `hostname`, `ipAddress`, `controlPlane`, `installDisk`, `nodeLabels`.
public struct TalosNode: Sendable, Hashable {
  public var hostname: String
  public var ipAddress: String?
  public var controlPlane: Bool
  public var installDisk: String?
  public var labels: [String: String]
  /// Where the node's entry starts, and where its `ipAddress` and `controlPlane` are.
  public var location: SourceLocation?
  public var addressLocation: SourceLocation?
  public var roleLocation: SourceLocation?

  public init(
    hostname: String, ipAddress: String? = nil, controlPlane: Bool = false, installDisk: String? = nil,
    labels: [String: String] = [:], location: SourceLocation? = nil, addressLocation: SourceLocation? = nil,
    roleLocation: SourceLocation? = nil
  ) {
    self.hostname = hostname
    self.ipAddress = ipAddress
    self.controlPlane = controlPlane
    self.installDisk = installDisk
    self.labels = labels
    self.location = location
    self.addressLocation = addressLocation
    self.roleLocation = roleLocation
  }

  /// The node's role in the cluster.
  public var role: NodeRole { controlPlane ? .controlplane : .worker }
}
