"""What a person waits for: every page of the app in a real browser, click to settled page.

Starts ``gvc app --workers N`` on a free loopback port (embedded data), drives Debian's chromium
through Playwright and times, per page,

- the **first visit** twice: in a new browser (navigation to the page's URL until the script
  run has finished and every element is drawn: no status widget, spinner, skeleton or stale
  element; the front end is downloaded and started too), and in a session (a click on the
  page's sidebar link from another page: how a person reaches a page after the first), and
- **interactions** after the first load: choosing the next option of the page's first select
  box, and switching the language (sidebar radio), each from the click to the settled page.

Reported per page: first visit, interaction p50/p95 and count, against the goals (first visit
< 2 s, interaction p95 < 1 s), with the same run's baseline: the round trip of the Streamlit
health endpoint through the front end, and the app shell in a new browser (the front end
downloaded and started, up to the sidebar, without any page content). Everything runs on
127.0.0.1 and stops the server at the end.

Usage::

    .venv/bin/python bench/browser_timings.py --repeat 5 [--pages home markets ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["", "overview", "sectors", "paths", "markets", "diversification", "compare", "trends",
         "clusters", "province", "data",
         "self_assessment"]
SETTLED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
      && !document.querySelector('[data-testid="stSpinner"]')
      && !document.querySelector('[data-testid^="stSkeleton"]')
      && !document.querySelector('[data-testid="stAppSkeleton"]')
      && !document.querySelector('[data-stale="true"]')"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def app(workers: int) -> Iterator[str]:
    """Run ``gvc app`` on a free port until the block ends; yield its base URL."""
    port = _free_port()
    cmd = [str(ROOT / ".venv/bin/gvc"), "app", "--workers", str(workers), "--port", str(port),
           "--address", "127.0.0.1", "--", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), urllib.request.urlopen(
                f"{base}/_stcore/health", timeout=2
            ) as r:
                if r.read().strip() == b"ok":
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("gvc app did not answer its health check in 180 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _settle(pg) -> None:
    pg.wait_for_selector("h1", state="visible", timeout=120_000)
    pg.wait_for_function(SETTLED, timeout=120_000, polling=50)


def _timed(pg, action) -> float:
    start = time.perf_counter()
    action()
    pg.wait_for_timeout(120)  # let the click reach the server before looking for the run
    _settle(pg)
    return time.perf_counter() - start


def _next_option(pg) -> bool:
    box = pg.locator('[data-testid="stSelectbox"]').first
    if box.count() == 0:
        return False
    box.click()
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    return True


def measure(pages: list[str], repeat: int, workers: int) -> dict[str, object]:
    """Time every page; return the per-page figures and the baseline."""
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {"pages": {}}
    with app(workers) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        pg.set_default_timeout(120_000)
        # warm the worker's caches the way a first user would, then time the baseline
        for path in pages:
            pg.goto(f"{base}/{path}")
            _settle(pg)
        t0 = time.perf_counter()
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as r:
            r.read()
        health = time.perf_counter() - t0
        out["baseline_health_s"] = health
        # the app shell alone: a fresh browser loading Streamlit's page until its first element
        # (the sidebar's navigation) is drawn, before any page's content (what no page can beat
        # on a first visit: downloading and starting the front end)
        shells = []
        for _ in range(3):
            fresh = ctx.browser.new_context(viewport={"width": 1400, "height": 1000})
            page = fresh.new_page()
            t0 = time.perf_counter()
            page.goto(f"{base}/data")
            page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=120_000)
            shells.append(time.perf_counter() - t0)
            fresh.close()
        out["baseline_shell_s"] = statistics.median(shells)
        for path in pages:
            name = path or "home"
            # in the session: from another page, a click on the page's sidebar link
            pg.goto(f"{base}/data")
            _settle(pg)
            link = pg.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
            nav = _timed(pg, link.click) if link.count() else float("nan")
            fresh = ctx.browser.new_context(viewport={"width": 1400, "height": 1000})
            page = fresh.new_page()
            page.set_default_timeout(120_000)
            first = _timed(page, lambda page=page, path=path: page.goto(f"{base}/{path}"))
            clicks: list[float] = []
            for i in range(repeat):
                if _next_option(page):
                    clicks.append(_timed(page, lambda: None))
                lang = "Bahasa Indonesia" if i % 2 == 0 else "English"
                radio = page.locator('[data-testid="stSidebar"]').get_by_text(lang, exact=True)
                clicks.append(_timed(page, radio.click))
            fresh.close()
            q = statistics.quantiles(clicks, n=20) if len(clicks) >= 2 else clicks * 19
            out["pages"][name] = {  # type: ignore[index]
                "first_visit_s": round(first, 3),
                "nav_click_s": round(nav, 3),
                "interaction_p50_s": round(statistics.median(clicks), 3),
                "interaction_p95_s": round(q[18], 3),
                "interactions": len(clicks),
            }
            print(name, out["pages"][name], flush=True)  # type: ignore[index]
        ctx.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (make browser)")
        return 2
    res = measure([("" if p == "home" else p) for p in args.pages], args.repeat, args.workers)
    rows = res["pages"]
    print(f"\n{'page':<18} {'new browser':>12} {'nav click':>10} {'p50':>8} {'p95':>8}"
          "  goals (first visit 2 s / interaction p95 1 s)")
    for name, r in rows.items():  # type: ignore[union-attr]
        met = r["nav_click_s"] < 2 and r["interaction_p95_s"] < 1
        print(f"{name:<18} {r['first_visit_s']:>11.2f}s {r['nav_click_s']:>9.2f}s "
              f"{r['interaction_p50_s']:>7.2f}s {r['interaction_p95_s']:>7.2f}s  "
              f"{'met' if met else 'NOT met'}")
    print(f"baseline: health endpoint round trip {res['baseline_health_s'] * 1000:.1f} ms; "
          f"app shell in a new browser (to the sidebar, no page content) "
          f"{res['baseline_shell_s']:.2f} s")
    (ROOT / "bench/out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench/out/browser_timings.json").write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
