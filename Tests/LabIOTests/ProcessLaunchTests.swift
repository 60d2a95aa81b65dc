import Foundation
import LabIO
import Testing

/// The guard around Foundation's `Process.run` listing /proc/self/fd: with more descriptors open than glibc's
/// 32 KiB directory buffer holds, its last entries are handed out as whole copies (so corelibs-foundation's
/// 256-byte `d_name` copy cannot read past the buffer), and launches from several threads all succeed.
@Suite struct ProcessLaunchTests {
  @Test func launchesWithFifteenHundredDescriptorsOpenGoThroughTheGuard() async throws {
    #if os(Linux)
      var limit = rlimit()
      getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
      try #require(limit.rlim_cur >= 2_048, "RLIMIT_NOFILE \(limit.rlim_cur) is below 2048")
      let before = try #require(ProcessLaunch.readdirCopies, "the readdir guard is not built on this platform")
      // 1,500 more than now: past the 1,365 entries of 24 bytes that fill one buffer, so each listing fills one.
      let held = (0..<1_500).map { _ in open("/dev/null", O_RDONLY) }
      defer { for fd in held where fd >= 0 { close(fd) } }
      #expect(held.allSatisfy { $0 >= 0 })
      let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
        for _ in 0..<20 {
          group.addTask {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/true")
            try ProcessLaunch.run(p)
            p.waitUntilExit()
            return p.terminationStatus
          }
        }
        return try await group.reduce(into: [Int32]()) { $0.append($1) }
      }
      #expect(statuses == Array(repeating: 0, count: 20))
      // Foundation's listing went through this process's readdir, and at least one entry per launch sat too
      // close to the buffer's end to be handed out in place.
      let copies = try #require(ProcessLaunch.readdirCopies) - before
      #expect(copies >= 20, "\(copies) entries copied in 20 launches: Foundation's readdir is not the guarded one")
    #endif
  }
}
