import Foundation

/// What a bump did.
public enum BumpOutcome: Sendable, Equatable {
  /// A commit was pushed.
  case committed(commit: String)
  /// The tag was already there: nothing committed.
  case unchanged
  /// The dispatch carrying this delivery id was already carried out (by commit): nothing done again.
  case alreadyDone(commit: String)
}

/// A bump's outcome, where it found the image, and how many pushes it took.
public struct BumpResult: Sendable {
  public var outcome: BumpOutcome
  /// `path:line` of each place the tag was, with the old tag.
  public var places: [(file: String, occurrence: TagOccurrence)]
  /// The distinct old tags (`-` where none was written).
  public var oldTags: [String]
  public var attempts: Int
}

/// How often a rejected push is fetched, re-applied and pushed again, and how long to wait in between.
public struct RetryPolicy: Sendable {
  public var attempts: Int
  public var firstDelay: Duration
  public var maximumDelay: Duration

  public init(attempts: Int = 12, firstDelay: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(2)) {
    self.attempts = attempts
    self.firstDelay = firstDelay
    self.maximumDelay = maximumDelay
  }

  /// The wait before attempt `n + 1`: doubling from `firstDelay`, capped, with up to 50 % random jitter so
  /// two writers that collided do not collide again in step.
  func delay(after attempt: Int) -> Duration {
    let base = min(firstDelay * (1 << min(attempt - 1, 20)), maximumDelay)
    return base + base * Double.random(in: 0..<0.5)
  }
}

/// A working clone of the GitOps repository, owned by labctl: reset to the remote's head before each try.
public struct GitOpsCheckout: Sendable {
  public let remote: String
  public let branch: String
  public let git: Git
  public var retry = RetryPolicy()

  /// Clones `remote` into `directory` (or reuses the clone already there).
  public init(remote: String, branch: String = "main", directory: String) throws {
    self.remote = remote
    self.branch = branch
    git = Git(directory: directory)
    let fm = FileManager.default
    if fm.fileExists(atPath: directory + "/.git") {
      try git.run(["remote", "set-url", "origin", remote])
    } else {
      try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try git.run(["init", "-q"])
      try git.run(["remote", "add", "origin", remote])
    }
  }

  /// The work tree's path.
  public var directory: String { git.directory }

  /// Fetches `branch` (and `extra` branches, when the remote has them) and resets the work tree to it.
  func reset(to ref: String = "", extra: [String] = []) throws {
    var refspecs = ["+refs/heads/\(branch):refs/remotes/origin/\(branch)"]
    refspecs += extra.map { "+refs/heads/\($0):refs/remotes/origin/\($0)" }
    let fetched = try git.attempt(["fetch", "-q", "--prune", "origin"] + refspecs)
    if fetched.status != 0 {
      // A missing extra branch is not an error: fetch the main branch alone then.
      try git.run(["fetch", "-q", "origin", refspecs[0]])
      for name in extra { _ = try git.attempt(["update-ref", "-d", "refs/remotes/origin/\(name)"]) }
      for name in extra {
        _ = try git.attempt(["fetch", "-q", "origin", "+refs/heads/\(name):refs/remotes/origin/\(name)"])
      }
    }
    try git.run(["checkout", "-q", "-f", "-B", "labctl-work", ref.isEmpty ? "refs/remotes/origin/\(branch)" : ref])
    try git.run(["clean", "-q", "-f", "-d", "-x"])
  }

  /// The commit on `ref` that carried out delivery `id`, if any (its trailer `Labctl-Delivery: id`).
  func commit(carrying id: String, on ref: String) throws -> String? {
    let log = try git.run(["log", "-n", "2000", "--format=%H%n%B%x00", ref])
    for record in log.split(separator: "\0") {
      let lines = record.split(separator: "\n", omittingEmptySubsequences: true)
      guard let hash = lines.first(where: { $0.count >= 40 }) else { continue }
      if lines.contains(where: { $0 == "Labctl-Delivery: \(id)" }) { return String(hash) }
    }
    return nil
  }

  /// Writes the request's tag into every file of its cluster's folder (with `write` false, only looks);
  /// returns where it was found, with the tag each place had.
  func apply(_ request: BumpRequest, write: Bool = true) throws -> [(file: String, occurrence: TagOccurrence)] {
    let root = directory + "/" + request.directory
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DeliveryError(
        "the GitOps repo has no folder '\(request.directory)' for cluster '\(request.cluster)' "
          + "(set delivery.paths.\(request.cluster) in lab.yaml)")
    }
    let editor = TagEditor(image: request.image, tag: request.tag, digest: request.digest)
    var places: [(file: String, occurrence: TagOccurrence)] = []
    for file in Self.yamlFiles(under: root) {
      let relative = request.directory + "/" + file
      guard let data = FileManager.default.contents(atPath: root + "/" + file) else { continue }
      let edited: (bytes: [UInt8], occurrences: [TagOccurrence])?
      do {
        edited = try editor.edit(Array(data))
      } catch {
        throw DeliveryError("\(relative):\(error.line): \(error.message)")
      }
      guard let edited else { continue }
      places += edited.occurrences.map { (relative, $0) }
      if write, edited.bytes != Array(data) {
        try Data(edited.bytes).write(to: URL(fileURLWithPath: root + "/" + file), options: .atomic)
      }
    }
    guard !places.isEmpty else {
      throw DeliveryError(
        "image \(request.image) is not in \(request.directory)/ of the GitOps repo (looked for kustomize images, "
          + "Helm values image.repository/tag, manifests' image: and Argo CD helm parameters)")
    }
    return places
  }

  /// `*.yaml` and `*.yml` under `root`, sorted, hidden folders skipped.
  static func yamlFiles(under root: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let path = walker.nextObject() as? String {
      if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
      if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { files.append(path) }
    }
    return files.sorted()
  }

  /// Pushes `HEAD` to `ref`; false when the remote refused because it moved (fetch, re-apply and retry).
  func push(to ref: String, lease: String? = nil) throws -> Bool {
    var arguments = ["push", "--porcelain", "origin"]
    if let lease { arguments.append("--force-with-lease=refs/heads/\(ref):\(lease)") }
    arguments.append("HEAD:refs/heads/\(ref)")
    let result = try git.attempt(arguments)
    if result.status == 0 { return true }
    let text = result.stdout + result.stderr
    let moved = ["[rejected]", "[remote rejected]", "non-fast-forward", "fetch first", "stale info", "cannot lock ref"]
    if moved.contains(where: text.contains) { return false }
    throw GitError(command: "push", status: result.status, output: Redact.url(text))
  }

  func sleep(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
  }
}
