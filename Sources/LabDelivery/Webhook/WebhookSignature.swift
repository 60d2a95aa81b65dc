import Crypto
import Foundation

/// GitHub's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body under the webhook secret.
public enum WebhookSignature {
  /// True when `header` is the body's signature under `secret`; compared in constant time.
  public static func isValid(_ header: String?, body: some DataProtocol, secret: [UInt8]) -> Bool {
    guard let header, header.hasPrefix("sha256="), let mac = hex(header.dropFirst(7)), mac.count == 32 else {
      return false
    }
    return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: secret))
  }

  /// The header value for `body` under `secret` (what `labctl dispatch` and GitHub send).
  public static func header(body: some DataProtocol, secret: [UInt8]) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
    return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
  }

  static func hex(_ text: Substring) -> [UInt8]? {
    guard text.utf8.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count / 2)
    var high: UInt8?
    for byte in text.utf8 {
      let value: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      if let h = high {
        out.append(h << 4 | value)
        high = nil
      } else {
        high = value
      }
    }
    return out
  }
}

/// The webhook secret: `LABCTL_WEBHOOK_SECRET`, else the file given; never printed.
public enum WebhookSecret {
  public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(DeliveryError) -> [UInt8]?
  {
    if let file {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw DeliveryError("--webhook-secret-file \(file) cannot be read")
      }
      let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { throw DeliveryError("--webhook-secret-file \(file) is empty") }
      return Array(text.utf8)
    }
    if let value = environment["LABCTL_WEBHOOK_SECRET"], !value.isEmpty { return Array(value.utf8) }
    return nil
  }
}
