import LabModel
import LabSpec
import LabTestSupport
import Testing

@Suite struct TalconfigTests {
  static let talconfig = """
    clusterName: prod
    endpoint: https://10.30.0.10:6443
    nodes:
      - hostname: n1
        ipAddress: 10.30.0.11
        controlPlane: true
        installDisk: /dev/nvme0n1
        nodeLabels:
          topology.kubernetes.io/zone: az-a
      - hostname: n2
        ipAddress: 10.30.0.12
        controlPlane: true
      - hostname: n3
        ipAddress: 10.30.0.13
        controlPlane: false
    """

  func spec(nodes: String = "", n2Address: String = "10.30.0.12") -> String {
    """
    lab:
      name: t
    machines:
      n1: { address: 10.30.0.11 }
      n2: { address: \(n2Address) }
      n3: { address: 10.30.0.13 }
    clusters:
      prod:
        talconfig: talos.yaml
    \(nodes)
    """
  }

  @Test func nodesRolesAndAddressesComeFromTheTalconfig() throws {
    let result = TestLab.load(spec(), files: ["lab/talos.yaml": Self.talconfig])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let prod = try #require(result.lab?.clusters[named: "prod"])
    #expect(prod.nodes.map(\.name) == ["n1", "n2", "n3"])
    #expect(prod.nodes.map(\.role) == [.controlplane, .controlplane, .worker])
    #expect(prod.etcdVoters.count == 2)
    #expect(prod.nodes[0].address == IPv4("10.30.0.11"))
    #expect(prod.nodes[0].installDisk == "/dev/nvme0n1")
    #expect(prod.nodes[0].labels["topology.kubernetes.io/zone"] == "az-a")
    #expect(prod.endpoint == "https://10.30.0.10:6443")
  }

  @Test func aRoleConflictPointsAtTheTalconfigLine() throws {
    let result = TestLab.load(
      spec(nodes: "    nodes: { n1: controlplane, n2: controlplane, n3: controlplane }"),
      files: ["lab/talos.yaml": Self.talconfig])
    let d = try #require(result.diagnostics.first { $0.rule == "talconfig" })
    #expect(d.message.contains("'n3' is worker in lab/talos.yaml but controlplane in lab.yaml"))
    #expect(d.location == SourceLocation(file: "lab/talos.yaml", line: 15, column: 19))
    #expect(d.notes.first?.contains("lab.yaml:10") == true)
  }

  @Test func anAddressConflictPointsAtTheTalconfigLine() throws {
    let result = TestLab.load(spec(n2Address: "10.30.0.99"), files: ["lab/talos.yaml": Self.talconfig])
    let d = try #require(result.diagnostics.first { $0.rule == "talconfig" })
    #expect(d.message.contains("10.30.0.12 in lab/talos.yaml but machine 'n2' has 10.30.0.99"))
    #expect(d.location == SourceLocation(file: "lab/talos.yaml", line: 11, column: 16))
  }

  @Test func aNodeOnlyInLabYAMLIsReported() throws {
    let result = TestLab.load(
      spec(nodes: "    nodes: { n1: controlplane, n9: worker }"), files: ["lab/talos.yaml": Self.talconfig])
    #expect(result.diagnostics.contains { $0.message.contains("'n9' of cluster 'prod' is in lab.yaml but not in") })
  }

  @Test func aMissingTalconfigIsAnError() {
    let result = TestLab.load(spec(), files: [:])
    #expect(result.diagnostics.map(\.rule) == ["missing-file"])
    #expect(result.diagnostics.first?.location?.line == 9)
  }

  @Test func theExampleTakesProdFromItsTalconfig() throws {
    let lab = try TestLab.loadExample()
    let prod = try #require(lab.clusters[named: "prod"])
    #expect(prod.endpoint == "https://10.30.0.10:6443", "the endpoint comes from the talconfig")
    #expect(prod.nodes.map(\.name) == ["ed-n1", "ed-n2", "ed-n3"])
    #expect(prod.nodes.allSatisfy { $0.role == .controlplane })
    #expect(lab.summary.nodes == Figure(today: 9, plan: 12))
  }
}
