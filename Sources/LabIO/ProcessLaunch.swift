import CLabSys
import Foundation

/// Starts child processes one at a time, process-wide.
///
/// Foundation's `Process.run()` on Linux crashed (SIGSEGV in `memcpy` inside `Process.run`) in the full test
/// suite. The cause is corelibs-foundation's 256-byte copy of each /proc/self/fd entry's `d_name` (fixed
/// upstream in PR #5472, not in Swift 6.3.1), which reads past glibc's directory buffer once more than ~1,360
/// descriptors are open; CLabSys's `readdir` hands out such an entry as a whole copy, for every caller in the
/// process. The lock stays: one launch at a time keeps the descriptor table still while a launch lists it.
/// Launching is milliseconds; the children still run in parallel.
public enum ProcessLaunch {
  private static let lock = NSLock()

  /// `process.run()`, under the process-wide launch lock.
  public static func run(_ process: Process) throws {
    lock.lock()
    defer { lock.unlock() }
    try process.run()
  }

  /// How many directory entries `readdir` has handed out as a copy so far (nil where the guard is not built).
  public static var readdirCopies: Int? {
    let n = clabsys_readdir_copies()
    return n < 0 ? nil : n
  }
}
