import Foundation

/// Starts child processes one at a time, process-wide. Foundation's `Process.run()` on Linux crashed (SIGSEGV in
/// `memcpy` inside `Process.run`) when several threads launched children at once — seen in the full test suite,
/// where in-process git runs and the tests' own children start side by side. Launching is milliseconds; the
/// children still run in parallel.
public enum ProcessLaunch {
  private static let lock = NSLock()

  /// `process.run()`, under the process-wide launch lock.
  public static func run(_ process: Process) throws {
    lock.lock()
    defer { lock.unlock() }
    try process.run()
  }
}
