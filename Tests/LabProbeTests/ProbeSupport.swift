import Foundation
import LabModel
import LabTestSupport
import Testing

@testable import LabProbe

/// Shared helpers: a check against one loopback endpoint, and the harness's rule that nothing leaves loopback.
enum Probe {
  /// A planned check of `kind` asking one endpoint.
  static func planned(
    _ check: Check, at endpoint: String, label: String = "host", timeout: Double = 5, fails: Int = 1
  ) -> PlannedCheck {
    let e = Endpoint(endpoint)!
    #expect(e.isLoopback, "probe tests dial only 127.0.0.0/8, not \(e)")
    return PlannedCheck(
      id: "\(label)/\(check.name)", owner: Owner(kind: .machine, name: label), check: check,
      asked: [Asked(label: label, endpoint: e)], timeout: timeout, fails: fails)
  }

  /// A prober that may dial loopback only, whatever the environment says.
  static func prober(concurrency: Int = 16, resolve: ResolveMap = ResolveMap()) -> Prober {
    Prober(policy: TargetPolicy(resolve: resolve, allowNetwork: false), concurrency: concurrency)
  }

  /// Every endpoint in these checks is on loopback once `resolve` applies: the harness fails any other.
  static func expectLoopbackOnly(_ checks: [PlannedCheck], resolve: ResolveMap) {
    for c in checks {
      for a in c.asked {
        let target = resolve.map(a.endpoint)
        #expect(target.isLoopback, "\(c.id) would dial \(target), outside 127.0.0.0/8")
      }
    }
  }
}
