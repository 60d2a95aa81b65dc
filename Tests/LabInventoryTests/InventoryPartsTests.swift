import LabIO
import LabInventory
import LabModel
import LabTestSupport
import Testing

/// The inventory reader's rules, each checked on a small inventory held in memory.
@Suite struct InventoryPartsTests {
  func load(_ files: [String: String], _ path: String = "inv/hosts") -> InventoryResult {
    AnsibleInventoryLoader().load(path, fileSystem: MemoryFileSystem(files))
  }

  @Test func iniRangesWithStridesAndLetters() throws {
    let inv = try #require(load(["inv/hosts": "[web]\nweb[01:05:2]\ndb-[a:c]\n"]).inventory)
    #expect(inv.group("web")?.hosts == ["web01", "web03", "web05", "db-a", "db-b", "db-c"])
  }

  @Test func iniInlineValuesAreLiteralEvaluated() throws {
    let inv = try #require(load(["inv/hosts": "[g]\nh1 port=2222 on=True f=1.5 s='a b' l=[1,2] raw=abc\n"]).inventory)
    let v = try #require(inv.hostvars["h1"])
    #expect(v["port"] == .int(2222))
    #expect(v["on"] == .bool(true))
    #expect(v["f"] == .double(1.5))
    #expect(v["s"] == .string("a b"))
    #expect(v["l"] == .array([.int(1), .int(2)]))
    #expect(v["raw"] == .string("abc"))
  }

  @Test func yamlScalarsAreTypedAsPyYAMLTypesThem() throws {
    let yaml = "all:\n  hosts:\n    h:\n      a: yes\n      b: 010\n      c: 1:30\n      d: '1'\n      e: ~\n"
    let v = try #require(load(["inv/hosts.yml": yaml], "inv/hosts.yml").inventory?.hostvars["h"])
    #expect(v["a"] == .bool(true))
    #expect(v["b"] == .int(8))
    #expect(v["c"] == .int(90))
    #expect(v["d"] == .string("1"))
    #expect(v["e"] == .null)
  }

  @Test("Vault-encrypted and unsafe values are kept, never decrypted, as ansible-inventory prints them")
  func vaultAndUnsafeValues() throws {
    let yaml =
      "all:\n  hosts:\n    h:\n      k: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        3961\n"
      + "      t: !unsafe '{{ x }}'\n"
    let v = try #require(load(["inv/hosts.yml": yaml], "inv/hosts.yml").inventory?.hostvars["h"])
    #expect(v["k"] == .object(["__ansible_vault": .string("$ANSIBLE_VAULT;1.1;AES256\n3961\n")]))
    #expect(v["t"] == .object(["__ansible_unsafe": .string("{{ x }}")]))
  }

  @Test("A vars file encrypted whole with ansible-vault is left out with a warning naming it")
  func encryptedVarsFile() throws {
    let result = load(
      [
        "inv/hosts": "[dns]\nrpi-n1\n", "inv/group_vars/dns/main.yml": "x: 1\n",
        "inv/group_vars/dns/vault.yml": "$ANSIBLE_VAULT;1.1;AES256\n6231336539\n",
      ])
    let inv = try #require(result.inventory)
    #expect(inv.hostvars["rpi-n1"] == ["x": .int(1)])
    let warning = try #require(result.diagnostics.first { $0.severity == .warning })
    #expect(warning.message.contains("inv/group_vars/dns/vault.yml"))
    #expect(warning.message.contains("ansible-vault"))
    #expect(!result.diagnostics.contains { $0.severity == .error })
  }

  @Test func precedenceIsAllThenGroupsByDepthThenHost() throws {
    let files = [
      "inv/hosts": "[child]\nh who=host\nh2\n[parent:children]\nchild\n[parent:vars]\nwho=parent\nx=parent\n"
        + "[child:vars]\nx=child\n[all:vars]\nwho=all\ny=all\n",
      "inv/group_vars/all.yml": "y: group_vars_all\n",
      "inv/host_vars/h2.yml": "x: host_vars\n",
    ]
    let inv = try #require(load(files).inventory)
    #expect(inv.hostvars["h"]?["who"] == .string("host"))
    #expect(inv.hostvars["h"]?["x"] == .string("child"))
    #expect(inv.hostvars["h"]?["y"] == .string("group_vars_all"))
    #expect(inv.hostvars["h2"]?["who"] == .string("parent"))
    #expect(inv.hostvars["h2"]?["x"] == .string("host_vars"))
  }

  @Test func hostsInNoGroupAreUngrouped() throws {
    let inv = try #require(load(["inv/hosts": "solo\n[web]\nw1\n"]).inventory)
    #expect(inv.group("ungrouped")?.hosts == ["solo"])
    #expect(inv.group("all")?.children == ["ungrouped", "web"])
  }

  @Test func cycleIsAnErrorAtItsLine() {
    let result = load(["inv/hosts.yml": "a:\n  children:\n    b:\n      children:\n        a:\n"], "inv/hosts.yml")
    #expect(result.inventory == nil)
    #expect(result.diagnostics.first?.location == SourceLocation(file: "inv/hosts.yml", line: 3, column: 5))
    #expect(result.diagnostics.first?.message.contains("Adding group 'b' as child to 'a'") == true)
  }

  @Test func pythonJSONMatchesPythonsFloatsAndEscapes() {
    #expect(PythonJSON.floatRepr(1000.0) == "1000.0")
    #expect(PythonJSON.floatRepr(1e16) == "1e+16")
    #expect(PythonJSON.floatRepr(0.0001) == "0.0001")
    #expect(PythonJSON.floatRepr(0.00001) == "1e-05")
    #expect(PythonJSON.encode(.string("é\n\u{1}")) == "\"é\\n\\u0001\"")
    #expect(PythonJSON.encode(.object(["b": .int(1), "a": .array([])])) == "{\n    \"a\": [],\n    \"b\": 1\n}")
  }
}
