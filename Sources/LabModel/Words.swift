/// Small English helpers for computed copy: "Six VLANs", "3 hosts", "core · dev · prod".
public enum Words {
  private static let small = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  ]

  /// The number as a word up to twelve, digits above.
  public static func number(_ n: Int) -> String { n >= 0 && n < small.count ? small[n] : String(n) }

  /// The number as a capitalised word ("Six"), digits above twelve.
  public static func capitalized(_ n: Int) -> String {
    let w = number(n)
    return w.prefix(1).uppercased() + w.dropFirst()
  }

  /// `n thing` or `n things`.
  public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : (plural ?? singular + "s"))"
  }

  /// The noun alone, singular or plural for `n`.
  public static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    n == 1 ? singular : (plural ?? singular + "s")
  }

  /// Items joined with a middle dot.
  public static func dots(_ items: [String]) -> String { items.joined(separator: " · ") }

  /// Ordinal for small numbers: 1st, 2nd, 3rd, 4th …
  public static func ordinal(_ n: Int) -> String {
    let suffix: String
    switch (n % 10, n % 100) {
    case (1, let t) where t != 11: suffix = "st"
    case (2, let t) where t != 12: suffix = "nd"
    case (3, let t) where t != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
  }

  /// A distro or OS key shown as a name: `talos` → `Talos`.
  public static func product(_ key: String) -> String {
    let known = [
      "talos": "Talos", "proxmox": "Proxmox", "debian": "Debian", "raspbian": "Raspberry Pi OS",
      "truenas": "TrueNAS", "ubuntu": "Ubuntu", "k3s": "k3s", "rke2": "RKE2", "kubeadm": "kubeadm",
      "nixos": "NixOS", "flatcar": "Flatcar",
    ]
    return known[key.lowercased()] ?? key.prefix(1).uppercased() + key.dropFirst()
  }
}
