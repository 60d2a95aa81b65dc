import Foundation
import LabExport
import LabModel
import LabTestSupport
import Testing
import Yams

/// The Kubernetes export: one object per file under clusters/NAME/; kubernetes-validate accepts the core
/// kinds, and each custom resource has the API version and typed fields its upstream API defines.
@Suite struct KubernetesExportTests {
  static func objects() throws -> [(path: String, object: [String: Any])] {
    let lab = try TestLab.loadExample()
    return try KubernetesExporter(lab).export().files.map { file in
      let object = try Yams.load(yaml: String(decoding: file.contents, as: UTF8.self)) as? [String: Any]
      return (file.path, object ?? [:])
    }
  }

  /// The custom resources labctl writes: kind → the API version and the spec fields with their types, as
  /// MetalLB, Gateway API and Argo CD define them (documented in docs/export.md).
  static let customResources: [String: (apiVersion: String, fields: [String: String])] = [
    "IPAddressPool": ("metallb.io/v1beta1", ["addresses": "[string]", "autoAssign": "bool"]),
    "L2Advertisement": ("metallb.io/v1beta1", ["ipAddressPools": "[string]"]),
    "Gateway": (
      "gateway.networking.k8s.io/v1", ["gatewayClassName": "string", "addresses": "[object]", "listeners": "[object]"]
    ),
    "Application": (
      "argoproj.io/v1alpha1",
      ["project": "string", "source": "object", "destination": "object", "syncPolicy": "object"]
    ),
  ]

  static func typeName(_ value: Any) -> String {
    switch value {
    case is Bool: "bool"
    case is String: "string"
    case is Int: "int"
    case let list as [Any]: list.first.map { "[\(typeName($0))]" } ?? "[]"
    case is [String: Any]: "object"
    default: "\(type(of: value))"
    }
  }

  @Test func eachClusterHasItsPoolGatewaysAndApps() throws {
    let paths = try Self.objects().map(\.path)
    #expect(paths.contains("clusters/prod/ipaddresspool-prod.yaml"))
    #expect(paths.contains("clusters/prod/l2advertisement-prod.yaml"))
    #expect(paths.contains("clusters/prod/gateway-eg-internal.yaml"))
    #expect(paths.contains("clusters/prod/gateway-eg-public.yaml"))
    #expect(paths.contains("clusters/prod/application-kian-coffee.yaml"))
    #expect(!paths.contains { $0.hasPrefix("clusters/prod-b/") }, "a planned cluster exports nothing")
  }

  @Test func customResourcesHaveTheirUpstreamFieldsAndTypes() throws {
    for (path, object) in try Self.objects() {
      let kind = object["kind"] as? String ?? ""
      guard let expected = Self.customResources[kind] else {
        #expect(object["apiVersion"] as? String == "v1", "\(path): an unexpected kind \(kind)")
        continue
      }
      #expect(object["apiVersion"] as? String == expected.apiVersion, "\(path): apiVersion")
      let metadata = object["metadata"] as? [String: Any] ?? [:]
      #expect(metadata["name"] is String && metadata["namespace"] is String, "\(path): metadata.name/namespace")
      let spec = object["spec"] as? [String: Any] ?? [:]
      for (field, type) in expected.fields {
        #expect(spec[field].map(Self.typeName) == type, "\(path): spec.\(field) should be \(type)")
      }
      #expect(Set(spec.keys).isSubset(of: Set(expected.fields.keys)), "\(path): fields labctl does not document")
    }
  }

  @Test(
    .enabled(
      if: Peers.find("kubernetes-validate") != nil || Peers.required,
      "kubernetes-validate not installed (scripts/test.sh puts it in .venv)"))
  func kubernetesValidateAcceptsTheCoreKinds() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let tool = try #require(Peers.find("kubernetes-validate"), "kubernetes-validate not installed")
    let core = example.files(.kubernetes).filter {
      String(decoding: $0.contents, as: UTF8.self).contains("apiVersion: v1\n")
    }
    #expect(!core.isEmpty)
    let out: Peers.Output = try await Peers.run(tool, ["--strict"] + core.map { example.path($0.path) }, timeout: 120)
    #expect(out.status == 0, "kubernetes-validate:\n\(out.stdout)\(out.stderr)")
    print("kubernetes-validate --strict (\(core.count) files): exit \(out.status)\n\(out.stdout)")
  }
}
