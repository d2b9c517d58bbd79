"""deploy/: Debian's nginx with gvc's proxy settings in front of two workers (issue 18).

nginx runs with deploy/nginx/gvc.conf's maps, limits and upstream (the worker ports replaced by
free ones) and a plain-HTTP server block that includes deploy/nginx/gvc-proxy.conf, the same
file the TLS block includes. The browser then goes through it: pages in both languages, a
registry upload (it must reach the worker holding the session: the gvc_route cookie), and the
proxy's body limit. Needs nginx (``make nginx``) and chromium (``make browser``); skipped
without them, failed without them in CI.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app_pages.i18n import LABELS
from gvc.appserver import free_port
from tests.e2e.test_app_e2e import CHROMIUM, CHROMIUM_ARGS, ERRORS, _need_chromium, _settle
from tests.helpers import REPO, gvc_app, wait_healthy

pytestmark = pytest.mark.slow

DEPLOY = REPO / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _need_nginx() -> None:
    if not Path(NGINX).exists():
        msg = "nginx is missing: install Debian's nginx (make nginx) for the deploy test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def nginx_config(tmp: Path, port: int, workers: list[int]) -> Path:
    """The test's nginx.conf: gvc.conf's http-level part + a plain-HTTP server block."""
    conf = (DEPLOY / "gvc.conf").read_text(encoding="utf-8")
    http_part = conf[: conf.index("\nserver {")]
    ups = re.findall(r"server 127\.0\.0\.1:(\d+)", http_part)
    assert ups == ["8601", "8602"], ups
    for old, new in zip(ups, workers, strict=True):
        http_part = http_part.replace(f"127.0.0.1:{old}", f"127.0.0.1:{new}")
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / d).mkdir(exist_ok=True)
    text = f"""
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{http_part}
    server {{
        listen 127.0.0.1:{port};
        include {DEPLOY / "gvc-proxy.conf"};
    }}
}}
"""
    if os.geteuid() == 0:
        text = "user root;\n" + text  # the temp folders belong to root
    path = tmp / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def proxied(con, tmp_path_factory):
    _need_chromium()
    _need_nginx()
    tmp = tmp_path_factory.mktemp("nginx")
    mp = pytest.MonkeyPatch()
    mp.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "e2e-shared-secret-" + "0" * 32)
    with contextlib.ExitStack() as stack:
        apps = [
            stack.enter_context(
                gvc_app(con, tmp_path_factory.mktemp(f"w{i}"), "--server.fileWatcherType",
                        "none", workers=1)
            )
            for i in range(2)
        ]
        port = free_port()
        conf = nginx_config(tmp, port, [a["port"] for a in apps])
        check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        with (tmp / "stderr.log").open("w") as err:
            proc = subprocess.Popen([NGINX, "-c", str(conf)], stderr=err)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, proc, "nginx", 30, tmp / "error.log")
            yield {"base": base, "tmp": tmp, "apps": apps}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            mp.undo()


def test_pages_through_nginx_in_both_languages(proxied):
    from playwright.sync_api import sync_playwright

    base = proxied["base"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.set_default_timeout(180_000)
            for path, key in (("", "app.title"), ("clusters", "clusters.title")):
                for lang in ("en", "id"):
                    page.goto(f"{base}/{path}?lang={lang}")
                    _settle(page)
                    assert page.locator("h1").first.inner_text().strip() == LABELS[key][lang]
                    errors = page.locator(ERRORS)
                    assert errors.count() == 0, errors.first.inner_text()[:300]
            cookies = {c["name"]: c["value"] for c in page.context.cookies()}
            assert re.fullmatch(r"[0-9a-f]{32}", cookies["gvc_route"])
        finally:
            browser.close()


def test_upload_through_nginx_reaches_the_sessions_worker(proxied, tmp_path):
    """Streamlit refuses an upload that reaches another worker than the session's."""
    from playwright.sync_api import sync_playwright

    from gvc.clusters_registry import template_frames

    row = template_frames()["clusters"].assign(cluster_id="nginx-1", name="Via nginx")
    path = tmp_path / "via_nginx.csv"
    row.to_csv(path, index=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(3):  # three browsers: whichever worker each lands on
                ctx = browser.new_context(viewport={"width": 1400, "height": 1800})
                page = ctx.new_page()
                page.set_default_timeout(180_000)
                page.goto(f"{proxied['base']}/clusters")
                _settle(page)
                page.get_by_text(LABELS["clusters.upload"]["en"]).click()
                page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))
                page.get_by_text(LABELS["clusters.uploaded"]["en"].format(name=path.name)).wait_for()
                assert page.locator(ERRORS).count() == 0
                ctx.close()
        finally:
            browser.close()


def test_nginx_refuses_bodies_over_its_limit(proxied):
    req = urllib.request.Request(
        f"{proxied['base']}/_stcore/upload_file/x/y", data=b"x" * (7 * 1024 * 1024), method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    err.value.close()
    assert err.value.code == 413
