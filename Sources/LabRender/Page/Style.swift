/// The page's stylesheet, served as `style.css` so a strict CSP needs no 'unsafe-inline'.
/// System fonts only; light and dark by `prefers-color-scheme`; no script.
enum Style {
  static let css = """
    :root {
      --paper: #fbfaf7; --ink: #1c1c1e; --muted: #6b6b70; --line: #dcd9d2; --rule: #c9c7c0;
      --accent: #c2410c; --planned: #5f6b7a; --panel: #f3f1ec; --focal-panel: #fbeee6;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --paper: #131315; --ink: #ececee; --muted: #9d9da4; --line: #34343a; --rule: #45454c;
        --accent: #fb8a4c; --planned: #8d98a8; --panel: #1c1c20; --focal-panel: #2b1c13;
      }
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body {
      margin: 0 auto; max-width: 1060px; padding: 0 clamp(16px, 4vw, 40px) 64px;
      background: var(--paper); color: var(--ink); font: 17px/1.6 var(--sans);
      font-feature-settings: "kern", "liga";
    }
    a { color: inherit; text-decoration-color: var(--rule); }
    a:hover { text-decoration-color: var(--accent); }
    code, .mono { font-family: var(--mono); font-size: 0.88em; }

    .skip { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: var(--ink); color: var(--paper); border-radius: 6px; z-index: 1; }
    .skip:focus { top: 8px; }
    .masthead { padding: clamp(40px, 9vw, 96px) 0 8px; }
    .toc { margin: 32px 0 0; font: 13px/1.4 var(--mono); }
    .toc ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
    .toc a { text-decoration: none; color: var(--muted); }
    .toc a:hover, .toc a:focus { color: var(--ink); text-decoration: underline; }
    .toc .num { color: var(--accent); font-weight: 700; }
    .wordmark { font: 600 15px/1 var(--mono); letter-spacing: 0.04em; color: var(--accent); margin: 0 0 28px; }
    .masthead h1 {
      font-size: clamp(32px, 6.2vw, 60px); line-height: 1.04; letter-spacing: -0.025em; font-weight: 700;
      margin: 0 0 28px; max-width: 15ch;
    }
    .intro { font-size: clamp(17px, 2vw, 19px); max-width: 62ch; color: var(--ink); }
    .intro p { margin: 0 0 1em; }
    .banner {
      margin: 28px 0 8px; padding: 14px 18px; border-left: 3px solid var(--accent); background: var(--panel);
      border-radius: 0 8px 8px 0; max-width: 70ch; font-size: 15.5px;
    }
    .banner p { margin: 0; }
    .banner strong { font-weight: 700; }

    .hero { list-style: none; padding: 0; margin: 40px 0 0; border-top: 1px solid var(--line); }
    .hero li {
      display: grid; grid-template-columns: minmax(3.2rem, auto) 1fr; column-gap: 18px; align-items: baseline;
      padding: 14px 0; border-bottom: 1px solid var(--line);
    }
    .hero .fig { font: 600 clamp(26px, 4vw, 34px)/1 var(--mono); grid-row: span 2; letter-spacing: -0.02em; }
    .hero .what { font-size: 17px; }
    .hero .plan { grid-column: 2; font: 13px/1.5 var(--mono); color: var(--planned); }
    .hero .plan::before { content: "— "; }

    .section { margin-top: clamp(72px, 11vw, 128px); }
    .section-head { margin-bottom: 24px; }
    .section-num {
      font: 500 13px/1 var(--mono); letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted);
      margin: 0 0 18px; padding-top: 14px; border-top: 1px solid var(--ink);
    }
    .section-num .num { color: var(--accent); font-weight: 700; }
    .section h2 {
      font-size: clamp(26px, 4.2vw, 40px); line-height: 1.1; letter-spacing: -0.02em; font-weight: 700;
      margin: 0 0 12px; max-width: 24ch;
    }
    .kicker {
      font: 500 12.5px/1.4 var(--mono); text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted);
      margin: 0;
    }
    .prose { max-width: 68ch; }
    .prose p { margin: 0 0 1em; }
    .prose h3 { font-size: 19px; margin: 1.6em 0 0.4em; letter-spacing: -0.01em; }

    .principles { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0 40px; max-width: none; }
    .principles > p:first-child { grid-column: 1 / -1; max-width: 68ch; }
    .principle { border-top: 1px solid var(--line); padding-top: 4px; }
    .principle h3 { margin-top: 14px; }
    .principle p { font-size: 16px; }

    .diagram-figure { margin: 32px 0 0; }
    .diagram-figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 10px; }
    .diagram-figure .narrow { display: none; }
    .diagram-figure figcaption { font: 13px/1.5 var(--mono); color: var(--muted); margin-top: 10px; max-width: 68ch; }
    /* The wide drawing only where it is shown at 0.98x or more; phones and tablets get the narrow layout,
       never a shrunk wide one, so no diagram text falls below 11 CSS px. */
    @media (max-width: 1023px) {
      .diagram-figure .wide { display: none; }
      .diagram-figure .narrow { display: block; max-width: 560px; margin: 0 auto; }
    }
    @media (max-width: 480px) {
      .diagram-figure .narrow { margin: 0 calc(-1 * clamp(16px, 4vw, 40px)); max-width: none; }
      .diagram-figure .narrow svg { border-radius: 0; border-left: 0; border-right: 0; }
      .diagram-figure figcaption { margin-top: 10px; }
    }

    .t-ink { fill: var(--ink); } .t-muted { fill: var(--muted); } .t-accent { fill: var(--accent); }
    .t-planned { fill: var(--planned); } .t-paper { fill: var(--paper); }
    .f-paper { fill: var(--paper); } .f-panel { fill: var(--panel); } .f-focal-panel { fill: var(--focal-panel); }
    .f-ink, .f-allow { fill: var(--ink); } .f-accent { fill: var(--accent); } .f-planned, .f-deny { fill: var(--planned); }
    .f-line { fill: var(--line); } .f-muted { fill: var(--muted); }
    .s-line { stroke: var(--rule); } .s-accent { stroke: var(--accent); } .s-planned, .s-deny { stroke: var(--planned); }
    .s-ink, .s-allow { stroke: var(--ink); } .s-muted { stroke: var(--muted); } .s-paper { stroke: var(--paper); }

    .roster { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 230px), 1fr)); gap: 14px; margin-top: 28px; }
    .card { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px 12px; background: var(--paper); }
    .card h3 { font-size: 16px; margin: 0 0 2px; }
    .card .count { font: 600 13px/1.4 var(--mono); color: var(--accent); margin: 0 0 8px; }
    .card p { font-size: 14.5px; line-height: 1.5; margin: 0 0 10px; color: var(--muted); }
    .hosts { list-style: none; padding: 10px 0 0; margin: 0; border-top: 1px dashed var(--line); }
    .hosts li { font: 13.5px/1.7 var(--mono); }
    .hosts .addr { color: var(--muted); }

    .tools { margin-top: 28px; border-top: 1px solid var(--line); }
    .tool-group {
      display: grid; grid-template-columns: minmax(0, 18rem) 1fr; grid-template-rows: auto 1fr; gap: 4px 32px;
      padding: 18px 0; align-items: start;
      border-bottom: 1px solid var(--line);
    }
    .tool-group h3 { font-size: 16px; margin: 0; }
    .tool-group .sub { grid-column: 1; font-size: 14px; color: var(--muted); margin: 0; }
    .tags { grid-column: 2; grid-row: 1 / span 2; list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: flex-start; align-content: flex-start; gap: 6px; }
    .tags li { font: 13px/1.3 var(--mono); padding: 5px 9px; border: 1px solid var(--rule); border-radius: 6px; }
    .tags li.planned { border-style: dashed; color: var(--planned); }
    @media (max-width: 640px) {
      .tool-group { grid-template-columns: 1fr; }
      .tags { grid-column: 1; grid-row: auto; margin-top: 8px; }
    }

    .whatif { margin-top: 28px; }
    .scenarios { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
    .scenario {
      display: grid; grid-template-columns: minmax(0, 12rem) minmax(0, 1fr) minmax(0, 15rem); gap: 8px 28px;
      padding: 18px 0; border-bottom: 1px solid var(--line); align-items: start;
    }
    .no-plan .scenario { grid-template-columns: minmax(0, 12rem) minmax(0, 1fr); }
    .scenario p { margin: 0; }
    .scenario .domain { font: 600 16px/1.3 var(--mono); overflow-wrap: normal; hyphens: none; }
    .scenario .domain .lead { font: 400 13px/1 var(--sans); color: var(--muted); }
    .scenario .what { font: 12.5px/1.5 var(--mono); color: var(--muted); margin-top: 4px; }
    .verdicts + .verdicts { margin-top: 10px; }
    .verdict-label {
      font: 500 12px/1.4 var(--mono); text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted);
      margin: 0 0 6px;
    }
    .scenario .tags { grid-column: auto; grid-row: auto; }
    .scenario .host, .scenario .tags li { white-space: nowrap; }
    .tags.down li { border-color: var(--accent); border-width: 2px; font-weight: 600; }
    .tags.interrupted li { border-color: var(--ink); }
    .tags.degraded li { color: var(--muted); }
    .tally { font: 13px/1.5 var(--mono); margin: 0; }
    .tally.down { font-weight: 600; }
    .scenario .plan { border-left: 3px solid var(--rule); padding-left: 14px; font-size: 14.5px; }
    .scenario .plan-fixed { border-left-color: var(--ink); }
    .scenario .plan-partly { border-left-style: double; }
    .scenario .plan-unchanged { border-left-style: dashed; border-left-color: var(--planned); }
    .scenario .outcome { font-weight: 700; }
    .scenario .plan-detail { color: var(--muted); font-size: 13.5px; line-height: 1.5; margin-top: 4px; }
    .whatif-foot { font: 12.5px/1.6 var(--mono); color: var(--muted); margin: 14px 0 0; }
    @media (max-width: 760px) {
      .scenario, .no-plan .scenario { grid-template-columns: 1fr; }
    }

    .colophon {
      margin-top: 96px; padding-top: 16px; border-top: 1px solid var(--line); font: 12.5px/1.6 var(--mono);
      color: var(--muted);
    }
    """
}
