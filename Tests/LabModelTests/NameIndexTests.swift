import LabModel
import Testing

@Suite struct NameIndexTests {
  func lab() -> Lab {
    Lab(meta: LabMeta(name: "t"), machines: [Machine(name: "a"), Machine(name: "b"), Machine(name: "a", os: "dup")])
  }

  @Test func findsByNameLikeTheLinearSubscript() {
    let lab = lab()
    for name in ["a", "b", "c"] {
      #expect(lab.machine(named: name) == lab.machines[named: name])
    }
    #expect(lab.machine(named: "a")?.os == nil, "the first declaration wins")
  }

  @Test func followsEveryKindOfChange() {
    var lab = lab()
    lab.machines.append(Machine(name: "c"))
    #expect(lab.machine(named: "c") != nil)
    lab.machines[1].name = "b2"
    #expect(lab.machine(named: "b") == nil)
    #expect(lab.machine(named: "b2")?.name == "b2")
    lab.machines.remove(at: 0)
    #expect(lab.machine(named: "a")?.os == "dup")
    lab.machines = []
    #expect(lab.machine(named: "c") == nil)
    lab.services = [Service(name: "dns")]
    #expect(lab.service(named: "dns")?.name == "dns")
    lab.clusters = [Cluster(name: "prod")]
    lab.sites = [Site(name: "az-a")]
    lab.vlans = [VLAN(name: "v", id: 1)]
    lab.apps = [App(name: "web")]
    #expect(lab.cluster(named: "prod") != nil && lab.site(named: "az-a") != nil)
    #expect(lab.vlan(named: "v") != nil && lab.app(named: "web") != nil)
  }
}
