import Foundation
import LabTestSupport
import Testing

@Suite struct CheckCommandTests {
  @Test func checkOnTheExampleExitsZeroWithTheSeedFigures() async throws {
    let run = try await Labctl.run(["check", TestLab.example])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("9 Kubernetes nodes today — 12 nodes with the plan"))
    #expect(run.stdout.contains("13 Ansible-managed hosts"))
  }

  @Test func unreadableInputExitsTwo() async throws {
    let run = try await Labctl.run(["check", "/nonexistent/lab"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("/nonexistent/lab/lab.yaml"))
  }
}
