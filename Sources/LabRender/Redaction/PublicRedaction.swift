import LabModel

/// The one redaction of the public audience: every address-like token (`AddressText`) becomes
/// `[redacted]`. The public page, its SVGs and JSON views, the what-if answers and `/healthz` all run
/// their free text through it.
public enum PublicRedaction {
  /// What an address is replaced by.
  public static let placeholder = AddressText.redacted

  /// `text` with every address-like token replaced by `[redacted]`.
  public static func redact(_ text: String) -> String {
    AddressText.replacingAddresses(in: text, with: placeholder)
  }

  /// `text` redacted; nil stays nil.
  public static func redact(_ text: String?) -> String? { text.map { redact($0) } }

  /// Every message, note and item of each diagnostic redacted, for a public report of them (an item may be
  /// an address: `address-unique` is about one).
  public static func redact(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.map {
      var d = $0
      d.message = redact(d.message)
      d.notes = d.notes.map { redact($0) }
      d.item = redact(d.item)
      return d
    }
  }
}
