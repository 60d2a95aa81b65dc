import LabIO
import LabModel

/// Reads an Ansible inventory as `ansible-inventory` does: a YAML, INI or TOML file, or a
/// directory of them (read in sorted order), with `group_vars/` and `host_vars/` beside it,
/// each host's variables merged in Ansible's order of precedence.
public struct AnsibleInventoryLoader: InventoryLoading {
  public init() {}

  /// Names Ansible skips inside an inventory directory.
  static let ignoredNames: Set<String> = ["host_vars", "group_vars", "vars_plugins"]
  static let ignoredSuffixes = [
    ".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry",
  ]

  public func load(_ path: String, fileSystem: any FileSystem) -> InventoryResult {
    var data = InventoryData()
    var diagnostics: [Diagnostic] = []
    guard let kind = fileSystem.kind(path) else {
      return InventoryResult(
        inventory: nil,
        diagnostics: [InventoryError("the inventory '\(path)' does not exist", file: path).diagnostic])
    }
    let errors = parseSource(
      path, kind: kind, fileSystem: fileSystem, into: &data, warnings: &diagnostics, within: [])
    if !errors.isEmpty { return InventoryResult(inventory: nil, diagnostics: diagnostics + errors) }
    data.reconcile()
    let base = kind == .directory ? path : parentDirectory(of: path)
    var varsFiles = VarsFiles(fileSystem: fileSystem, baseDir: base)
    do {
      let hostvars = try InventoryVars.hostvars(data, varsFiles: &varsFiles)
      diagnostics += varsFiles.warnings
      return InventoryResult(inventory: data.model(hostvars: hostvars, source: path), diagnostics: diagnostics)
    } catch {
      return InventoryResult(inventory: nil, diagnostics: diagnostics + [error.diagnostic])
    }
  }

  /// Parses one source; returns the errors that made Ansible refuse it.
  func parseSource(
    _ path: String, kind: FileKind, fileSystem: any FileSystem, into data: inout InventoryData,
    warnings: inout [Diagnostic], within: Set<FileIdentity>
  ) -> [Diagnostic] {
    if kind == .directory {
      var errors: [Diagnostic] = []
      var within = within
      if let id = fileSystem.identity(path) { within.insert(id) }
      for name in (try? fileSystem.list(path)) ?? [] {
        if name.hasPrefix(".") || Self.ignoredNames.contains(name)
          || Self.ignoredSuffixes.contains(where: name.hasSuffix)
        {
          continue
        }
        let full = joinPath(path, name)
        guard let k = fileSystem.kind(full) else { continue }
        if k == .directory, let id = fileSystem.identity(full), within.contains(id) {
          warnings.append(VarsFiles.loopWarning(full))
          continue
        }
        errors += parseSource(
          full, kind: k, fileSystem: fileSystem, into: &data, warnings: &warnings, within: within)
      }
      return errors
    }
    let text: String
    do { text = try fileSystem.read(path) } catch {
      return [InventoryError(error.reason, file: path, line: error.line ?? 1, column: error.column ?? 1).diagnostic]
    }
    let ext = VarsFiles.splitExt(String(path.split(separator: "/").last ?? ""))
    if ext == ".toml" {
      // Ansible's INI plugin leaves `.toml` files to the TOML plugin alone.
      var attempt = data
      var plugin = TOMLInventoryPlugin(file: path)
      do {
        try plugin.parse(try TOMLReader.read(text, file: path), into: &attempt)
      } catch {
        return [error.diagnostic]
      }
      data = attempt
      warnings += plugin.warnings
      return []
    }
    var failures: [InventoryError] = []
    if ["", ".yaml", ".yml", ".json"].contains(ext) {
      var attempt = data
      var plugin = YAMLInventoryPlugin(file: path)
      do {
        let read = try YAMLReader.read(text, file: path)
        try plugin.parse(read.root, into: &attempt)
        data = attempt
        warnings += YAMLReader.duplicateWarnings(read.duplicates, file: path) + plugin.warnings
        return []
      } catch {
        failures.append(error)
      }
    }
    var attempt = data
    do {
      try INIInventoryPlugin(file: path).parse(text, into: &attempt)
      data = attempt
      return []
    } catch {
      failures.append(error)
    }
    // Report the reader the file was meant for: YAML for YAML names, INI for others, and for
    // a name without extension the reader that got furthest, the other as a note.
    let readers = ["", ".yaml", ".yml", ".json"].contains(ext) ? ["YAML", "INI"] : ["INI"]
    let primary = ext.isEmpty ? failures.indices.max { failures[$0].line < failures[$1].line }! : 0
    var d = failures[primary].diagnostic
    if ext.isEmpty {
      for (i, f) in failures.enumerated() where i != primary {
        d.notes.append("read as \(readers[i]), it fails at line \(f.line): \(f.message)")
      }
    }
    return [d]
  }
}
