import LabModel
import Yams

/// Yams refuses a mapping that writes a key twice, naming one such key per run. To report
/// every one in a single run (lab.yaml), or to read past them as PyYAML does (inventories),
/// `compose` renames each repeat Yams names to a placeholder of the same length (so every
/// mark stays where it was) and composes again.
public enum YAMLDuplicateKeys {
  /// A key written again in one mapping: where the repeat is, and where the key was first written.
  public struct Duplicate: Sendable {
    public var key: String
    public var line: Int
    public var column: Int
    public var first: (line: Int, column: Int)
  }

  /// At most this many repeats are renamed (each one costs a parse of the file).
  public static let maxRenamed = 20

  public struct Composed {
    /// The tree, or nil for an empty document or when `error` is set.
    public var root: Node?
    /// Repeats renamed, in the order Yams named them.
    public var duplicates: [Duplicate]
    /// Placeholder key text → the key it stands for.
    public var placeholders: [String: String]
    /// What Yams refused the text for in the end, when it did.
    public var error: (any Error)?
  }

  public static func compose(_ text: String, _ resolver: Resolver = .default) -> Composed {
    var text = text
    var out = Composed(root: nil, duplicates: [], placeholders: [:], error: nil)
    while true {
      do {
        out.root = try Yams.compose(yaml: text, resolver)
        return out
      } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
        let error = YamlError.duplicatedKeysInMapping(duplicates: keys, context: context)
        let first = (line: context.mark.line, column: context.mark.column)
        guard out.duplicates.count < maxRenamed, let key = keys.first,
          let at = YAMLErrors.secondOccurrence(of: key, after: first, in: text)
            ?? YAMLErrors.secondFlowOccurrence(of: key, after: first, in: text),
          let renamed = rename(key, at: at, in: text, placeholder: placeholder(out.duplicates.count, key))
        else {
          out.error = error
          return out
        }
        out.placeholders[placeholder(out.duplicates.count, key)] = key
        out.duplicates.append(Duplicate(key: key, line: at.line, column: at.column, first: first))
        text = renamed
      } catch {
        out.error = error
        return out
      }
    }
  }

  /// Text no YAML file writes as a key (private-use characters), as many characters as `key`.
  static func placeholder(_ n: Int, _ key: String) -> String {
    var digits: [Unicode.Scalar] = []
    var rest = n
    for _ in key.unicodeScalars {
      digits.append(Unicode.Scalar(0xE000 + UInt32(rest % 6400))!)
      rest /= 6400
    }
    return String(String.UnicodeScalarView(digits))
  }

  /// The text with the key written at `at` (plain or quoted) replaced by `placeholder`.
  static func rename(_ key: String, at: (line: Int, column: Int), in text: String, placeholder: String) -> String? {
    var scalars = Array(text.unicodeScalars)
    var (line, i) = (1, 0)
    while line < at.line, i < scalars.count {
      if scalars[i] == "\n" { line += 1 }
      i += 1
    }
    i += at.column - 1
    guard i < scalars.count else { return nil }
    if scalars[i] == "\"" || scalars[i] == "'" { i += 1 }
    let keyScalars = Array(key.unicodeScalars)
    guard i + keyScalars.count <= scalars.count, Array(scalars[i..<(i + keyScalars.count)]) == keyScalars else {
      return nil
    }
    scalars.replaceSubrange(i..<(i + keyScalars.count), with: placeholder.unicodeScalars)
    return String(String.UnicodeScalarView(scalars))
  }
}
