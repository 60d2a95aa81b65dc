import Foundation
import LabModel
import LabProbe
import LabRender
import NIOCore

/// The live status on the page: a section rendered on the server (readable with no script), put first in the
/// page's `<main>`, and the files that keep it current — `live.html` (the section alone), `live.js` (an
/// external script: the CSP allows scripts from the page's own origin only), `live.css` and
/// `api/v1/status.json`. The script listens to `/api/v1/events` and swaps the section in when a new version
/// is announced; it also turns "last checked" into "N s ago".
enum LiveSection {
  /// The site `base` with the live section and its files.
  static func decorate(_ base: PageSnapshot, board: LiveBoard.Snapshot, metrics: ServerMetrics?, now: Date = Date())
    -> PageSnapshot
  {
    let section = html(board, audience: base.audience, now: now)
    var files = [
      Artifact(path: "live.html", text: section, contentType: "text/html; charset=utf-8"),
      Artifact(path: "live.js", text: script, contentType: "text/javascript; charset=utf-8"),
      Artifact(path: "live.css", text: style, contentType: "text/css; charset=utf-8"),
      Artifact(
        path: "api/v1/status.json", text: LiveDocument(board, audience: base.audience, now: now).json,
        contentType: "application/json"),
    ]
    if let index = base.routes["/index.html"], let page = String(bytes: index.body.readableBytesView, encoding: .utf8),
      let decorated = inject(section, into: page)
    {
      files.append(Artifact(path: "index.html", text: decorated, contentType: index.contentType))
    }
    return base.replacing(
      files, policies: ["index.html": ResponseHeaders.liveContentSecurityPolicy], metrics: metrics)
  }

  /// The page with the live stylesheet and script in its head and the section first in its `<main>`; nil when
  /// the page has neither (it is then served as rendered).
  static func inject(_ section: String, into page: String) -> String? {
    guard let head = page.range(of: "</head>"), let main = page.range(of: "<main"),
      let mainEnd = page[main.upperBound...].firstIndex(of: ">"), head.upperBound <= main.lowerBound
    else { return nil }
    let assets = "<link rel=\"stylesheet\" href=\"live.css\"><script src=\"live.js\" defer></script>"
    var out = String(page[..<head.lowerBound])
    out += assets
    out += page[head.lowerBound...mainEnd]
    out += section
    out += page[page.index(after: mainEnd)...]
    return out
  }

  /// The section: a summary line, the open incidents with what they take down, every probed host, service and
  /// app with a status dot and uptime, and the last incidents from the history.
  static func html(_ board: LiveBoard.Snapshot, audience: Audience, now: Date) -> String {
    let iso = Date.ISO8601FormatStyle()
    var out = "<section id=\"live\" class=\"live\" aria-labelledby=\"live-title\" data-version=\"\(board.version)\">"
    out += "<h2 id=\"live-title\">Live status</h2>"
    guard let status = board.status else {
      out += "<p class=\"live-summary\">Probing \(board.planned) checks; no results yet.</p></section>"
      return out
    }
    let checks = status.entries.flatMap(\.checks)
    let down = checks.filter { $0.state == .down }.count
    let degraded = checks.filter { $0.state == .degraded }.count
    let worst: ProbeState = down > 0 ? .down : degraded > 0 ? .degraded : .up
    out += "<p class=\"live-summary\">\(dot(worst)) \(checks.count) checks: \(checks.count - down - degraded) up, "
    out += "\(degraded) degraded, \(down) down · \(count(status.incidents.count, "incident"))"
    if let checked = board.lastChecked {
      let stamp = iso.format(checked)
      out += " · last checked <time datetime=\"\(stamp)\" data-live-checked>at \(clock(checked)) UTC</time>"
    }
    out += "</p>"
    if !status.incidents.isEmpty {
      out += "<ul class=\"live-incidents\">"
      for incident in status.incidents {
        out +=
          "<li>\(dot(.down)) <strong>\(escape(incident.root.name))</strong> (\(incident.root.kind.rawValue)) is down"
        if audience == .internal, let reason = incident.reason { out += ": \(escape(reason))" }
        if !incident.impacted.isEmpty {
          out += "; it takes down " + incident.impacted.map { escape($0.name) }.joined(separator: ", ")
        }
        out += "</li>"
      }
      out += "</ul>"
    }
    out += "<table class=\"live-table\"><thead><tr><th scope=\"col\">State</th><th scope=\"col\">Name</th>"
    out += "<th scope=\"col\">Kind</th><th scope=\"col\">Uptime 24 h</th><th scope=\"col\">7 d</th>"
    out += "<th scope=\"col\">30 d</th><th scope=\"col\">Why</th></tr></thead><tbody>"
    for entry in status.entries {
      let uptime = (0..<3).map { window in
        entry.checks.compactMap { board.uptime[$0.id]?[safe: window] }.min()
      }
      out += "<tr data-owner=\"\(entry.owner.kind.rawValue):\(escape(entry.owner.name))\" "
      out += "data-state=\"\(entry.state.rawValue)\"><td>\(dot(entry.state)) \(entry.state.rawValue)</td>"
      out += "<td>\(escape(entry.owner.name))</td><td>\(entry.owner.kind.rawValue)</td>"
      for u in uptime { out += "<td>" + (u.map { percent($0) } ?? "–") + "</td>" }
      out += "<td>\(why(entry, audience: audience))</td></tr>"
    }
    out += "</tbody></table>"
    if !status.findings.isEmpty, audience == .internal {
      out += "<ul class=\"live-findings\">" + status.findings.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }
    if !board.incidents.isEmpty {
      out += "<h3>Last incidents</h3><ul class=\"live-history\">"
      for incident in board.incidents.prefix(10) {
        out += "<li><strong>\(escape(incident.root))</strong>: "
        out += "<time datetime=\"\(iso.format(incident.openedAt))\">\(day(incident.openedAt))</time>, "
        out += incident.closedAt == nil ? "open for " : "lasted "
        out += duration(incident.duration(now: now))
        if !incident.impacted.isEmpty {
          out += "; impacted " + incident.impacted.map(escape).joined(separator: ", ")
        }
        out += "</li>"
      }
      out += "</ul>"
    }
    out += "</section>"
    return out
  }

  static func why(_ entry: StatusEntry, audience: Audience) -> String {
    if !entry.impactedBy.isEmpty { return "impacted by " + entry.impactedBy.map(escape).joined(separator: ", ") }
    if entry.isRootCause { return "root cause" }
    if entry.impossible != nil { return "answers while the model says it cannot" }
    if entry.state == .degraded {
      let reason = entry.checks.first { $0.state == .degraded }?.reason
      return audience == .internal ? escape(reason ?? "degraded") : "degraded"
    }
    return ""
  }

  static func dot(_ state: ProbeState) -> String {
    "<span class=\"dot dot-\(state.rawValue)\" role=\"img\" aria-label=\"\(state.rawValue)\"></span>"
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func percent(_ share: Double) -> String {
    let p = share * 100
    return p >= 99.995 ? "100 %" : String(format: "%.2f %%", p)
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s < 90 { return "\(s) s" }
    if s < 5400 { return "\(s / 60) min" }
    if s < 172_800 { return "\(s / 3600) h \(s % 3600 / 60) min" }
    return "\(s / 86400) d"
  }

  static func clock(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.hour, .minute, .second], from: date)
    return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
  }

  static func day(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
  }

  /// Text for the section's markup (attributes are double-quoted).
  static func escape(_ text: String) -> String { escapedMarkup(text, quote: true) }

  /// Keeps the section current: listens to `/api/v1/events`, fetches `live.html` when a newer version is
  /// announced and puts it in place; "last checked" reads "N s ago". Nothing inline, nothing from elsewhere.
  static let script = """
    // labctl live status: keeps the page's "Live status" section current over Server-Sent Events.
    (function () {
      "use strict";
      if (!window.EventSource || !window.fetch || !window.DOMParser) return;
      var root = document.documentElement;
      function section() { return document.getElementById("live"); }
      function ago() {
        var t = document.querySelector("[data-live-checked]");
        if (!t) return;
        var at = Date.parse(t.getAttribute("datetime"));
        if (isNaN(at)) return;
        var s = Math.max(0, Math.round((Date.now() - at) / 1000));
        t.textContent = s < 90 ? s + " s ago" : Math.round(s / 60) + " min ago";
      }
      function refresh(version) {
        var s = section();
        if (s && s.getAttribute("data-version") === String(version)) return;
        fetch("live.html", { cache: "no-store" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
            var old = section();
            if (!fresh || !old) return;
            var n = Number(fresh.getAttribute("data-version"));
            if (Number(old.getAttribute("data-version")) > n) return;
            old.replaceWith(document.importNode(fresh, true));
            root.setAttribute("data-live-version", String(n));
            ago();
          })
          .catch(function () {});
      }
      var events = new EventSource("api/v1/events");
      events.addEventListener("open", function () { root.setAttribute("data-live", "connected"); });
      events.addEventListener("error", function () { root.setAttribute("data-live", "reconnecting"); });
      events.addEventListener("status", function (e) {
        try { refresh(JSON.parse(e.data).version); } catch (_) {}
      });
      events.addEventListener("checked", function (e) {
        try {
          var at = JSON.parse(e.data).last_checked;
          var t = document.querySelector("[data-live-checked]");
          if (t && at) t.setAttribute("datetime", at);
          ago();
        } catch (_) {}
      });
      setInterval(ago, 1000);
      ago();
    })();

    """

  /// The section's own rules, in the page's colours where it defines them.
  static let style = """
    .live { margin: 1.5rem 0; }
    .live-summary { font-size: 1rem; }
    .live .dot { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 50%; vertical-align: baseline; }
    .live .dot-up { background: #1a7f37; }
    .live .dot-degraded { background: #b35900; border-radius: 2px; }
    .live .dot-down { background: #c62828; border-radius: 0; transform: rotate(45deg); }
    .live-table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
    .live-table th, .live-table td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid currentColor; }
    .live-table tr[data-state="down"] td { font-weight: 600; }
    @media (max-width: 640px) { .live-table th:nth-child(5), .live-table td:nth-child(5),
      .live-table th:nth-child(6), .live-table td:nth-child(6) { display: none; } }

    """
}

extension Array {
  fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
