import LabIO
import LabInventory
import LabModel

/// talhelper's variables: `talenv.yaml` beside `talconfig.yaml`, substituted into the talconfig the way
/// talhelper's envsubst does (`${NAME}`, `$NAME`, `${NAME:-default}`, `${NAME-default}`).
///
/// labctl reads only the plain `talenv.yaml` (or `talenv.yml`): `talenv.sops.yaml` is encrypted, and the
/// process environment would make a check depend on the shell it runs in. A variable defined nowhere is
/// kept as written, and the talconfig reader says so where it is used.
public struct Talenv: Sendable, Equatable {
  public var values: [String: String]
  /// The file the values came from, when there was one.
  public var source: String?

  public init(_ values: [String: String] = [:], source: String? = nil) {
    self.values = values
    self.source = source
  }

  /// The files talhelper reads variables from for `talconfig` (a path), first one found wins.
  public static func paths(besideTalconfig talconfig: String) -> [String] {
    let dir = parentDirectory(of: talconfig)
    return ["talenv.yaml", "talenv.yml"].map { joinPath(dir, $0) }
  }

  /// Reads a `talenv.yaml`: a mapping of names to scalars.
  public static func parse(_ text: String, file: String) -> (Talenv, [Diagnostic]) {
    let read = SpecYAML.read(text, file: file)
    if !read.diagnostics.isEmpty { return (Talenv(source: file), read.diagnostics) }
    guard let root = read.root else { return (Talenv(source: file), []) }
    let ctx = YAMLContext(file: file)
    guard case .mapping(let mapping) = root.kind else {
      return (
        Talenv(source: file),
        [.error("talconfig", "talenv must be a mapping of variable names to values", at: ctx.location(root))]
      )
    }
    var values: [String: String] = [:]
    var problems: [Diagnostic] = []
    for (key, value) in mapping {
      guard let name = key.scalarText, case .scalar = value.kind else {
        problems.append(
          .error("talconfig", "talenv values must be plain values (text, numbers)", at: ctx.location(value)))
        continue
      }
      values[name] = value.scalarText ?? ""
    }
    return (Talenv(values, source: file), problems)
  }

  /// `text` with every variable substituted, and the names used but defined nowhere (kept as written).
  public func substitute(_ text: String) -> (text: String, undefined: [String]) {
    guard text.contains("$") else { return (text, []) }
    var out = ""
    var undefined: [String] = []
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      out += rest[..<dollar]
      let after = rest[rest.index(after: dollar)...]
      if after.first == "{", let close = after.firstIndex(of: "}") {
        let body = after[after.index(after: after.startIndex)..<close]
        let (name, fallback) = Self.split(body)
        if Self.isName(name) {
          if let value = values[String(name)], !(value.isEmpty && fallback?.emptyCounts == true) {
            out += value
          } else if let fallback {
            out += fallback.text
          } else {
            undefined.append(String(name))
            out += rest[dollar...close]
          }
          rest = after[after.index(after: close)...]
          continue
        }
      } else if let first = after.first, first == "_" || first.isLetter {
        let name = after.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        if let value = values[String(name)] {
          out += value
        } else {
          undefined.append(String(name))
          out += "$" + name
        }
        rest = after[name.endIndex...]
        continue
      }
      out += "$"
      rest = after
    }
    out += rest
    return (out, undefined)
  }

  private static func isName(_ s: Substring) -> Bool {
    guard let first = s.first, first == "_" || first.isLetter else { return false }
    return s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
  }

  /// `NAME`, `NAME:-default` (default also when NAME is empty) or `NAME-default`.
  private static func split(_ body: Substring) -> (Substring, (text: String, emptyCounts: Bool)?) {
    guard let dash = body.firstIndex(of: "-") else { return (body, nil) }
    let fallback = String(body[body.index(after: dash)...])
    if dash > body.startIndex, body[body.index(before: dash)] == ":" {
      return (body[..<body.index(before: dash)], (fallback, true))
    }
    return (body[..<dash], (fallback, false))
  }
}
