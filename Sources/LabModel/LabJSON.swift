import Foundation

/// The one JSON encoder for everything labctl writes: sorted keys, two-space pretty printing, slashes
/// unescaped — byte-deterministic for the same value.
///
/// Key convention: snake_case (`inventory_hosts`), for the whole API, the page's JSON views and
/// `labctl check --format json`. Two documents kept the camelCase spelling their documented routes
/// already promised: the simulation JSON (`labctl simulate --format json`, `/api/v1/simulate*`) and
/// `/healthz` — they pass `.asDeclared`.
public enum LabJSON {
  /// How property names become keys.
  public enum Keys: Sendable {
    /// `inventoryHosts` → `inventory_hosts`.
    case snakeCase
    /// As the Swift property is named (`newlyDown`): only for the documented camelCase documents.
    case asDeclared
  }

  /// The value as JSON bytes; `{}` if it could not be encoded (plain value types always can).
  public static func encode<T: Encodable>(_ value: T, keys: Keys = .snakeCase) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if keys == .snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
    return (try? encoder.encode(value)) ?? Data("{}".utf8)
  }

  /// The same, as text.
  public static func string<T: Encodable>(_ value: T, keys: Keys = .snakeCase) -> String {
    String(decoding: encode(value, keys: keys), as: UTF8.self)
  }
}
