/// Generates a lab `scale` times the example's size, with some long names, to test that
/// the diagrams wrap and grow instead of overlapping.
enum LargeLab {
  static func make(scale s: Int) -> (yaml: String, files: [String: String]) {
    var y = """
      version: 1
      lab:
        name: "big//lab"
        tagline: The same lab, \(s) times over.
        inventory: hosts.yml
      sites:
        az-a: { title: Primary, status: live }
        az-b: { title: Secondary, status: offline, note: Moving. }
      tiers:
        bare-metal-prod: { title: Bare-metal production with a long tier title, subtitle: talos-prod · control plane · and more words, focal: true }
        hypervisors: { title: Hypervisors, subtitle: VMs }
        edge-storage: { title: Edge + storage, subtitle: DNS · LB · NAS }
      machines:

      """
    var hypervisors: [String] = []
    for i in 1...(3 * s) {
      let name = i % 5 == 0 ? "elitedesk-node-with-a-rather-long-name-\(i)" : "ed-n\(i)"
      y +=
        "  \(name): { model: HP EliteDesk 800 G6 Mini, tier: bare-metal-prod, site: \(i % 2 == 0 ? "az-b" : "az-a"), os: talos }\n"
    }
    for i in 1...(3 * s) {
      hypervisors.append("hv-\(i)")
      y +=
        "  hv-\(i): { model: Minisforum BD795i SE, tier: hypervisors, site: az-a, os: proxmox, address: 10.10.\(i / 200).\(i % 200 + 1) }\n"
    }
    for i in 1...(4 * s) {
      y +=
        "  edge-\(i): { model: Raspberry Pi 5 8GB, role: DNS secondary and edge load balancer, tier: edge-storage, site: az-a, os: raspbian }\n"
    }
    var clusters = ""
    for c in 1...(3 * s) {
      var nodes: [String] = []
      for n in 1...3 {
        let vm = "c\(c)-cp-\(n)"
        nodes.append("\(vm): controlplane")
        y += "  \(vm): { kind: vm, runs_on: \(hypervisors[(c + n) % hypervisors.count]), os: talos }\n"
      }
      clusters +=
        "  cluster-\(c): { distro: talos, site: az-a, \(c == 1 ? "status: planned, " : "")nodes: { \(nodes.joined(separator: ", ")) }, loadbalancer: { kind: metallb-l2 } }\n"
    }
    y += "clusters:\n" + clusters
    y += "vlans:\n"
    let trusts = ["isolated", "trusted", "untrusted", "guest", "iot", "trusted"]
    for v in 1...(6 * s) {
      y +=
        "  vlan-\(v): { id: \(100 + v), title: Segment number \(v) with a long title, trust: \(trusts[v % 6]), subnet: 10.\(100 + v).0.0/24, holds: things · more things · even more things here\(v == 2 ? ", focal: true" : "") }\n"
    }
    y += "firewall:\n  default: deny\n  allow:\n"
    for v in stride(from: 1, through: 6 * s, by: 3) {
      y += "    - { from: vlan-\(v), to: vlan-2\(v % 2 == 0 ? ", ports: [tcp/8123, udp/5353, tcp/443]" : "") }\n"
    }
    y += "  ingress:\n    - { kind: tunnel, name: Cloudflare Tunnel, service: tunnel, outbound_only: true }\n"
    for p in 1...s {
      y +=
        "    - { kind: port-forward, to: [edge-\(p)], ports: [tcp/\(25000 + p)], note: game servers bypass Kubernetes entirely }\n"
    }
    y += "services:\n"
    y +=
      "  dns: { title: Technitium DNS, runs_on: [\((1...(3 * s)).map { "edge-\($0)" }.joined(separator: ", "))], ha: { kind: vip, vip: 10.30.0.53, via: keepalived } }\n"
    y +=
      "  tunnel: { title: cloudflared, runs_on: [\((2...(3 * s)).map { "cluster-\($0)" }.joined(separator: ", "))], replicas: 2, ha: { kind: replicas } }\n"
    for i in 1...(10 * s) {
      y +=
        "  svc-\(i): { title: Platform service number \(i), layer: platform, category: Platform services, runs_on: [cluster-2], ha: { kind: self-heal } }\n"
    }
    for i in 1...(2 * s) {
      y +=
        "  single-\(i): { title: Single-instance service \(i) with a long name, runs_on: [edge-1], critical: true, mitigation: migrate to Kubernetes and replicate across both availability zones }\n"
    }
    y += "apps:\n"
    for i in 1...(4 * s) {
      y += "  app-\(i): { title: application-\(i).example.com, cluster: cluster-2, http: true }\n"
    }
    y += "delivery:\n  stages:\n"
    y += "    - { name: push, title: Code push, detail: main · any app repo, kind: input, edge: BUILD }\n"
    for i in 1...(2 + s) {
      let title =
        i == 2
        ? "A pipeline step with an unusually long title that has to wrap inside its own box" : "Pipeline step \(i)"
      y += "    - { name: step-\(i), title: \(title), detail: a detail line, edge: NEXT-STEP-\(i) }\n"
    }
    y += "    - { name: rollout, title: Talos prod, kind: target, cluster: cluster-2, edge: PULL }\n"
    y += "roster:\n"
    var inv = "all:\n  vars:\n    ansible_become_password: Fake-Secret\n  children:\n"
    for g in 1...(7 * s) {
      y += "  group-\(g): { title: Group \(g), text: Hosts of group \(g). }\n"
      inv += "    group-\(g):\n      hosts:\n"
      for h in 1...3 { inv += "        host-\(g)-\(h):\n" }
    }
    return (y, ["lab/hosts.yml": inv])
  }
}
