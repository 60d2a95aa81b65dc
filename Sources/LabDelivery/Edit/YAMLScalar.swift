/// What YAML would make of a bare scalar.
enum YAMLScalar {
  /// Bare texts that YAML 1.1 (PyYAML, Helm's parser) or 1.2 reads as a number, a boolean or null.
  nonisolated(unsafe) static let nonStrings: [Regex<AnyRegexOutput>] = [
    #"[-+]?0b[0-1_]+"#, #"[-+]?0[0-7_]+"#, #"[-+]?(0|[1-9][0-9_]*)"#, #"[-+]?0x[0-9a-fA-F_]+"#, #"0o[0-7]+"#,
    #"[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"#, #"[-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+]?[0-9]+)?"#,
    #"[-+]?\.[0-9_]+([eE][-+]?[0-9]+)?"#, #"[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"#,
    #"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*"#, #"[-+]?\.(inf|Inf|INF)"#, #"\.(nan|NaN|NAN)"#,
    #"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"#, #"~|null|Null|NULL"#,
  ].compactMap { try? Regex($0) }

  /// True when `text`, written bare, would not be read back as that string.
  static func needsQuotes(_ text: String) -> Bool {
    text.isEmpty || nonStrings.contains { (try? $0.wholeMatch(in: text)) != nil }
  }
}
