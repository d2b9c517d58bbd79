"""End to end: ``streamlit run app.py`` driven by headless Chromium through Playwright.

Visits every page, switches the language, downloads a cluster's opportunity list and checks it
against the API, asserts that no error element is shown, and saves a screenshot of each page
under ``test-artifacts/`` (git-ignored). Needs Debian's chromium (``make browser``): without it
the test fails in CI (``CI=true``) and is skipped locally.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app_pages.i18n import LABELS

from .conftest import REPO

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: url_path -> the English title its page shows.
PAGES = {
    "": LABELS["app.title"]["en"],
    "overview": LABELS["overview.title"]["en"],
    "sectors": LABELS["sectors.title"]["en"],
    "paths": LABELS["paths.title"]["en"],
    "markets": LABELS["markets.title"]["en"],
    "clusters": LABELS["clusters.title"]["en"],
    "self_assessment": LABELS["assess.title"]["en"],
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CLUSTER = "jabar-3205-batik"


def _need_chromium() -> None:
    msg = f"{CHROMIUM} is missing: install Debian's chromium (make browser) for the browser test"
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(con, tmp_path_factory):
    """A ``streamlit run app.py`` process on a free port, serving the session database."""
    _need_chromium()
    port = _free_port()
    env = {**os.environ, "GVC_DB": str(con.path)}
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(REPO / "app.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 2200}, accept_downloads=True
        )
        pg = context.new_page()
        pg.set_default_timeout(180_000)
        yield pg
        context.close()
        browser.close()


def _settle(pg) -> None:
    """Wait until the script run has finished and every element is drawn.

    No status widget or spinner (the run), no skeleton placeholder, no stale element (the
    previous run's elements, greyed out while a rerun is going on).
    """
    pg.wait_for_selector("h1", state="visible")
    pg.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && !document.querySelector('[data-testid="stSpinner"]')
              && !document.querySelector('[data-testid^="stSkeleton"]')
              && !document.querySelector('[data-testid="stAppSkeleton"]')
              && !document.querySelector('[data-stale="true"]')""",
        timeout=180_000,
        polling=250,
    )
    pg.wait_for_timeout(1500)  # charts and graphviz draw after the script run


def _no_errors(pg, where: str) -> None:
    errors = pg.locator(ERRORS)
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()[:500]}"


def test_every_page_in_both_languages(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    for path, title in PAGES.items():
        page.goto(f"{server}/{path}")
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == title
        _no_errors(page, path or "home")
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'home'}.png"), full_page=True)

    # switch the language with the sidebar radio: the page and the URL follow
    page.goto(f"{server}/overview")
    _settle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Bahasa Indonesia").click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
        arg=LABELS["overview.title"]["id"],
    )
    _settle(page)
    assert "lang=id" in page.url, page.url
    _no_errors(page, "overview (id)")
    page.screenshot(path=str(ARTIFACTS / "page_overview_id.png"), full_page=True)

    # a shared URL opens the same view in Bahasa Indonesia
    page.goto(f"{server}/markets?lang=id")
    _settle(page)
    assert page.locator("h1").first.inner_text().strip() == LABELS["markets.title"]["id"]
    _no_errors(page, "markets (id)")


def test_download_opportunity_list(server, page, con):
    page.goto(f"{server}/clusters?cluster={CLUSTER}&registry=jabar_umkm")
    _settle(page)
    _no_errors(page, "clusters")
    button = page.locator(".st-key-dl_opportunities button")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == f"opportunities_{CLUSTER}_en.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    expected = con.cluster(CLUSTER).opportunities()
    assert len(rows) == len(expected) > 0
    assert [r["HS code"] for r in rows[:10]] == [str(c) for c in expected["hs4"].head(10)]
    assert [int(r["Rank"]) for r in rows[:10]] == list(range(1, 11))
    page.screenshot(path=str(ARTIFACTS / "page_clusters_download.png"), full_page=True)
