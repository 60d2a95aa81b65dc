import Foundation
import LabExport
import LabIO
import LabInventory
import LabModel
import LabTestSupport
import Testing

/// The Ansible export: real ansible-inventory reads it as labctl's own reader does, and it holds the roster.
@Suite struct AnsibleExportTests {
  @Test func holdsEveryRosterHostWithTheModelsVars() throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let result = AnsibleInventoryLoader().load(example.path(AnsibleExporter.path), fileSystem: LocalFileSystem())
    let inventory = try #require(result.inventory, "labctl cannot read its own export: \(result.diagnostics)")
    let roster = try #require(example.lab.inventory).hosts
    #expect(
      Set(roster).isSubset(of: Set(inventory.hosts)),
      "roster hosts missing: \(Set(roster).subtracting(inventory.hosts))")
    let vars = try #require(inventory.hostvars["ed-n1"])
    #expect(vars["ansible_host"] == .string("10.30.0.11"))
    #expect(vars["site"] == .string("az-a"))
    #expect(vars["clusters"] == .array([.string("prod")]))
    #expect(inventory.hostvars["dns-n2"]?["site"] == .string("az-a"), "a VM's site is its hypervisor's")
    #expect(inventory.allHosts(in: "dns").sorted() == ["dns-n2", "dns-n3", "rpi-n1"])
  }

  @Test(
    .enabled(
      if: Peers.find("ansible-inventory") != nil || Peers.required,
      "ansible-inventory not installed (scripts/test.sh puts ansible-core in .venv)"))
  func ansibleInventoryListsWhatLabctlReads() async throws {
    let example = try ExportedExample()
    defer { example.remove() }
    let tool = try #require(Peers.find("ansible-inventory"), "ansible-inventory not installed")
    let path = example.path(AnsibleExporter.path)
    let out: Peers.Output = try await Peers.run(
      tool, ["-i", path, "--list"],
      environment: ["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true", "ANSIBLE_NOCOLOR": "1"])
    #expect(out.status == 0, "ansible-inventory: \(out.stderr)")
    #expect(!out.stderr.contains("WARNING"), "ansible-inventory warned:\n\(out.stderr)")
    let theirs = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? NSDictionary
    let result = AnsibleInventoryLoader().load(path, fileSystem: LocalFileSystem())
    let ours = PythonJSON.encode(try #require(result.inventory).ansibleList)
    let oursParsed = try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? NSDictionary
    #expect(
      theirs != nil && theirs == oursParsed,
      "ansible-inventory --list differs from labctl's reader\nansible:\n\(out.stdout)\nlabctl:\n\(ours)")
    let hosts = Set(((theirs?["_meta"] as? NSDictionary)?["hostvars"] as? NSDictionary)?.allKeys as? [String] ?? [])
    let roster = try #require(example.lab.inventory).hosts
    #expect(
      Set(roster).isSubset(of: hosts), "roster hosts ansible-inventory does not list: \(Set(roster).subtracting(hosts))"
    )
  }
}
