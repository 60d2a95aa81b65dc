import LabIO
import LabModel

/// Ansible's `host_group_vars` plugin: `group_vars/NAME` and `host_vars/NAME` beside the
/// inventory, as a file (`.yml`, `.yaml`, `.json` or no extension) or a directory of them.
struct VarsFiles {
  let fileSystem: any FileSystem
  /// The directory holding `group_vars/` and `host_vars/`.
  let baseDir: String
  static let extensions = ["", ".yml", ".yaml", ".json"]
  private var cache: [String: [String: JSONValue]] = [:]
  private var isDirectory: [String: Bool] = [:]
  var warnings: [Diagnostic] = []

  init(fileSystem: any FileSystem, baseDir: String) {
    self.fileSystem = fileSystem
    self.baseDir = baseDir
  }

  /// The merged variables for a group (`group_vars`) or a host (`host_vars`).
  mutating func vars(_ subdir: String, _ name: String) throws(InventoryError) -> [String: JSONValue] {
    if isDirectory[subdir] == nil { isDirectory[subdir] = fileSystem.kind(joinPath(baseDir, subdir)) == .directory }
    guard isDirectory[subdir] == true else { return [:] }
    let key = subdir + "/" + name
    if let hit = cache[key] { return hit }
    var data: [String: JSONValue] = [:]
    let dir = joinPath(baseDir, subdir)
    if !name.hasPrefix("/") {
      for file in findFiles(dir, name) {
        let text: String
        do { text = try fileSystem.read(file) } catch {
          throw InventoryError(error.reason, file: file, line: error.line ?? 1, column: error.column ?? 1)
        }
        if text.hasPrefix("$ANSIBLE_VAULT;") {
          // A whole file encrypted with `ansible-vault encrypt` (the usual `group_vars/<g>/vault.yml`).
          // labctl needs no secrets and never asks for the vault password: the file is left out, loudly.
          warnings.append(
            .warning(
              "inventory",
              "'\(file)' is encrypted with ansible-vault; labctl does not decrypt it, so its variables are left out",
              at: SourceLocation(file: file, line: 1, column: 1),
              notes: ["ansible-inventory needs the vault password to read it (--ask-vault-pass)"]))
          continue
        }
        let read = try YAMLReader.read(text, file: file)
        warnings += YAMLReader.duplicateWarnings(read.duplicates, file: file)
        guard let root = read.root, root.isTruthy else { continue }
        guard case .object(let object) = root.json else {
          throw InventoryError(
            "Could not process '\(file)': failed to combine variables, expected dicts but got a "
              + "'\(root.pythonType)' and a 'dict'", file: file, line: root.line, column: root.column)
        }
        data.merge(object) { _, new in new }
      }
    }
    cache[key] = data
    return data
  }

  /// `find_vars_files`: the first of NAME, NAME.yml, NAME.yaml, NAME.json that exists.
  mutating func findFiles(_ dir: String, _ name: String) -> [String] {
    let base = joinPath(dir, name)
    for ext in Self.extensions {
      let path = base + ext
      switch fileSystem.kind(path) {
      case .directory?: return dirFiles(path, within: [])
      case .file?: return [path]
      case nil: continue
      }
    }
    return []
  }

  /// The files of a directory, recursively in sorted order; `within` holds the directories
  /// being walked, so a symbolic link back into one is a warning and is not followed.
  mutating func dirFiles(_ dir: String, within: Set<FileIdentity>) -> [String] {
    var within = within
    if let id = fileSystem.identity(dir) { within.insert(id) }
    var found: [String] = []
    for entry in (try? fileSystem.list(dir)) ?? [] where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
      let ext = Self.splitExt(entry)
      let full = joinPath(dir, entry)
      switch fileSystem.kind(full) {
      case .directory? where ext.isEmpty:
        if let id = fileSystem.identity(full), within.contains(id) {
          warnings.append(Self.loopWarning(full))
          continue
        }
        found += dirFiles(full, within: within)
      case .file? where ext.isEmpty || Self.extensions.contains(ext): found.append(full)
      default: continue
      }
    }
    return found
  }

  /// A directory entry that leads back into a directory being walked.
  static func loopWarning(_ path: String) -> Diagnostic {
    .warning(
      "inventory",
      "'\(path)' leads back to a directory already being read (a symbolic link loop); it is not followed",
      at: SourceLocation(file: path, line: 1, column: 1))
  }

  /// Python's `os.path.splitext(name)[1]`.
  static func splitExt(_ name: String) -> String {
    let stripped = name.drop { $0 == "." }
    guard let dot = stripped.lastIndex(of: ".") else { return "" }
    return String(stripped[dot...])
  }
}
