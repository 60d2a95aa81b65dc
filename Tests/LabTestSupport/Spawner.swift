import Foundation
import LabIO

/// Starts processes from one thread that lives as long as the test process.
///
/// `PR_SET_PDEATHSIG` (what `setpriv --pdeathsig` sets) fires when the *thread* that spawned the
/// child exits, not the process; the test runner's pool threads come and go, so a daemon spawned
/// from one could be killed in the middle of its test. Spawned from here, it dies with the process.
public enum Spawner {
  private final class Worker: @unchecked Sendable {
    let condition = NSCondition()
    var jobs: [() -> Void] = []

    init() {
      let thread = Thread { [unowned self] in self.loop() }
      thread.name = "labctl-test-spawner"
      thread.start()
    }

    func loop() {
      while true {
        condition.lock()
        while jobs.isEmpty { condition.wait() }
        let job = jobs.removeFirst()
        condition.unlock()
        job()
      }
    }

    func submit(_ job: @escaping () -> Void) {
      condition.lock()
      jobs.append(job)
      condition.signal()
      condition.unlock()
    }
  }

  private static let worker = Worker()

  /// Runs `process.run()` on the spawner thread and waits for it.
  public static func run(_ process: Process) throws {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var failure: (any Error)?
    worker.submit {
      do { try ProcessLaunch.run(process) } catch { failure = error }
      done.signal()
    }
    done.wait()
    if let failure { throw failure }
  }
}
