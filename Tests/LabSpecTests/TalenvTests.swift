import LabModel
import LabSpec
import LabTestSupport
import Testing

/// talhelper's `talenv.yaml` variables in a talconfig.
@Suite struct TalenvTests {
  static let talconfig = """
    clusterName: ${clusterName}
    endpoint: https://${clusterEndpointIP}:6443
    nodes:
      - hostname: n1
        ipAddress: ${n1Address}
        controlPlane: true
        installDisk: ${disk:-/dev/sda}
      - hostname: $second
        ipAddress: 10.30.0.12
        controlPlane: true
      - hostname: n3
        ipAddress: 10.30.0.13
        controlPlane: true
    """

  static let spec = """
    lab:
      name: t
    machines:
      n1: { address: 10.30.0.11 }
      n2: { address: 10.30.0.12 }
      n3: { address: 10.30.0.13 }
    clusters:
      prod:
        talconfig: talos/talconfig.yaml
    """

  static let talenv = "clusterName: prod\nclusterEndpointIP: 10.30.0.10\nn1Address: 10.30.0.11\nsecond: n2\n"

  @Test("Variables come from talenv.yaml beside the talconfig, defaults from ${NAME:-default}")
  func substituted() throws {
    let result = TestLab.load(
      Self.spec, files: ["lab/talos/talconfig.yaml": Self.talconfig, "lab/talos/talenv.yaml": Self.talenv])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let prod = try #require(result.lab?.cluster(named: "prod"))
    #expect(prod.endpoint == "https://10.30.0.10:6443")
    #expect(prod.nodes.map(\.name) == ["n1", "n2", "n3"])
    #expect(prod.nodes[0].address == IPv4("10.30.0.11"))
    #expect(prod.nodes[0].installDisk == "/dev/sda")
  }

  @Test("Without talenv.yaml, each variable used is a warning at its field, kept as written")
  func undefined() throws {
    let result = TestLab.load(Self.spec, files: ["lab/talos/talconfig.yaml": Self.talconfig])
    let warnings = result.diagnostics.filter { $0.severity == .warning && $0.rule == "talconfig" }
    let names = warnings.compactMap { w in
      ["clusterName", "clusterEndpointIP", "n1Address", "second"].first { w.message.contains("'\($0)'") }
    }
    #expect(Set(names) == ["clusterName", "clusterEndpointIP", "n1Address", "second"], "\(result.diagnostics)")
    let endpoint = try #require(warnings.first { $0.message.contains("clusterEndpointIP") })
    #expect(endpoint.location == SourceLocation(file: "lab/talos/talconfig.yaml", line: 2, column: 11))
    #expect(endpoint.message.contains("keeps 'https://${clusterEndpointIP}:6443' as written"))
  }

  @Test(
    "Substitution follows envsubst",
    arguments: [
      ("${a}-${b}", "1-2", [String]()), ("$a$b", "12", []), ("${zz:-x}", "x", []), ("${e:-x}", "x", []),
      ("${e-x}", "", []), ("${zz}", "${zz}", ["zz"]), ("$zz.lan", "$zz.lan", ["zz"]), ("cost: $5", "cost: $5", []),
      ("no vars", "no vars", []), ("${not a name}", "${not a name}", []),
    ])
  func envsubst(input: String, output: String, undefined: [String]) {
    let env = Talenv(["a": "1", "b": "2", "e": ""])
    let result = env.substitute(input)
    #expect(result.text == output)
    #expect(result.undefined == undefined)
  }

  @Test("A talenv that is not a mapping is an error at its file")
  func badTalenv() {
    let result = TestLab.load(
      Self.spec, files: ["lab/talos/talconfig.yaml": Self.talconfig, "lab/talos/talenv.yaml": "- a\n- b\n"])
    #expect(result.diagnostics.contains { $0.severity == .error && $0.location?.file == "lab/talos/talenv.yaml" })
  }
}
