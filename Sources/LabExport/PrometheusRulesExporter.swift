import LabModel

/// Prometheus alerting rules for the metrics `labctl serve --probe` exports (docs/probe.md, "Metrics"):
/// one file, `prometheus/labctl-rules.yml`, for the lab's own Prometheus or Mimir ruler.
///
/// Only root causes page: `labctl_root_cause_down` is 1 for a machine, service or app that is down on its own
/// account and 0 for one that is down because something it needs is (`impacted by hx90`), so a dead
/// hypervisor opens one alert, not one per VM on it. Degraded checks, DNS instances that disagree, live states
/// the model says are impossible and a prober that stopped reporting are tickets, not pages.
public struct PrometheusRulesExporter: Sendable {
  /// How long a root cause must stay down before it pages: past one retry cycle, short of a long outage.
  public static let pageAfter = "2m"
  let lab: Lab

  public init(_ lab: Lab) { self.lab = lab }

  public func export() -> ArtifactSet {
    ArtifactSet([
      Artifact(path: "prometheus/labctl-rules.yml", text: rules(), contentType: "application/yaml")
    ])
  }

  /// The group is named after the lab, so several labs' rules can sit in one ruler.
  var groupName: String {
    let slug = lab.meta.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    let collapsed = String(slug).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    return "labctl-" + (collapsed.isEmpty ? "lab" : collapsed)
  }

  func rules() -> String {
    let lab = YAMLText.quoted(self.lab.meta.name)
    return """
      # Alerting rules for labctl's probe metrics — exported by labctl from lab.yaml; edit lab.yaml, not this file.
      # Load into Prometheus (rule_files) or a Mimir ruler; `promtool check rules` accepts it.
      groups:
        - name: \(groupName)
          rules:
            - alert: LabRootCauseDown
              # Root causes only: what is down because of another outage carries 0 here.
              expr: labctl_root_cause_down == 1
              for: \(Self.pageAfter)
              labels:
                severity: page
                lab: \(lab)
              annotations:
                summary: "{{ $labels.owner }} ({{ $labels.owner_kind }}) is down"
                description: >-
                  {{ $labels.owner }} is down on its own account: a root cause, not impacted by another outage.
                  Everything it takes down is listed on the lab's page and in `labctl probe`.
            - alert: LabCheckDegraded
              expr: labctl_check_degraded == 1
              for: 15m
              labels:
                severity: ticket
                lab: \(lab)
              annotations:
                summary: "{{ $labels.check }} is degraded"
                description: >-
                  The check answers but not fully: a certificate close to expiry, or a DNS instance down while
                  the VIP answers.
            - alert: LabDNSInstancesDisagree
              expr: labctl_dns_disagreement == 1
              for: 10m
              labels:
                severity: ticket
                lab: \(lab)
              annotations:
                summary: "DNS instances disagree on {{ $labels.check }}"
                description: The instances behind one name give different answers to the same question.
            - alert: LabImpossibleState
              expr: labctl_impossible_state == 1
              for: 10m
              labels:
                severity: ticket
                lab: \(lab)
              annotations:
                summary: "{{ $labels.owner }} answers while the model says it cannot"
                description: >-
                  A live state the model cannot explain: lab.yaml may not say where {{ $labels.owner }} runs.
            - alert: LabProberStale
              expr: time() - labctl_probe_last_result_timestamp_seconds > 600
              for: 5m
              labels:
                severity: ticket
                lab: \(lab)
              annotations:
                summary: labctl has recorded no probe result for 10 minutes
                description: The page's live state is stale; see labctl serve's log.

      """
  }
}
