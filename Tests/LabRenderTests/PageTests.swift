import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

@Suite struct PageTests {
  @Test func rendersEveryContractFile() throws {
    let site = renderPage(try TestLab.loadExample(), audience: .public)
    var paths = ["index.html", "style.css", "lab.json"]
    paths += ["layers", "delivery", "hardware", "network", "ha"].map { "diagrams/\($0).svg" }
    paths += [
      "summary", "sites", "machines", "clusters", "services", "vlans", "roster", "apps", "plan-figures", "ha",
      "network", "delivery", "whatif",
    ]
    .map { "api/v1/\($0).json" }
    for path in paths { #expect(site[path] != nil, "missing \(path)") }
    #expect(site.files.map(\.path) == site.files.map(\.path).sorted())
    #expect(site["index.html"]?.contentType == "text/html; charset=utf-8")
    #expect(site["diagrams/ha.svg"]?.contentType == "image/svg+xml")
    for f in site.files where f.path.hasSuffix(".json") {
      #expect(throws: Never.self, "\(f.path) is JSON") { try JSONSerialization.jsonObject(with: Data(f.contents)) }
    }
  }

  @Test func sectionsInTheSeedsOrder() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    let text = Support.visibleText(html)
    let labels = [
      "01/How it's designed", "02/Diagram 01", "03/Diagram 02", "04/Diagram 03", "05/Diagram 04", "06/Diagram 05",
      "07/What if", "08/The roster", "09/Named tools",
    ]
    var last = text.startIndex
    for label in labels {
      let spaced = label.replacingOccurrences(of: "/", with: " /")
      let found = try #require(
        text.range(of: spaced, range: last..<text.endIndex), "section \(label) missing or out of order")
      last = found.upperBound
    }
    for heading in [
      "Architecture directions.", "Five layers, one focal plane.", "How a commit becomes a pod.",
      "What runs where, physically.", "Six VLANs, one firewall.", "What's replicated, what isn't (yet).",
      "What one failure takes down, and what the plan fixes.",
      "The hosts, dynamically generated from the homelab's inventory.", "The stack, in words.",
    ] {
      #expect(
        text.contains(heading.replacingOccurrences(of: "'", with: "&#39;")) || text.contains(heading), "\(heading)")
    }
    #expect(!html.contains("{{"), "every placeholder filled")
    let example = try TestLab.loadExample()
    #expect(pageDiagnostics(example, facts: LabViews(example).facts).isEmpty)
    #expect(!html.contains("<script"), "no script")
    #expect(!html.contains("style=\""), "no inline style attributes")
    #expect(html.contains("<link rel=\"stylesheet\" href=\"style.css\""))
  }

  @Test func theSeedsFiguresAppear() throws {
    let lab = try TestLab.loadExample()
    let text = Support.visibleText(try Support.text(renderPage(lab), "index.html"))
    for phrase in [
      "3 Talos clusters today — core · dev · prod", "4th planned for the secondary AZ",
      "9 Kubernetes nodes today",
      "12 nodes once the secondary AZ is up", "3 bare-metal HP EliteDesks running prod",
      "+3 more planned", "3 Technitium DNS instances behind a VIP", "13 Ansible-managed hosts",
      "6 VLANs — mgmt · clients · trusted · DMZ · guest · IoT", "The secondary AZ is offline.",
      "core, dev, and prod are running on one AZ until it's back.",
      "Every Talos cluster runs a three-node etcd quorum.", "Three Technitium DNS instances sit behind",
      "Etcd has three votes everywhere.", "Three tiers · one production line today",
      "Minisforum HX90 / BD795i (×3, hypervisors)", "3× Minisforum HX90 / BD795i",
      // A tier is named only when the family fills it; the model's short name is written out.
      "Raspberry Pi 5 (×2)", "TrueNAS (×2)", "HP EliteDesk (×3, bare-metal prod, +3 planned)",
      "Talos Linux — API-driven, no SSH", "core · dev · prod — 9 control/worker nodes",
    ] {
      #expect(text.contains(phrase), "missing: \(phrase)")
    }
  }

  @Test func rosterGroupsFromTheInventory() throws {
    let html = try Support.text(renderPage(try TestLab.loadExample()), "index.html")
    let text = Support.visibleText(html)
    for (title, count) in [
      ("Media VM", "1× arr"), ("DNS node", "3× dns"), ("Observability VM", "1× lgtm"), ("NAS", "2× nas"),
      ("Proxmox host", "3× proxmox"), ("Raspberry Pi", "2× raspbian"), ("Game server node", "2× wings"),
    ] {
      #expect(text.contains("\(title) \(count)"), "\(title) \(count)")
    }
    #expect(text.contains("Technitium DNS — 3 instances behind a keepalived VIP."))
    // rpi-n1 is in both dns and raspbian, and listed in both.
    #expect(html.components(separatedBy: "<li>rpi-n1</li>").count - 1 == 2)
  }

  @Test func figuresAreComputedNotTyped() throws {
    var (yaml, files) = try Support.exampleFiles()
    let before = renderPage(try Support.load(yaml, files: files))
    let beforeText = Support.visibleText(try Support.text(before, "index.html"))
    #expect(beforeText.contains("13 Ansible-managed hosts"))
    // One more DNS host in the inventory: the roster group and the host count both move.
    let inv = try #require(files["lab/ansible/hosts.yml"])
    files["lab/ansible/hosts.yml"] = inv.replacingOccurrences(
      of: "        dns-n3: { ansible_host: 10.30.0.42 }\n",
      with: "        dns-n3: { ansible_host: 10.30.0.42 }\n        dns-n4: { ansible_host: 10.30.0.43 }\n")
    #expect(files["lab/ansible/hosts.yml"] != inv)
    let after = Support.visibleText(try Support.text(renderPage(try Support.load(yaml, files: files)), "index.html"))
    #expect(after.contains("14 Ansible-managed hosts"))
    #expect(after.contains("DNS node 4× dns"))
    #expect(!after.contains("13 Ansible-managed hosts"))
    // A fourth etcd voter everywhere changes the prose that cites it.
    yaml = yaml.replacingOccurrences(
      of: "core-cp-3: controlplane }", with: "core-cp-3: controlplane, arr-vm: controlplane }")
    let text = Support.visibleText(try Support.text(renderPage(try Support.load(yaml, files: files)), "index.html"))
    #expect(text.contains("Every Talos cluster runs a 3–4-node etcd quorum."))
    #expect(text.contains("10 Kubernetes nodes today"))
  }

  @Test func everythingFromTheSpecIsEscaped() throws {
    var (yaml, files) = try Support.exampleFiles()
    yaml = yaml.replacingOccurrences(
      of: "tagline: The rack under the desk, run like a cloud provider.",
      with: "tagline: \"<script>alert(1)</script> & <b>bold</b>\"")
    yaml = yaml.replacingOccurrences(of: "title: Management,", with: "title: \"Mgmt <img src=x onerror=alert(1)>\",")
    files["lab/site/layers.md"] = "Raw <script>alert(2)</script> and <em>inline</em> HTML stay text."
    let site = renderPage(try Support.load(yaml, files: files))
    for f in site.files where f.path.hasSuffix(".html") || f.path.hasSuffix(".svg") {
      let text = String(decoding: f.contents, as: UTF8.self)
      #expect(!text.contains("<script"), "\(f.path)")
      #expect(!text.contains("<img"), "\(f.path)")
      #expect(!text.contains("<b>bold"), "\(f.path)")
    }
    let html = try Support.text(site, "index.html")
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"))
  }

  @Test func renderingIsDeterministic() throws {
    let lab = try TestLab.loadExample()
    for audience in Audience.allCases {
      #expect(renderPage(lab, audience: audience) == renderPage(lab, audience: audience))
    }
  }
}
