import LabModel
import Yams

/// Reads a spec file (`lab.yaml`, `talconfig.yaml`, `talenv.yaml`) into a `YNode` tree that keeps every scalar
/// as written: `.string` (with `quoted` set for quoted or explicitly tagged text), `.null` only where nothing
/// is written or for `!!null`, a boolean only for `!!bool`. The spec decoder decides what a scalar means
/// where it reads it, so `version: 1.10` stays `1.10` and `port: 010` stays `010`.
///
/// The block-style scanner reads the common subset (indented mappings and lists, one-line flow collections,
/// plain and quoted scalars) straight from the bytes; everything else, and every error, goes through Yams
/// (libyaml), with the inventory's bounds on nesting and alias expansion.
public enum SpecYAML {
  /// The tree (nil for an empty document) or the problems that kept it from being read.
  public struct Read: Sendable {
    public var root: YNode?
    public var diagnostics: [Diagnostic]
  }

  public static func read(_ text: String, file: String) -> Read {
    if let fast = FastYAML.read(text, raw: true), fast.duplicates.isEmpty {
      return Read(root: fast.root, diagnostics: [])
    }
    return complete(text, file: file)
  }

  /// The complete reader, Yams, for what the scanner leaves to it (and for tests, to compare).
  static func complete(_ text: String, file: String) -> Read {
    if let at = YamsTree.blockDepthExceeded(text) ?? YamsTree.flowDepthExceeded(text) {
      return Read(
        root: nil,
        diagnostics: [
          .error(
            "syntax", InventoryLimits.depthMessage(), at: SourceLocation(file: file, line: at.line, column: at.column))
        ])
    }
    // The basic resolver tags every plain scalar as text; the decoder reads numbers, booleans and nulls itself.
    // Every key written twice is reported in one run, in line order.
    let composed = YAMLDuplicateKeys.compose(text, .basic)
    if composed.error != nil || !composed.duplicates.isEmpty {
      var diagnostics = composed.duplicates.map { YAMLErrors.duplicate($0, file: file) }
      if let error = composed.error { diagnostics.append(YAMLErrors.diagnostic(for: error, file: file)) }
      return Read(root: nil, diagnostics: diagnostics.sortedByLocation())
    }
    guard let root = composed.root else { return Read(root: nil, diagnostics: []) }
    var converter = YamsConverter(file: file, text: text)
    converter.raw = true
    do {
      return Read(root: try converter.convert(root, depth: 1), diagnostics: [])
    } catch {
      var d = error.diagnostic
      d.rule = "syntax"
      return Read(root: nil, diagnostics: [d])
    }
  }
}
