import Foundation

/// Starts long-lived child processes from one thread that never exits. Linux's parent-death signal
/// (`setpriv --pdeathsig`, `LABCTL_DIE_WITH_PARENT`) fires when the *thread* that forked the child ends,
/// not the process: a daemon started from a worker thread of the cooperative pool or of libdispatch, which
/// may be retired when idle (seen under a load of 29), would be killed mid-test.
public enum Spawner {
  private static let queue = SpawnQueue()

  /// Runs `process.run()` on the spawning thread and waits for it.
  public static func run(_ process: Process) throws {
    try queue.perform { try process.run() }
  }
}

final class SpawnQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [() -> Void] = []

  init() {
    let thread = Thread { [self] in
      while true {
        condition.lock()
        while jobs.isEmpty { condition.wait() }
        let job = jobs.removeFirst()
        condition.unlock()
        job()
      }
    }
    thread.name = "test spawner"
    thread.start()
  }

  func perform(_ work: @escaping () throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    var failure: (any Error)?
    condition.lock()
    jobs.append {
      do { try work() } catch { failure = error }
      done.signal()
    }
    condition.signal()
    condition.unlock()
    done.wait()
    if let failure { throw failure }
  }
}
