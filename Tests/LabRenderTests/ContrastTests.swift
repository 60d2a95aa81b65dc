import Foundation
import Testing

@testable import LabRender

/// WCAG 2 contrast computed from the stylesheet's own variables, light and dark: planned text and chips, muted
/// labels and the accent all read at AA (4.5:1) on every background the page draws them on.
@Suite struct ContrastTests {
  /// The `--name: #rrggbb` variables of the light `:root` and of the dark scheme's `:root`.
  static func variables() throws -> (light: [String: String], dark: [String: String]) {
    let css = Style.css
    let dark = try #require(css.range(of: "@media (prefers-color-scheme: dark)"))
    func parse(_ text: Substring) throws -> [String: String] {
      let root = try #require(text.range(of: ":root {"))
      let end = try #require(text[root.upperBound...].firstIndex(of: "}"))
      var out: [String: String] = [:]
      for match in text[root.upperBound..<end].matches(of: /--([a-z-]+):\s*(#[0-9a-fA-F]{6})/) {
        out[String(match.output.1)] = String(match.output.2)
      }
      return out
    }
    return (try parse(css[..<dark.lowerBound]), try parse(css[dark.upperBound...]))
  }

  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16)!
    let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
    let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
  }

  static func contrast(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
  }

  @Test func theFormulaIsWCAGs() {
    #expect(abs(Self.contrast("#000000", "#ffffff") - 21) < 0.001)
    #expect(abs(Self.contrast("#777777", "#ffffff") - 4.48) < 0.01)
  }

  @Test(arguments: ["light", "dark"])
  func textTonesPassAAOnEveryBackground(_ scheme: String) throws {
    let all = try Self.variables()
    let vars = scheme == "light" ? all.light : all.dark
    for tone in ["planned", "muted", "accent", "ink"] {
      for ground in ["paper", "panel", "focal-panel"] {
        let fg = try #require(vars[tone], "no --\(tone) in \(scheme)")
        let bg = try #require(vars[ground], "no --\(ground) in \(scheme)")
        let c = Self.contrast(fg, bg)
        #expect(c >= 4.5, "\(scheme): --\(tone) \(fg) on --\(ground) \(bg) is \(String(format: "%.2f", c)):1")
      }
    }
    // The single-point-of-failure card's border (a non-text mark, 3:1) is the accent.
    #expect(Self.contrast(vars["accent"]!, vars["paper"]!) >= 3)
  }

  /// Standalone SVG files carry presentation colours; they are the light scheme's, so they pass the same test.
  @Test func standaloneColoursAreTheLightSchemes() throws {
    let light = try Self.variables().light
    for (tone, name) in [(Tone.ink, "ink"), (.muted, "muted"), (.accent, "accent"), (.planned, "planned")] {
      #expect(Canvas.colour(tone).lowercased() == light[name]?.lowercased(), "\(name)")
    }
  }
}
