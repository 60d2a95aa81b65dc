import LabCheck
import LabModel

private func r(_ text: String) -> String { PublicRedaction.redact(text) }
private func r(_ text: String?) -> String? { PublicRedaction.redact(text) }

extension Lab {
  /// The lab as the public audience may see it: every free-text field (tagline, intro, principles,
  /// titles, notes, roles, models, `holds`, summaries, mitigations, ingress names, delivery stages,
  /// roster descriptions, tools, prose, waiver reasons) run through `PublicRedaction`. Names, references
  /// and the address fields themselves are left as they are: the renderers leave the address fields out
  /// for the public, and a name is what every other part of the model refers to.
  var redactedForPublic: Lab {
    var lab = self
    lab.meta.tagline = r(meta.tagline)
    lab.meta.intro = r(meta.intro)
    lab.meta.principles = meta.principles.map { Principle(title: r($0.title), text: r($0.text)) }
    lab.sites = sites.map {
      var site = $0
      (site.title, site.note) = (r(site.title), r(site.note))
      return site
    }
    lab.links = links.map {
      var link = $0
      link.via = r(link.via)
      return link
    }
    lab.tiers = tiers.map {
      var tier = $0
      (tier.title, tier.subtitle) = (r(tier.title), r(tier.subtitle))
      return tier
    }
    lab.layers = layers.map {
      var layer = $0
      (layer.title, layer.subtitle) = (r(layer.title), r(layer.subtitle))
      return layer
    }
    lab.categories = categories.map {
      var category = $0
      category.subtitle = r(category.subtitle)
      return category
    }
    lab.machines = machines.map {
      var machine = $0
      (machine.model, machine.role, machine.os) = (r(machine.model), r(machine.role), r(machine.os))
      return machine
    }
    lab.clusters = clusters.map {
      var cluster = $0
      (cluster.title, cluster.distro) = (r(cluster.title), r(cluster.distro))
      return cluster
    }
    lab.vlans = vlans.map {
      var vlan = $0
      (vlan.title, vlan.short, vlan.holds) = (r(vlan.title), r(vlan.short), r(vlan.holds))
      return vlan
    }
    lab.firewall.allow = firewall.allow.map {
      var rule = $0
      rule.note = r(rule.note)
      return rule
    }
    lab.firewall.ingress = firewall.ingress.map {
      var ingress = $0
      (ingress.name, ingress.note) = (r(ingress.name), r(ingress.note))
      return ingress
    }
    lab.services = services.map {
      var service = $0
      (service.title, service.short, service.summary) = (r(service.title), r(service.short), r(service.summary))
      (service.mitigation, service.exposes) = (r(service.mitigation), r(service.exposes))
      if var ha = service.ha {
        (ha.via, ha.replication) = (r(ha.via), r(ha.replication))
        service.ha = ha
      }
      return service
    }
    lab.apps = apps.map {
      var app = $0
      (app.title, app.image) = (r(app.title), r(app.image))
      return app
    }
    if var delivery {
      delivery.stages = delivery.stages.map {
        var stage = $0
        (stage.title, stage.detail, stage.edge) = (r(stage.title), r(stage.detail), r(stage.edge))
        return stage
      }
      (delivery.registry, delivery.gitopsRepo) = (r(delivery.registry), r(delivery.gitopsRepo))
      lab.delivery = delivery
    }
    lab.roster = roster.map { RosterEntry(name: $0.name, title: r($0.title), text: r($0.text)) }
    lab.tools = tools.map { ToolGroup(category: r($0.category), tools: $0.tools.map(r)) }
    lab.prose = prose.mapValues(r)
    lab.waivers = waivers.map {
      var waiver = $0
      waiver.reason = r(waiver.reason)
      return waiver
    }
    return lab
  }
}

extension LabViews {
  /// The views as the public audience may see them: the roster's hosts (an inventory may name a host by
  /// its address), its descriptions, every fact a placeholder may cite, the summary's names, the hero
  /// figures' wording and the accepted risks' reasons and findings, redacted — so the pipeline's views, computed once from the lab as declared, serve
  /// the public page too.
  var redactedForPublic: LabViews {
    var views = self
    views.summary.vlanNames = summary.vlanNames.map { PublicRedaction.redact($0) }
    views.summary.focalModels = summary.focalModels.map { PublicRedaction.redact($0) }
    views.summary.vipServices = summary.vipServices.map {
      var vip = $0
      vip.title = PublicRedaction.redact(vip.title)
      return vip
    }
    views.hero = hero.map {
      var figure = $0
      (figure.label, figure.planText) = (PublicRedaction.redact(figure.label), PublicRedaction.redact(figure.planText))
      return figure
    }
    if var roster = views.roster {
      roster.groups = roster.groups.map {
        var group = $0
        group.title = PublicRedaction.redact(group.title)
        group.text = PublicRedaction.redact(group.text)
        group.hosts = group.hosts.map { PublicRedaction.redact($0) }
        return group
      }
      views.roster = roster
    }
    views.facts = facts.mapValues { PublicRedaction.redact($0) }
    views.acceptedRisks = acceptedRisks.map {
      var risk = $0
      risk.waiver.reason = PublicRedaction.redact(risk.waiver.reason)
      risk.findings = PublicRedaction.redact(risk.findings)
      return risk
    }
    return views
  }
}
