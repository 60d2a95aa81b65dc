#!/usr/bin/env python3
"""Looks at a served labctl page in headless Chromium, as a person would, and fails on what they would see.

Drives Chromium over the DevTools protocol (--remote-debugging-pipe), so console messages, CSP
violations and failed loads are reported reliably. For each width it loads the page, takes a
full-page screenshot (PNG) into OUT, and fails on:
  - a blank page (no text, or a screenshot that is nearly one colour),
  - any console message, exception, browser log error/warning (CSP violations are among them),
  - a securitypolicyviolation event, a failed request or an HTTP status >= 400,
  - an inline <svg> with no size or no drawn content, an <img> that did not decode;
and for each --svg URL (standalone diagrams): an XML parse error or an empty drawing.

It also measures legibility at each width, in light and dark (prefers-color-scheme emulated): every visible
diagram label's rendered size (font size times the drawing's scale) against --min-font, overlapping labels, and
the contrast of diagram text and planned chips against the stylesheet's background variables (--min-contrast).

Usage: browser-check.py URL --out DIR [--width 1280 --width 768 --width 390] [--scheme light --scheme dark]
       [--svg URL ...] [--chromium PATH] [--measures FILE]
Exit 0 when everything looks right, 1 with one line per problem otherwise, 2 when Chromium fails.
Only the standard library: PNGs are decoded with zlib.
"""
import argparse, base64, json, os, select, shutil, struct, subprocess, sys, tempfile, time, zlib


class Browser:
    def __init__(self, chromium, deadline):
        self.deadline = deadline
        self.profile = tempfile.mkdtemp(prefix="labctl-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # Chromium reads DevTools commands on fd 3 and writes replies on fd 4.
        def setup():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
             "--force-color-profile=srgb", "--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=setup, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, until):
        while b"\0" not in self.buffer:
            left = min(until, self.deadline) - time.time()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        until = time.time() + timeout
        while True:
            reply = self._read_message(until)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, session, timeout=30):
        until = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method and e.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            e = self._read_message(until)
            if e.get("method") == method and e.get("sessionId") == session:
                return e
            self.events.append(e)


CSP_HOOK = """
window.__labctlViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__labctlViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
"""

PAGE_PROBE = """(() => {
  const problems = [];
  const text = (document.body ? document.body.innerText : '').trim();
  if (text.length < 40) problems.push('page is blank: ' + text.length + ' characters of text');
  const svgs = Array.from(document.querySelectorAll('svg')).filter(s => !s.parentElement.closest('svg'));
  const shown = svgs.filter(s => s.checkVisibility());
  if (svgs.length && !shown.length) problems.push('no diagram is visible');
  svgs.forEach((s, i) => {
    if (!s.checkVisibility()) return;  // the other layout of a wide/narrow pair, hidden by CSS
    const r = s.getBoundingClientRect();
    const label = 'inline svg #' + (i + 1) + ' (' + (s.querySelector('title') ? s.querySelector('title').textContent : 'untitled') + ')';
    if (r.width < 8 || r.height < 8) problems.push(label + ' has no size: ' + r.width + 'x' + r.height);
    let box = null;
    try { box = s.getBBox(); } catch (e) {}
    if (!box || box.width < 1 || box.height < 1) problems.push(label + ' draws nothing');
    if (r.right > document.documentElement.clientWidth + 1) problems.push(label + ' overflows the viewport: right edge at ' + Math.round(r.right));
  });
  Array.from(document.images).forEach(img => {
    if (!img.complete || img.naturalWidth === 0) problems.push('image did not render: ' + img.getAttribute('src'));
  });
  const sheets = Array.from(document.styleSheets).length;
  return JSON.stringify({problems, violations: window.__labctlViolations || [], svgs: shown.length,
                         images: document.images.length, sheets, text: text.length,
                         scrollWidth: document.documentElement.scrollWidth});
})()"""

LEGIBILITY_PROBE = """((minFont, minContrast) => {
  // Legibility of what a visitor sees: the rendered size of every visible diagram label (font size times the
  // drawing's scale), overlapping labels, and the contrast of diagram text and planned chips against the page's
  // own background variables in the current colour scheme (WCAG 2 relative luminance).
  const problems = [];
  const rgb = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return p.slice(0, 3);
  };
  const lum = c => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const variable = name => { probe.style.color = 'var(' + name + ')'; return rgb(getComputedStyle(probe).color); };
  const grounds = ['--paper', '--panel', '--focal-panel'].map(n => [n, variable(n)]);
  probe.remove();
  let smallest = null, labels = 0, worst = null;
  const svgs = Array.from(document.querySelectorAll('svg')).filter(s => !s.parentElement.closest('svg') && s.checkVisibility());
  svgs.forEach(svg => {
    const name = svg.querySelector('title') ? svg.querySelector('title').textContent : 'untitled';
    const boxes = [];
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim()) return;
      labels++;
      const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      if (!smallest || size < smallest.size) smallest = {size, text: t.textContent, svg: name};
      if (size < minFont - 0.005) problems.push(name + ': "' + t.textContent + '" renders at ' + size.toFixed(2) + ' px, below ' + minFont);
      const fill = rgb(getComputedStyle(t).fill);
      if (fill && !t.classList.contains('t-paper')) {
        grounds.forEach(([n, g]) => {
          const c = contrast(fill, g);
          if (!worst || c < worst.c) worst = {c, text: t.textContent, ground: n};
          if (c < minContrast) problems.push(name + ': "' + t.textContent + '" (' + t.getAttribute('class') + ') has contrast ' + c.toFixed(2) + ' on ' + n);
        });
      }
      const r = t.getBoundingClientRect();
      boxes.push({r, text: t.textContent});
    });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // Glyph boxes include line gap; a real collision covers more than a sliver of both.
      if (w > 2 && h > Math.min(a.height, b.height) * 0.35)
        problems.push(name + ': "' + boxes[i].text + '" overlaps "' + boxes[j].text + '"');
    }
  });
  document.querySelectorAll('.tags li.planned, .hero .plan').forEach(el => {
    if (!el.checkVisibility()) return;
    const c = contrast(rgb(getComputedStyle(el).color), grounds[0][1]);
    if (!worst || c < worst.c) worst = {c, text: el.textContent, ground: '--paper'};
    if (c < minContrast) problems.push('planned "' + el.textContent + '" has contrast ' + c.toFixed(2));
  });
  return JSON.stringify({problems, labels, smallest, worst});
})"""

SVG_PROBE = """(() => {
  const root = document.documentElement;
  if (document.getElementsByTagName('parsererror').length || root.localName !== 'svg')
    return JSON.stringify({problems: ['not a well-formed SVG document: ' + root.textContent.slice(0, 200)]});
  let box = null;
  try { box = root.getBBox(); } catch (e) {}
  const problems = [];
  if (!box || box.width < 1 || box.height < 1) problems.push('draws nothing');
  if (!root.querySelector('title')) problems.push('has no <title>');
  return JSON.stringify({problems});
})()"""


def decode_png(data):
    """Width, height and rows of RGB(A) pixels of an 8-bit PNG (colour types 2 and 6)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG: depth {depth} colour {colour}"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def blankness(png):
    """The share of pixels that have the most common colour, and how many colours there are."""
    width, height, bpp, rows = decode_png(png)
    counts = {}
    for row in rows:
        for x in range(0, width * bpp, bpp):
            key = row[x:x + 3]
            counts[key] = counts.get(key, 0) + 1
    top = max(counts.values())
    return top / (width * height), len(counts)


def check_page(browser, url, width, out, problems, scheme="light", min_font=11.0, min_contrast=4.5, measures=None):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(domain + ".enable", session=session)
    browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_HOOK}, session=session)
    mobile = width < 600
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900 if not mobile else 844, "deviceScaleFactor": 1, "mobile": mobile},
                 session=session)
    browser.send("Emulation.setEmulatedMedia",
                 {"features": [{"name": "prefers-color-scheme", "value": scheme}]}, session=session)
    browser.events.clear()
    nav = browser.send("Page.navigate", {"url": url}, session=session)
    if nav.get("errorText"):
        problems.append(f"{width}px: cannot load {url}: {nav['errorText']}")
        return
    browser.wait_event("Page.loadEventFired", session)
    time.sleep(0.3)  # let late console/log events arrive
    probe = json.loads(browser.send("Runtime.evaluate", {"expression": PAGE_PROBE, "returnByValue": True},
                                    session=session)["result"]["value"])
    label = f"{width}px {scheme}"
    for p in probe["problems"]:
        problems.append(f"{label}: {p}")
    legible = json.loads(browser.send(
        "Runtime.evaluate", {"expression": f"{LEGIBILITY_PROBE}({min_font}, {min_contrast})", "returnByValue": True},
        session=session)["result"]["value"])
    for p in legible["problems"][:40]:
        problems.append(f"{label}: {p}")
    if len(legible["problems"]) > 40:
        problems.append(f"{label}: and {len(legible['problems']) - 40} more legibility problems")
    if legible["labels"] == 0:
        problems.append(f"{label}: no diagram label is visible")
    if measures is not None:
        measures.append({"width": width, "scheme": scheme, "labels": legible["labels"],
                         "smallest_font_px": legible["smallest"] and round(legible["smallest"]["size"], 2),
                         "smallest_text": legible["smallest"] and legible["smallest"]["text"],
                         "lowest_contrast": legible["worst"] and round(legible["worst"]["c"], 2)})
    for v in probe["violations"]:
        problems.append(f"{width}px: CSP violation: {v}")
    if probe["scrollWidth"] > width + 1:
        problems.append(f"{label}: page scrolls sideways (content is {probe['scrollWidth']}px wide)")
    metrics = browser.send("Page.getLayoutMetrics", session=session)
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    height = min(int(size["height"]), 20000)
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = browser.send("Page.captureScreenshot",
                        {"format": "png", "captureBeyondViewport": True, "clip": clip}, session=session, timeout=60)
    png = base64.b64decode(shot["data"])
    path = os.path.join(out, f"page-{width}-{scheme}.png")
    with open(path, "wb") as f:
        f.write(png)
    small = base64.b64decode(browser.send(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": dict(clip, scale=0.2)},
        session=session, timeout=60)["data"])
    share, colours = blankness(small)
    if share > 0.985 or colours < 4:
        problems.append(f"{label}: screenshot is blank ({share:.1%} one colour, {colours} colours): {path}")
    smallest = legible["smallest"]
    print(f"{label}: smallest diagram text {smallest['size']:.2f} px ({smallest['text']!r}), "
          f"lowest contrast {legible['worst']['c']:.2f}" if smallest and legible["worst"] else f"{label}: no labels")
    print(f"{label}: {path} ({width}x{height}, {probe['svgs']} visible inline svg, {probe['images']} img, "
          f"{probe['sheets']} stylesheet(s), {share:.0%} background)")
    collect_events(browser, session, label, problems)
    browser.send("Target.closeTarget", {"targetId": target})


def collect_events(browser, session, label, problems):
    for e in browser.events:
        if e.get("sessionId") != session:
            continue
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            problems.append(f"{label}: console.{p.get('type')}: {text}")
        elif m == "Runtime.exceptionThrown":
            problems.append(f"{label}: exception: {p['exceptionDetails'].get('text')}")
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            entry = p["entry"]
            problems.append(f"{label}: console {entry['level']} ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
        elif m == "Network.responseReceived" and p["response"]["status"] >= 400:
            problems.append(f"{label}: HTTP {p['response']['status']} for {p['response']['url']}")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            problems.append(f"{label}: request failed: {p.get('errorText')} ({p.get('blockedReason', '')})")
    browser.events = [e for e in browser.events if e.get("sessionId") != session]


def check_svg(browser, url, problems):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(domain + ".enable", session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired", session)
    probe = json.loads(browser.send("Runtime.evaluate", {"expression": SVG_PROBE, "returnByValue": True},
                                    session=session)["result"]["value"])
    name = url.rsplit("/", 1)[-1]
    for p in probe["problems"]:
        problems.append(f"{name}: {p}")
    collect_events(browser, session, name, problems)
    browser.send("Target.closeTarget", {"targetId": target})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--out", required=True)
    ap.add_argument("--width", type=int, action="append")
    ap.add_argument("--svg", action="append", default=[])
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--scheme", action="append", choices=["light", "dark"],
                    help="colour schemes to look at (default: light and dark)")
    ap.add_argument("--min-font", type=float, default=11.0, help="smallest rendered diagram text, CSS px")
    ap.add_argument("--min-contrast", type=float, default=4.5, help="WCAG contrast floor for diagram and planned text")
    ap.add_argument("--measures", help="write what was measured as JSON here")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    problems = []
    browser = Browser(args.chromium, time.time() + args.timeout)
    try:
        browser.send("Target.setDiscoverTargets", {"discover": True})
        measures = []
        for width in args.width or [1280, 768, 390]:
            for scheme in args.scheme or ["light", "dark"]:
                check_page(browser, args.url, width, args.out, problems, scheme, args.min_font, args.min_contrast,
                           measures)
        if args.measures:
            with open(args.measures, "w") as f:
                json.dump(measures, f, indent=2, sort_keys=True)
        for svg in args.svg:
            check_svg(browser, svg, problems)
    except (TimeoutError, RuntimeError, OSError) as e:
        print(f"browser-check: Chromium failed: {e}", file=sys.stderr)
        return 2
    finally:
        browser.close()
    for p in problems:
        print("problem: " + p)
    print(f"screenshots in {os.path.abspath(args.out)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
