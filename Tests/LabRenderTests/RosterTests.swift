import LabModel
import LabRender
import LabTestSupport
import Testing

@Suite struct RosterTests {
  func lab(roster: [RosterEntry]) -> Lab {
    let inventory = Inventory(
      groups: [
        InventoryGroup(name: "all", children: ["ungrouped", "dns", "raspbian", "edge"]),
        InventoryGroup(name: "ungrouped", hosts: ["lonely"]),
        InventoryGroup(name: "dns", hosts: ["rpi-n1", "dns-n2"]),
        InventoryGroup(name: "raspbian", hosts: ["rpi-n2", "rpi-n1"]),
        InventoryGroup(name: "edge", children: ["raspbian"]),
      ], hostvars: [:], source: "hosts.yml")
    return Lab(meta: LabMeta(name: "t"), roster: roster, inventory: inventory)
  }

  @Test func describedGroupsInRosterOrderWithSharedHostsInBoth() {
    let view = lab(roster: [
      RosterEntry(name: "raspbian", title: "Raspberry Pi"), RosterEntry(name: "dns", text: "DNS"),
    ])
    .rosterView()
    #expect(view.groups.map(\.name) == ["raspbian", "dns"])
    #expect(view.groups[0].title == "Raspberry Pi")
    #expect(view.groups[0].hosts == ["rpi-n1", "rpi-n2"])
    #expect(view.groups[1].hosts == ["dns-n2", "rpi-n1"])
    #expect(view.hostCount == 4)
  }

  @Test func withoutRosterEveryGroupShowsChildHostsToo() {
    let view = lab(roster: []).rosterView()
    #expect(view.groups.map(\.name) == ["dns", "raspbian", "edge"])
    #expect(view.groups[2].hosts == ["rpi-n1", "rpi-n2"])
  }

  @Test func theExampleRosterHasThirteenHostsAndRpiN1Twice() throws {
    let roster = try TestLab.loadExample().rosterView()
    #expect(roster.hostCount == 13)
    #expect(roster.groups.map(\.name) == ["arr", "dns", "lgtm", "nas", "proxmox", "raspbian", "wings"])
    #expect(roster.groups[named: "dns"]?.hosts == ["dns-n2", "dns-n3", "rpi-n1"])
    #expect(roster.groups[named: "raspbian"]?.hosts == ["rpi-n1", "rpi-n2"])
    #expect(roster.groups[named: "dns"]?.title == "DNS node")
  }
}
