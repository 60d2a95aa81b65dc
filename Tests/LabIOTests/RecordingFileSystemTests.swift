import LabIO
import Testing

@Suite struct RecordingFileSystemTests {
  @Test func recordsReadsListingsAndMissingLookupsOnceInOrder() throws {
    let memory = MemoryFileSystem(["lab/lab.yaml": "x", "lab/site/intro.md": "y"])
    let recorder = RecordingFileSystem(memory)
    _ = try recorder.read("lab/lab.yaml")
    _ = recorder.kind("lab/host_vars")
    _ = try recorder.list("lab/site")
    _ = try recorder.read("lab/lab.yaml")
    #expect(recorder.touched == ["lab/lab.yaml", "lab/host_vars", "lab/site"])
  }
}
