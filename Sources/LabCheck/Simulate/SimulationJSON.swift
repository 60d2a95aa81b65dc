import Foundation
import LabModel

/// Deterministic JSON for simulation results, single-failure reports and plans: sorted keys, no timestamps.
public enum SimulationJSON {
  /// Encodes with sorted keys, pretty-printed, slashes unescaped; ends without a newline.
  public static func encode(_ value: some Encodable) -> String {
    // camelCase keys, as docs/simulate.md promised before the API settled on snake_case.
    LabJSON.string(value, keys: .asDeclared)
  }

  /// Decodes what `encode` wrote (for clients and tests).
  public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
  }
}
