import Foundation
import LabModel
import LabTestSupport
import NIOPosix
import Testing

@testable import LabProbe

/// Shared helpers: a check against one loopback endpoint, and the harness's rule that nothing leaves loopback.
enum Probe {
  /// A planned check of `kind` asking one endpoint.
  static func planned(
    _ check: Check, at endpoint: String, label: String = "host", timeout: Double = 120, fails: Int = 1
  ) -> PlannedCheck {
    let e = Endpoint(endpoint)!
    #expect(e.isLoopback, "probe tests dial only 127.0.0.0/8, not \(e)")
    return PlannedCheck(
      id: "\(label)/\(check.name)", owner: Owner(kind: .machine, name: label), check: check,
      asked: [Asked(label: label, endpoint: e)], timeout: timeout, fails: fails)
  }

  /// The probe tests' own event loops: the suite's servers (Hummingbird in LabServerTests) share the
  /// process-wide singleton, and a busy one must not stall a probe under test.
  static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

  /// A prober that may dial loopback only, whatever the environment says.
  static func prober(concurrency: Int = 16, resolve: ResolveMap = ResolveMap()) -> Prober {
    Prober(policy: TargetPolicy(resolve: resolve, allowNetwork: false), concurrency: concurrency, group: group)
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
