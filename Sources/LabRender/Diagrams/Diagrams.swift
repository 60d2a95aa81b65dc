import LabModel

/// A diagram the page shows, and how to draw it at any width.
struct DiagramSpec: Sendable {
  /// File stem and element id: `layers`, `delivery`, `hardware`, `network`, `ha`.
  var name: String
  /// What the diagram shows, in words: its frame's description, used as the figure's caption.
  var caption: String = ""
  var draw: @Sendable (Lab, Audience, _ width: Double, _ suffix: String, _ standalone: Bool) -> XMLNode
}

enum Diagrams {
  /// Width of the wide rendering (desktop, and the standalone .svg files).
  static let wide = 960.0
  /// Width of the narrow rendering shown on phones and tablets (below 1024 px): at 360 px it is drawn at 1×.
  static let narrow = 360.0

  /// The diagrams this lab has something to show in, in page order.
  static func all(_ lab: Lab, _ resilience: Resilience, _ views: LabViews) -> [DiagramSpec] {
    var out: [DiagramSpec] = [
      DiagramSpec(name: "layers", caption: LayersDiagram.frame(lab).description) { lab, _, w, s, standalone in
        LayersDiagram.svg(lab, width: w, suffix: s, standalone: standalone)
      }
    ]
    if !(lab.delivery?.stages.isEmpty ?? true) {
      out.append(
        DiagramSpec(name: "delivery", caption: DeliveryDiagram.frame(lab).description) { lab, _, w, s, standalone in
          DeliveryDiagram.svg(lab, width: w, suffix: s, standalone: standalone)
        })
    }
    if !HardwareDiagram.tiers(lab).isEmpty {
      out.append(
        DiagramSpec(name: "hardware", caption: HardwareDiagram.frame(lab).description) { lab, a, w, s, standalone in
          HardwareDiagram.svg(lab, audience: a, width: w, suffix: s, standalone: standalone)
        })
    }
    if !lab.vlans.isEmpty {
      out.append(
        DiagramSpec(name: "network", caption: NetworkDiagram.frame(lab).description) { lab, a, w, s, standalone in
          NetworkDiagram.svg(lab, audience: a, width: w, suffix: s, standalone: standalone)
        })
    }
    if !lab.services.isEmpty || !lab.clusters.isEmpty {
      let map = lab.haMap(resilience, accepted: views.acceptedRisks)
      out.append(
        DiagramSpec(name: "ha", caption: HADiagram.frame(lab, map).description) { lab, a, w, s, standalone in
          HADiagram.svg(lab, map, audience: a, width: w, suffix: s, standalone: standalone)
        })
    }
    return out
  }

  /// The standalone file for a diagram: an SVG document.
  static func file(_ spec: DiagramSpec, _ lab: Lab, _ audience: Audience) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + spec.draw(lab, audience, wide, "", true).render() + "\n"
  }
}
