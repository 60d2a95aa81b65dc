import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabRender

/// Every free-text field of the spec, with an IPv4, an IPv6 and a MAC typed into it, reaches the public
/// page, its SVGs and JSON views with all three redacted; the internal page keeps them.
@Suite struct FreeTextRedactionTests {
  static let planted = "see 10.30.0.99 or 2001:db8::99 nic aa:bb:cc:dd:ee:99"

  /// One free-text field and how to type `text` into the example's lab.
  struct Field: Sendable, CustomStringConvertible {
    var description: String
    var plant: @Sendable (inout Lab, String) -> Void
  }

  static let fields: [Field] = [
    Field(description: "lab.tagline") { $0.meta.tagline = $1 },
    Field(description: "lab.intro") { lab, text in
      lab.meta.intro = text
      lab.prose["intro"] = nil
    },
    Field(description: "a principle") { $0.meta.principles.append(Principle(title: $1, text: $1)) },
    Field(description: "a site's title and note") { lab, text in
      lab.sites[0].title = text
      lab.sites = lab.sites.map {
        var s = $0
        s.note = text
        s.status = .offline
        return s
      }
    },
    Field(description: "a tier's title and subtitle") { lab, text in
      lab.tiers[0].title = text
      lab.tiers[0].subtitle = text
    },
    Field(description: "a layer's title and subtitle") { lab, text in
      lab.layers[0].title = text
      lab.layers[0].subtitle = text
    },
    Field(description: "a category's subtitle") { lab, text in
      lab.categories = lab.categories.map {
        var c = $0
        c.subtitle = text
        return c
      }
    },
    Field(description: "a machine's role, model and os") { lab, text in
      lab.machines = lab.machines.map {
        var m = $0
        m.role = text
        m.model = text
        m.os = text
        return m
      }
    },
    Field(description: "a cluster's title") { lab, text in
      lab.clusters = lab.clusters.map {
        var c = $0
        c.title = text
        return c
      }
    },
    Field(description: "a VLAN's title, short name and holds") { lab, text in
      lab.vlans = lab.vlans.map {
        var v = $0
        v.title = text
        v.short = text
        v.holds = text
        return v
      }
    },
    Field(description: "a firewall rule's note") { lab, text in
      lab.firewall.allow = lab.firewall.allow.map {
        var r = $0
        r.note = text
        return r
      }
    },
    Field(description: "an ingress's name and note") { lab, text in
      lab.firewall.ingress = lab.firewall.ingress.map {
        var g = $0
        g.name = text
        g.note = text
        return g
      }
    },
    Field(description: "a service's title, short name, summary, mitigation and HA via") { lab, text in
      lab.services = lab.services.map {
        var s = $0
        (s.title, s.short, s.summary, s.mitigation) = (text, text, text, text)
        s.ha?.via = text
        return s
      }
    },
    Field(description: "an app's title") { lab, text in
      lab.apps = lab.apps.map {
        var a = $0
        a.title = text
        return a
      }
    },
    Field(description: "a delivery stage's title and detail") { lab, text in
      let stages = (lab.delivery?.stages ?? []).map {
        var s = $0
        s.title = text
        s.detail = text
        return s
      }
      lab.delivery?.stages = stages
    },
    Field(description: "a roster entry's title and text") { lab, text in
      lab.roster = lab.roster.map { RosterEntry(name: $0.name, title: text, text: text) }
    },
    Field(description: "a named tool") { lab, text in
      lab.tools = lab.tools.map { ToolGroup(category: $0.category, tools: $0.tools + [text]) }
    },
    Field(description: "every prose section") { lab, text in
      lab.prose = lab.prose.mapValues { $0 + "\n\n" + text + "\n" }
    },
    Field(description: "an inventory host named by its address") { lab, _ in
      guard var inventory = lab.inventory, !inventory.groups.isEmpty else { return }
      let index = inventory.groups.firstIndex { !$0.hosts.isEmpty } ?? 0
      inventory.groups[index].hosts += ["10.30.0.99", "2001:db8::99"]
      lab.inventory = inventory
    },
  ]

  static func leaks(_ text: String) -> [String] {
    AudienceTests.matches(AudienceTests.ipv4, text) + AudienceTests.matches(AudienceTests.ipv6, text)
      + AudienceTests.matches(AudienceTests.mac, text)
  }

  @Test(arguments: fields)
  func publicFilesRedactIt(_ field: Field) throws {
    var lab = try TestLab.loadExample()
    field.plant(&lab, Self.planted)
    let internalSite = renderPage(lab, audience: .internal)
    let shown = internalSite.files.contains { String(decoding: $0.contents, as: UTF8.self).contains("2001:db8::99") }
    #expect(shown, "\(field) is not shown anywhere, even internally: the test plants it in the wrong place")
    for file in renderPage(lab, audience: .public).files {
      let text = String(decoding: file.contents, as: UTF8.self)
      #expect(Self.leaks(text).isEmpty, "\(field) leaks into public \(file.path): \(Self.leaks(text))")
    }
  }

  @Test func theRedactionNamesWhatItHid() throws {
    var lab = try TestLab.loadExample()
    lab.meta.tagline = Self.planted
    let html = try Support.text(renderPage(lab, audience: .public), "index.html")
    #expect(html.contains("see [redacted] or [redacted] nic [redacted]"))
  }
}
