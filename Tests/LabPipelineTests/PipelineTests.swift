import Foundation
import LabIO
import LabModel
import LabPipeline
import LabRender
import LabTestSupport
import Testing

@Suite struct PipelineTests {
  @Test func theExampleChecksCleanAndRecordsEveryFileItRead() throws {
    let checked = LabPipeline(path: TestLab.example, today: TestLab.today).check()
    #expect(!checked.failed, "\(checked.diagnostics)")
    let root = TestLab.example
    let sources = Set(checked.sources)
    for read in ["lab.yaml", "ansible/hosts.yml", "talos/prod/talconfig.yaml", "site/intro.md"] {
      #expect(sources.contains("\(root)/\(read)"), "\(read) not recorded")
    }
    // Looked for and missing: watched too, so creating them reloads.
    #expect(sources.contains("\(root)/ansible/host_vars"), "host_vars (missing) not recorded")
    #expect(sources.contains("\(root)/talos/prod/talenv.yaml"), "talenv.yaml (missing) not recorded")
    #expect(checked.sources.first == "\(root)/lab.yaml", "the spec comes first")
    #expect(Set(checked.stamps.paths) == sources)
  }

  @Test func derivedViewsAreComputedOnceAndHandedOn() throws {
    let checked = LabPipeline(path: TestLab.example, today: TestLab.today).check()
    let views = try #require(checked.views)
    #expect(views.summary.inventoryHosts == 13)
    #expect(views.roster?.hostCount == 13)
    #expect(views.facts["nodes.today"] == "9")
    let simulated = try #require(checked.simulate())
    #expect(simulated.views.facts == views.facts)
  }

  @Test func anUnreadableSpecIsReportedNotThrown() {
    let checked = LabPipeline(path: "/nonexistent/lab", today: TestLab.today).check()
    #expect(checked.unreadable != nil)
    #expect(checked.failed)
    #expect(checked.simulate() == nil)
    #expect(checked.allDiagnostics.first?.rule == "missing-file")
  }

  @Test func aPageFactErrorFailsTheCheckStage() {
    let files = [
      "lab/lab.yaml": "lab:\n  name: x\n  prose: site/\n",
      "lab/site/intro.md": "We run {{ nodes.todya }} nodes.\n",
    ]
    let checked = LabPipeline(path: "lab", fileSystem: MemoryFileSystem(files), today: TestLab.today).check()
    #expect(checked.failed)
    #expect(checked.diagnostics.map(\.rule) == ["page-fact"])
  }
}
