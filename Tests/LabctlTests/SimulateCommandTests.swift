import Foundation
import LabCheck
import LabModel
import LabTestSupport
import Testing

@Suite struct SimulateCommandTests {
  @Test func nothingDownExitsZero() async throws {
    let run = try await Labctl.run(["simulate", TestLab.example, "--down", "az-b"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("az-b (site): az-b is not live today"))
    #expect(run.stdout.contains("0 down, 0 degraded, 24 ok"))
  }

  @Test func somethingDownExitsThreeWithTheReasonChain() async throws {
    let run = try await Labctl.run(["simulate", TestLab.example, "--down", "ed-n1,ed-n2", "--changes"])
    #expect(run.status == 3, "\(run.stderr)")
    #expect(
      run.stdout.contains("prod               down      ed-n1, ed-n2 down → etcd 1/3 voters, quorum lost (needs 2)"))
    #expect(!run.stdout.contains("technitium"))
  }

  @Test func thePlanFlagSimulatesThePlannedLab() async throws {
    let run = try await Labctl.run(["simulate", TestLab.example, "--down", "az-b", "--plan", "--format", "json"])
    #expect(run.status == 3)
    let r = try SimulationJSON.decode(SimulationResult.self, from: run.stdout)
    #expect(r.horizon == .plan)
    #expect(r.newlyDown.map(\.name) == ["prod-b"])
  }

  @Test func unknownDomainsExitTwoWithAHint() async throws {
    let run = try await Labctl.run(["simulate", TestLab.example, "--down", "ed-n1,hx91"])
    #expect(run.status == 2)
    #expect(run.stderr == "error: unknown failure domain 'hx91'\nnote: did you mean 'hx90'?\n")
  }

  @Test func usageErrorsExitAsCheckDoes() async throws {
    let check = try await Labctl.run(["check", TestLab.example, "--bogus"]).status
    #expect(check == 2)
    #expect(try await Labctl.run(["simulate", TestLab.example]).status == check)
    #expect(try await Labctl.run(["simulate", TestLab.example, "--all-single", "--down", "hx90"]).status == check)
  }

  @Test func specErrorsExitOne() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labctl-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = "version: 1\nlab: { name: broken }\nmachines:\n  m1: { site: nowhere }\n"
    try spec.write(to: dir.appendingPathComponent("lab.yaml"), atomically: true, encoding: .utf8)
    let run = try await Labctl.run(["simulate", dir.path, "--down", "m1"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("lab.yaml:4:15: error: unknown site 'nowhere'"))
  }

  @Test func allSingleListsTheSinglePointsAndExitsThree() async throws {
    // One core node interrupts ArgoCD (exit 0: nothing is down); two take it down with the cluster (exit 3).
    let one = try await Labctl.run(["simulate", TestLab.example, "--down", "core-cp-1", "--changes"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("argocd             interrupted  core-cp-1 down → core 2/3 nodes → 0/1 replica"))
    #expect(one.stdout.contains("2 interrupted (rescheduled by Kubernetes)"))
    let two = try await Labctl.run(["simulate", TestLab.example, "--down", "core-cp-1,core-cp-2", "--changes"])
    #expect(two.status == 3)
    #expect(two.stdout.contains("argocd             down      core-cp-1, core-cp-2 down → core down"))
    let run = try await Labctl.run(["simulate", TestLab.example, "--all-single"])
    #expect(run.status == 3, "\(run.stderr)")
    #expect(run.stdout.contains("  primary-nas (service) ← cm-nas\n"))
    #expect(run.stdout.contains("  lgtm (service) ← bd-n1, lgtm-vm\n"))
    #expect(run.stdout.contains("Single instances (one host interrupts it until Kubernetes reschedules it): 2\n"))
    #expect(run.stdout.contains("  argocd (service) ← hx90, bd-n1, bd-n2, core-cp-1, core-cp-2, core-cp-3\n"))
    let json = try await Labctl.run(["simulate", TestLab.example, "--all-single", "--format", "json"])
    let report = try SimulationJSON.decode(SingleFailureReport.self, from: json.stdout)
    #expect(report.singlePoints.count == 3)
    #expect(report.singleInstances.count == 2)
    #expect(
      json.stdout == (try await Labctl.run(["simulate", TestLab.example, "--all-single", "--format", "json"])).stdout)
  }
}
