"""End to end: ``gvc app`` (two Streamlit workers behind its front end) driven by headless
Chromium through Playwright.

Visits every page, switches the language, downloads a cluster's opportunity list and a table and
checks them against the API, uploads a cluster registry, checks that the map's outlines are
fetched from the app, asserts that no error element is shown, and saves a screenshot of each page
under ``test-artifacts/`` (git-ignored). Needs Debian's chromium (``make browser``): without it
the test fails in CI (``CI=true``) and is skipped locally.
"""

from __future__ import annotations

import csv
import io
import os
import urllib.request
from pathlib import Path

import pytest

from app_pages.i18n import LABELS
from tests.helpers import REPO, gvc_app
from tests.wording import build_vocabulary, english_words

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
    "diversification": LABELS["div.title"]["en"],
    "compare": LABELS["cmp.title"]["en"],
    "trends": LABELS["trends.title"]["en"],
    "province": LABELS["province.title"]["en"],
    "data": LABELS["data.title"]["en"],
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CLUSTER = "jabar-3205-batik"


def _need_chromium() -> None:
    msg = f"{CHROMIUM} is missing: install Debian's chromium (make browser) for the browser test"
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


@pytest.fixture(scope="module")
def server(con, tmp_path_factory):
    """``gvc app --workers 2`` (what ``make run`` starts on this machine) on a free port, serving
    the session database: the browser goes through the front end to one of two Streamlit
    workers, so uploads and downloads also check that a browser stays with its worker."""
    _need_chromium()
    home = tmp_path_factory.mktemp("apphome")
    with gvc_app(con, home, "--server.fileWatcherType", "none") as app:
        with urllib.request.urlopen(f"{app['base']}/_stcore/health", timeout=5) as r:
            assert r.read().strip() == b"ok"
        yield app["base"]


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


TITLE_KEYS = {
    "": "app.title", "overview": "overview.title", "sectors": "sectors.title",
    "paths": "paths.title", "markets": "markets.title", "clusters": "clusters.title",
    "self_assessment": "assess.title", "diversification": "div.title", "compare": "cmp.title",
    "trends": "trends.title", "province": "province.title", "data": "data.title",
}


def test_every_page_in_bahasa_indonesia(server, page, con):
    """Every page opened in Bahasa Indonesia: its Indonesian title, no error, no English word in
    the text the browser shows (tests/wording.py), a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    assert set(TITLE_KEYS) == set(PAGES)
    vocabulary = build_vocabulary(con)
    english = {}
    for path, key in TITLE_KEYS.items():
        page.goto(f"{server}/{path}?lang=id")
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == LABELS[key]["id"], path
        _no_errors(page, f"{path or 'home'} (id)")
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'home'}_id.png"), full_page=True)
        shown = page.locator('[data-testid="stMain"]').inner_text()
        assert len(shown) > 200, path
        hits = english_words([(path or "home", line) for line in shown.splitlines()], vocabulary)
        if hits:
            english[path or "home"] = hits[:10]
    assert english == {}, english
    # the province map is drawn (a Vega canvas or SVG inside the chart element)
    page.goto(f"{server}/province?lang=id")
    _settle(page)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1


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


def test_table_download_is_built_on_click(server, page, con):
    """Table downloads are made when clicked (not on every run): the file is the shown table."""
    page.goto(f"{server}/")
    _settle(page)
    with page.expect_download() as info:
        page.locator(".st-key-dl_datasets button").click()
    download = info.value
    assert download.suggested_filename == "gvc_datasets.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    expected = con.datasets()
    assert [r["Dataset"] for r in rows] == list(expected["name"])
    assert [int(r["Rows"]) for r in rows] == [int(n) for n in expected["rows"]]


def test_map_outlines_come_from_the_app(server, page):
    """The market map's country outlines are fetched by the browser from the app's static
    files (nothing from the internet, not embedded in every run)."""
    outlines = "/app/static/geo/world_countries_110m.topojson"
    with page.expect_response(lambda r: r.url.endswith(outlines)) as info:
        page.goto(f"{server}/markets")
        _settle(page)
    response = info.value
    assert response.status == 200
    assert response.url == f"{server}{outlines}"
    assert response.json()["type"] == "Topology"
    _no_errors(page, "markets")
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 2


def test_upload_a_cluster_registry_through_the_front_end(server, page, tmp_path):
    """An upload reaches the worker that holds the browser's session (the cookie)."""
    from gvc.clusters_registry import template_frames

    row = template_frames()["clusters"].assign(
        cluster_id="e2e-batik-1", name="Uploaded batik cluster"
    )
    path = tmp_path / "e2e_clusters.csv"
    row.to_csv(path, index=False)
    page.goto(f"{server}/clusters")
    _settle(page)
    page.get_by_text(LABELS["clusters.upload"]["en"]).click()
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))
    page.get_by_text(LABELS["clusters.uploaded"]["en"].format(name=path.name)).wait_for()
    _settle(page)
    _no_errors(page, "clusters upload")
    page.screenshot(path=str(ARTIFACTS / "page_clusters_upload.png"), full_page=True)


def test_upstream_paths_are_drawn(server, page):
    """The Linkage paths page upstream: the suppliers' chains into IDN wood, drawn and listed."""
    page.goto(f"{server}/paths?direction=up&sector=c6&target=USA")
    _settle(page)
    _no_errors(page, "paths upstream")
    assert page.locator('[data-testid="stGraphVizChart"] svg').count() == 1
    assert page.get_by_text(LABELS["paths.total_up"]["en"]).count() == 1
    page.screenshot(path=str(ARTIFACTS / "page_paths_upstream.png"), full_page=True)


def test_upload_bombs_are_refused_through_the_front_end(server, page, tmp_path):
    """Issue 18.2: the XFD and wide-CSV bombs get a refusal on the page; another browser's
    session on the same server still works. The click-to-refusal times go to
    test-artifacts/upload_bombs.json (timings are reported, not asserted; bench/ measures)."""
    import json
    import sys
    import time

    sys.path.insert(0, str(REPO / "tests" / "reliability"))
    from test_upload_bombs import xfd_bomb

    bombs = {
        "bomb_xfd.xlsx": (xfd_bomb(), "uses columns up to XFD"),
        "bomb_wide.csv": (
            (",".join(f"c{i}" for i in range(80_000)) + "\n").encode(),
            "the header has 80,000 columns",
        ),
    }
    timings = {}
    for name, (data, message) in bombs.items():
        path = tmp_path / name
        path.write_bytes(data)
        page.goto(f"{server}/clusters")
        _settle(page)
        page.get_by_text(LABELS["clusters.upload"]["en"]).click()
        start = time.perf_counter()
        page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))
        page.locator(ERRORS).filter(has_text=message).first.wait_for()
        timings[name] = round(time.perf_counter() - start, 3)
        assert name in page.locator(ERRORS).first.inner_text()
    # another browser (its own session and cookie) is served normally afterwards
    other = page.context.browser.new_context(viewport={"width": 1200, "height": 1600})
    try:
        pg = other.new_page()
        pg.set_default_timeout(180_000)
        pg.goto(f"{server}/clusters")
        _settle(pg)
        _no_errors(pg, "another session after the bombs")
    finally:
        other.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "upload_bombs.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
