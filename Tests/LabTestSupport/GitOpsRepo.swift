import Foundation

/// A real GitOps repository for the delivery tests: a bare repo in a temp dir, seeded with files, and
/// optionally served by `git daemon` on 127.0.0.1 at a free high port (push enabled).
public final class GitOpsRepo: @unchecked Sendable {
  public let root: String
  /// The bare repository's path.
  public let bare: String
  private var daemon: Daemon?
  public private(set) var port = 0

  /// Creates `root/homelab.git` holding `files` (path → text) on `main`.
  public init(files: [String: String]) throws {
    root = NSTemporaryDirectory() + "labctl-gitops-" + UUID().uuidString
    bare = root + "/homelab.git"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try Self.git(["init", "-q", "--bare", "-b", "main", bare], in: root)
    let seed = root + "/seed"
    try Self.git(["clone", "-q", bare, seed], in: root)
    try Self.git(["checkout", "-q", "-b", "main"], in: seed)
    // Each repo's history is its own, so no two repos' heads are the same commit.
    try UUID().uuidString.write(toFile: seed + "/.test-id", atomically: true, encoding: .utf8)
    for (path, text) in files {
      let full = seed + "/" + path
      try FileManager.default.createDirectory(
        atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    try Self.git(["add", "-A"], in: seed)
    try Self.git(["commit", "-q", "-m", "seed"], in: seed)
    try Self.git(["push", "-q", "origin", "main"], in: seed)
  }

  /// Serves the bare repo with `git daemon` (receive-pack on) and waits until it answers `ls-remote`.
  public func serve() throws -> String {
    // git-daemon itself, not `git daemon`: the wrapper would leave it orphaned when it is killed.
    let gitDaemon = ["/usr/lib/git-core/git-daemon", "/usr/libexec/git-core/git-daemon"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let gitDaemon else { throw DaemonError(message: "git-daemon not found (apt-get install git)") }
    let head = try Self.output(["rev-parse", "main"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines)
    // A port picked free may be taken by another test's daemon before this one binds it: then this daemon
    // exits, and `ls-remote` would reach the other one. So it must be running and serve this repo's head.
    for _ in 0..<10 {
      port = try FreePort.pick()
      let started = try Daemon(
        gitDaemon,
        [
          "--reuseaddr", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", "--port=\(port)",
          "--base-path=\(root)", root,
        ], log: root + "/daemon.log")
      daemon = started
      let url = "git://127.0.0.1:\(port)/homelab.git"
      let up = try waitUntilBlocking(seconds: 60) {
        guard started.process.isRunning else { return true }
        return try Self.attempt(["ls-remote", url, "refs/heads/main"], in: root, expect: head)
      }
      if up, started.process.isRunning { return url }
      started.stop()
    }
    throw DaemonError(message: "git daemon did not serve the repo on a free port:\n\(daemon?.output ?? "")")
  }

  /// True when `git ARGS` succeeds and prints `expect`.
  static func attempt(_ arguments: [String], in directory: String, expect: String) throws -> Bool {
    let run = try ChildProcess.runBlocking(
      Peers.find("git") ?? "/usr/bin/git", arguments, environment: environment(), cwd: directory, timeout: 60)
    return run.status == 0 && run.stdout.contains(expect)
  }

  /// The text of `path` on `ref` of the bare repo.
  public func show(_ path: String, ref: String = "main") throws -> String {
    try Self.output(["show", "\(ref):\(path)"], in: bare)
  }

  /// `git log --format=FORMAT ref` of the bare repo, one entry per commit.
  public func log(_ ref: String = "main", format: String = "%s") throws -> [String] {
    try Self.output(["log", "--format=\(format)", ref], in: bare).split(separator: "\n").map(String.init)
  }

  /// Runs git in the bare repo and returns its output.
  public func git(_ arguments: [String]) throws -> String { try Self.output(arguments, in: bare) }

  /// Ends the daemon (SIGKILL: git-daemon holds SIGTERM while it reaps its children) and removes the repo.
  public func stop() {
    if let process = daemon?.process, process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: root)
  }

  deinit { daemon?.stop() }

  static func environment() -> [String: String] {
    ProcessInfo.processInfo.environment.merging([
      "GIT_AUTHOR_NAME": "Test Human", "GIT_AUTHOR_EMAIL": "human@example.invalid",
      "GIT_COMMITTER_NAME": "Test Human", "GIT_COMMITTER_EMAIL": "human@example.invalid", "LC_ALL": "C",
    ]) { _, new in new }
  }

  @discardableResult
  public static func git(_ arguments: [String], in directory: String) throws -> String {
    try output(arguments, in: directory)
  }

  static func attempt(_ arguments: [String], in directory: String) throws -> Int32 {
    try ChildProcess.runBlocking(
      Peers.find("git") ?? "/usr/bin/git", arguments, environment: environment(), cwd: directory, timeout: 60
    ).status
  }

  static func output(_ arguments: [String], in directory: String) throws -> String {
    let run = try ChildProcess.runBlocking(
      Peers.find("git") ?? "/usr/bin/git", arguments, environment: environment(), cwd: directory, timeout: 120)
    guard run.status == 0 else {
      throw DaemonError(message: "git \(arguments.joined(separator: " ")) failed: \(run.stderr)")
    }
    return run.stdout
  }
}
