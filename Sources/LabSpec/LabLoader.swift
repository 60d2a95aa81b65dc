import LabIO
import LabInventory
import LabModel

/// What loading a lab gives: the model when it could be built, and every problem found.
public struct LoadResult: Sendable {
  public var lab: Lab?
  public var diagnostics: [Diagnostic]

  public init(lab: Lab?, diagnostics: [Diagnostic]) {
    self.lab = lab
    self.diagnostics = diagnostics
  }
}

/// Loads a lab directory: `lab.yaml`, the inventory it names, talconfigs and prose.
public struct LabLoader: Sendable {
  public var fileSystem: any FileSystem
  public var inventoryLoader: any InventoryLoading

  public init(
    fileSystem: any FileSystem = LocalFileSystem(),
    inventoryLoader: any InventoryLoading = AnsibleInventoryLoader()
  ) {
    self.fileSystem = fileSystem
    self.inventoryLoader = inventoryLoader
  }

  /// The spec file for a path: the path itself if it is a file, else `DIR/lab.yaml`.
  public func specPath(for path: String) -> (dir: String, file: String) {
    if fileSystem.kind(path) == .file {
      let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
      return (dir.isEmpty ? "." : dir, path)
    }
    return (path, joinPath(path, "lab.yaml"))
  }

  /// Loads the lab at `path` (a directory holding `lab.yaml`, or the file itself).
  /// Throws only when the spec file cannot be read at all.
  public func load(_ path: String) throws(SpecIOError) -> LoadResult {
    let (dir, file) = specPath(for: path)
    let text = try fileSystem.read(file)
    return load(text: text, file: file, dir: dir)
  }

  /// Loads a lab from spec text; `dir` is where relative paths in it point.
  public func load(text: String, file: String, dir: String) -> LoadResult {
    let read = SpecYAML.read(text, file: file)
    if !read.diagnostics.isEmpty { return LoadResult(lab: nil, diagnostics: read.diagnostics) }
    guard let root = read.root else {
      return LoadResult(
        lab: nil,
        diagnostics: [
          .error(
            "syntax", "the file is empty; expected a 'lab:' mapping", at: SourceLocation(file: file, line: 1, column: 1)
          )
        ])
    }
    // Three independent reads of the tree run side by side: the decode, the source tree for locations, and the
    // inventory the spec names (its path peeked from the tree; checked against the decoded one below).
    let ctx = YAMLContext(file: file)
    let peeked = Self.inventoryPath(in: root)
    let (decoded, tree, early) = Concurrently.run(
      { LabDecoder(ctx: ctx).decode(root) },
      { YNodeSourceTree(root, file: file) },
      { peeked.map { inventory(at: joinPath(dir, $0)) } })
    var lab = decoded
    var diagnostics = ctx.diagnostics
    lab.sourceMap = ctx.sourceMap
    lab.sourceMap.add(tree)
    if let inventoryPath = lab.meta.inventory {
      let full = joinPath(dir, inventoryPath)
      let loaded: InventoryResult?
      if inventoryPath == peeked, let early {
        loaded = early
      } else {
        loaded = inventory(at: full)
      }
      switch loaded {
      case .none:
        diagnostics.append(
          .error(
            "missing-file", "inventory '\(inventoryPath)' does not exist (looked at \(full))",
            at: lab.sourceMap.value("lab.inventory")))
      case .some(let result):
        lab.inventory = result.inventory
        diagnostics += result.diagnostics
      }
    }
    for (i, cluster) in lab.clusters.enumerated() {
      guard let path = cluster.talconfig else { continue }
      let full = joinPath(dir, path)
      let text: String
      do {
        text = try fileSystem.read(full)
      } catch {
        diagnostics.append(
          fileSystem.kind(full) == nil
            ? .error(
              "missing-file", "talconfig '\(path)' of cluster '\(cluster.name)' cannot be read (looked at \(full))",
              at: lab.sourceMap.value("clusters.\(cluster.name).talconfig"))
            : Self.unreadable(error))
        continue
      }
      var env = Talenv()
      for envFile in Talenv.paths(besideTalconfig: full) where fileSystem.kind(envFile) != nil {
        let envText: String
        do {
          envText = try fileSystem.read(envFile)
        } catch {
          diagnostics.append(Self.unreadable(error))
          break
        }
        let (parsed, envProblems) = Talenv.parse(envText, file: envFile)
        env = parsed
        diagnostics += envProblems
        break
      }
      let (talos, problems) = TalconfigLoader.parse(text, file: full, env: env)
      diagnostics += problems
      if let talos { diagnostics += TalconfigMerge.apply(talos, to: i, in: &lab) }
    }
    if let prose = lab.meta.prose {
      let full = joinPath(dir, prose)
      if fileSystem.kind(full) == .directory, let names = try? fileSystem.list(full) {
        // Every Markdown file is read or refused with a located error: never skipped silently.
        for name in names where name.hasSuffix(".md") {
          do {
            lab.prose[String(name.dropLast(3))] = try fileSystem.read(joinPath(full, name))
          } catch {
            diagnostics.append(Self.unreadable(error))
          }
        }
      } else {
        diagnostics.append(
          .error(
            "missing-file", "prose directory '\(prose)' does not exist (looked at \(full))",
            at: lab.sourceMap.value("lab.prose")))
      }
    }
    return LoadResult(lab: lab, diagnostics: diagnostics)
  }

  /// The inventory at `full`, or nil when nothing is there.
  func inventory(at full: String) -> InventoryResult? {
    fileSystem.kind(full) == nil ? nil : inventoryLoader.load(full, fileSystem: fileSystem)
  }

  /// `lab.inventory` as written, when it is a plain string: read before the decode so the inventory can load beside
  /// it. The decoded value decides; a peek that differs from it is only wasted work.
  static func inventoryPath(in root: YNode) -> String? {
    guard let lab = root.pairs?.first(where: { $0.key.string == "lab" })?.value,
      let path = lab.pairs?.first(where: { $0.key.string == "inventory" })?.value.string
    else { return nil }
    return path
  }

  /// A file the lab names (or the loader found) that exists but cannot be read: an error at the file, at the
  /// first bad byte when it is not UTF-8.
  static func unreadable(_ error: SpecIOError) -> Diagnostic {
    .error(
      "unreadable-file", "\(error.reason)",
      at: SourceLocation(file: error.path, line: error.line ?? 1, column: error.column ?? 1))
  }
}
