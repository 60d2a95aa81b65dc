#!/usr/bin/env python3
"""Watches a served labctl page with its live section in headless Chromium until a thing's state changes.

Opens URL (a `labctl serve --probe` page), waits until its live script says the event stream is connected
(`<html data-live="connected">`), writes --connected-file (the test then changes the lab), and waits until
the row of --owner in the live section has `data-state` --state — without the page reloading (a marker set
after load must survive). Fails on a reload, a CSP violation, a console error or exception, or the timeout.

Usage: browser-live.py URL --connected-file F --owner machine:hx90 --state down [--chromium PATH] [--timeout S]
Exit 0 when the change reached the open page, 1 with one line per problem otherwise, 2 when Chromium fails.
Drives Chromium over the DevTools protocol with browser-check.py's Browser; only the standard library.
"""
import argparse, importlib.util, json, os, shutil, sys, time

spec = importlib.util.spec_from_file_location("browser_check", os.path.join(os.path.dirname(__file__), "browser-check.py"))
browser_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_check)


def evaluate(browser, session, expression):
    return browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                        session=session)["result"].get("value")


def wait_for(browser, session, expression, until, poll=0.25):
    while time.time() < until:
        value = evaluate(browser, session, expression)
        if value:
            return value
        time.sleep(poll)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--connected-file", required=True)
    ap.add_argument("--owner", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--timeout", type=float, default=240)
    args = ap.parse_args()
    deadline = time.time() + args.timeout
    problems = []
    browser = browser_check.Browser(args.chromium, deadline + 30)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(domain + ".enable", session=session)
        browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": browser_check.CSP_HOOK}, session=session)
        nav = browser.send("Page.navigate", {"url": args.url}, session=session)
        if nav.get("errorText"):
            print(f"cannot load {args.url}: {nav['errorText']}")
            return 1
        browser.wait_event("Page.loadEventFired", session, timeout=max(5, deadline - time.time()))
        evaluate(browser, session, "window.__labctlMarker = 'loaded once'; true")
        if not wait_for(browser, session, "document.documentElement.getAttribute('data-live') === 'connected'",
                        deadline):
            state = evaluate(browser, session, "document.documentElement.getAttribute('data-live')")
            problems.append(f"the live script never connected to /api/v1/events (data-live={state})")
        else:
            with open(args.connected_file, "w") as f:
                f.write("connected\n")
            print("connected to /api/v1/events")
            selector = json.dumps(f'#live [data-owner="{args.owner}"]')
            expression = f"(() => {{ const r = document.querySelector({selector}); return r && r.dataset.state === {json.dumps(args.state)}; }})()"
            if wait_for(browser, session, expression, deadline):
                print(f"{args.owner} is {args.state} on the open page "
                      f"(live version {evaluate(browser, session, 'document.documentElement.dataset.liveVersion')})")
            else:
                row = evaluate(browser, session, f"(() => {{ const r = document.querySelector({selector}); return r ? r.outerHTML : 'no row'; }})()")
                problems.append(f"{args.owner} never became {args.state} on the open page: {row}")
            if evaluate(browser, session, "window.__labctlMarker") != "loaded once":
                problems.append("the page reloaded: the change must arrive without a reload")
        for v in evaluate(browser, session, "window.__labctlViolations || []") or []:
            problems.append(f"CSP violation: {v}")
        browser_check.collect_events(browser, session, "live page", problems)
        browser.send("Target.closeTarget", {"targetId": target})
    except (TimeoutError, RuntimeError, OSError) as e:
        print(f"browser-live: Chromium failed: {e}", file=sys.stderr)
        return 2
    finally:
        browser.close()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
