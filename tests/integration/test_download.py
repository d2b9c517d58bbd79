"""``gvc download`` against a local HTTP server on 127.0.0.1 (nothing reaches the internet).

The server serves a BACI release zip in CEPII's layout, built from the real BACI sample (South
Africa's 2021 exports), and can drop the connection midway, throttle, answer 404, serve a
truncated zip or publish a wrong checksum.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import gvc
from gvc import download as dl
from gvc.cli import main as cli
from tests.helpers import DATA, REPO, baci_csv, table_checksums

CODES = DATA / "trade_flows/baci_country_codes_V202301.csv"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        srv = self.server
        name = self.path.lstrip("/")
        srv.log.append((name, self.headers.get("Range")))
        body = srv.files.get(name)
        if body is None:
            self.send_error(404)
            return
        start = 0
        rng = self.headers.get("Range")
        if rng and srv.ranges:
            m = re.fullmatch(r"bytes=(\d+)-", rng)
            start = int(m.group(1)) if m else 0
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        sent = 0
        chunk = body[start:]
        for i in range(0, len(chunk), 4096):
            if srv.drop_after is not None and sent >= srv.drop_after:
                srv.drop_after = None  # drop once
                self.connection.shutdown(2)
                return
            self.wfile.write(chunk[i:i + 4096])
            sent += 4096
            if srv.delay:
                time.sleep(srv.delay)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.log: list[tuple[str, str | None]] = []
        self.drop_after: int | None = None
        self.delay = 0.0
        self.ranges = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int, float]:
    """A BACI HS17 V202301 release zip in CEPII's layout, with a stored (incompressible-ish)
    padding member so that it is large enough to be interrupted; rows and value of 2021."""
    tmp = tmp_path_factory.mktemp("baci_release")
    csv = tmp / "BACI_HS17_Y2021_V202301.csv"
    n, v = baci_csv(csv, 2021, "i = 710")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv, "BACI_HS17_Y2021_V202301.csv")
        zf.write(CODES, "country_codes_V202301.csv")
        zf.writestr("Readme.txt", "BACI HS17 V202301 (test copy of the real sample)")
    return buf.getvalue(), n, v


@pytest.fixture
def home(home_copy: Path) -> Path:
    """A private GVC_HOME holding a copy of the session's database."""
    return home_copy


NAME = "BACI_HS17_V202301.zip"
ARGS = ["download", "baci", "--release", "V202301", "--revision", "HS17"]


def _landed(home: Path) -> tuple[int, float]:
    with gvc.connect(home / "gvc.duckdb", data_dir=DATA) as con:
        df = con.trade_flows(2021, source="baci_hs17_V202301")
    return len(df), float(df["value_usd"].sum())


def test_plan_names_the_cepii_file_and_refuses_bad_options(tmp_path):
    p = dl.plan("baci", tmp_path, release="202501", revision="hs22")
    assert p.files[0].url == "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS22_V202501.zip"
    assert p.importer == "baci"
    assert p.release == "V202501"
    with pytest.raises(gvc.InvalidInputError, match=r"'release'.*V202501.*'2025'"):
        dl.plan("baci", tmp_path, release="2025")
    with pytest.raises(gvc.InvalidInputError, match=r"'revision'.*HS17.*'HS99'"):
        dl.plan("baci", tmp_path, release="V202501", revision="HS99")
    with pytest.raises(gvc.InvalidInputError, match=r"'base_url'.*http"):
        dl.plan("baci", tmp_path, release="V202501", base_url="file:///etc/")
    with pytest.raises(gvc.InvalidInputError, match=r"'files'.*plain file name"):
        dl.plan("atlas", tmp_path, base_url="http://127.0.0.1/", files=["../x.csv"])
    with pytest.raises(gvc.InvalidInputError, match=r"'base_url'.*no stable public address"):
        dl.plan("icio", tmp_path, files=["2022.csv"])


def test_dry_run_fetches_nothing(server, home, capsys):
    assert cli([*ARGS, "--base-url", server.url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"GET {server.url}{NAME}" in out
    assert "then: gvc import baci" in out
    assert server.log == []
    assert not (home / "downloads").exists() or not any((home / "downloads").rglob("*.zip"))


def test_download_lands_the_release(server, home, release, capsys):
    body, n, v = release
    server.files[NAME] = body
    assert cli([*ARGS, "--base-url", server.url]) == 0
    assert "imported baci_hs17 release V202301" in capsys.readouterr().out
    rows, value = _landed(home)
    assert rows == n
    assert value == pytest.approx(v * 1000, rel=1e-12)
    kept = home / "downloads/baci" / NAME
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == hashlib.sha256(body).hexdigest()


def test_dropped_connection_resumes_with_a_range_request(server, tmp_path, release):
    body, _, _ = release
    server.files[NAME] = body
    server.drop_after = len(body) // 3
    p = dl.plan("baci", tmp_path, release="V202301", base_url=server.url)
    (path,) = dl.download(p)
    assert path.read_bytes() == body
    ranges = [r for name, r in server.log if name == NAME]
    assert ranges[0] is None
    assert ranges[1] is not None
    # resumed from what had arrived (the socket may hold back the last blocks sent)
    assert 0 < int(ranges[1].removeprefix("bytes=").rstrip("-")) <= len(body) // 3 + 4096


def test_a_killed_download_resumes(server, home, release):
    body, n, _ = release
    server.files[NAME] = body
    server.delay = 0.02  # ~200 kB/s: the kill lands midway
    env = {**os.environ, "GVC_HOME": str(home), "GVC_DATA_DIR": str(DATA)}
    cmd = [sys.executable, "-m", "gvc", *ARGS, "--base-url", server.url]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    part = home / "downloads/baci" / f"{NAME}.part"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not part.is_file() or part.stat().st_size < 20_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    held = part.stat().st_size
    assert 0 < held < len(body)
    server.delay = 0.0
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert server.log[-1][1] == f"bytes={held}-"  # resumed where the killed run stopped
    assert _landed(home)[0] == n
    assert not part.exists()


def test_not_found_is_a_one_line_error(server, home, capsys):
    before = table_checksums(home / "gvc.duckdb")
    assert cli([*ARGS, "--base-url", server.url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gvc: error:")
    assert "HTTP 404" in err
    assert "Traceback" not in err
    assert table_checksums(home / "gvc.duckdb") == before


def test_truncated_zip_is_refused_and_nothing_changes(server, home, release, capsys):
    body, _, _ = release
    server.files[NAME] = body[: len(body) - 200]  # complete as HTTP says, broken as a zip
    before = table_checksums(home / "gvc.duckdb")
    assert cli([*ARGS, "--base-url", server.url]) == 2
    assert "not a complete zip file" in capsys.readouterr().err
    assert table_checksums(home / "gvc.duckdb") == before
    assert list((home / "downloads/baci").iterdir()) == []


def test_wrong_published_checksum_is_refused(server, home, release, capsys):
    body, _, _ = release
    server.files[NAME] = body
    server.files["SHA256SUMS"] = f"{'0' * 64}  {NAME}\n".encode()
    before = table_checksums(home / "gvc.duckdb")
    assert cli([*ARGS, "--base-url", server.url]) == 2
    err = capsys.readouterr().err
    assert "does not match the expected 0000" in err
    assert "nothing imported" in err
    assert table_checksums(home / "gvc.duckdb") == before
    # the right checksum is accepted
    server.files["SHA256SUMS"] = f"{hashlib.sha256(body).hexdigest()}  {NAME}\n".encode()
    assert cli([*ARGS, "--base-url", server.url, "--no-import"]) == 0


def test_server_without_ranges_restarts_from_zero(server, tmp_path, release):
    body, _, _ = release
    server.files[NAME] = body
    server.ranges = False
    server.drop_after = len(body) // 2
    p = dl.plan("baci", tmp_path, release="V202301", base_url=server.url)
    (path,) = dl.download(p)
    assert path.read_bytes() == body


def test_comtrade_calls_stay_under_the_row_limit_and_write_the_api_layout(tmp_path):
    codes = dl.comtrade_codes(DATA)
    assert codes["IDN"] == 360
    assert codes["USA"] == 842
    p = dl.plan("comtrade", tmp_path, reporter="IDN", years=[2023], flows=["X", "M"],
                country_codes=codes, partners_per_call=100)
    partners = len(codes) - 1
    assert len(p.calls) == 2 * -(-partners // 100)
    seen: list[dict] = []

    def get_final_data(key, **kw):
        assert key == "k"
        seen.append(kw)
        return pd.DataFrame({"refYear": [int(kw["period"])], "reporterCode": [360],
                             "flowCode": [kw["flowCode"]], "partnerCode": [842],
                             "cmdCode": ["090111"], "primaryValue": [1.5]})

    fake = types.SimpleNamespace(getFinalData=get_final_data)
    (out,) = dl.download(p, api_key="k", api=fake)
    assert all(kw["cmdCode"] == "AG6" and kw["reporterCode"] == "360" for kw in seen)
    assert {kw["flowCode"] for kw in seen} == {"X", "M"}
    assert sum(len(kw["partnerCode"].split(",")) for kw in seen) == 2 * partners
    assert len(pd.read_csv(out)) == len(p.calls)
    with pytest.raises(gvc.InvalidInputError, match="COMTRADE_KEY"):
        dl.download(p, api_key="", api=fake)
    with pytest.raises(gvc.InvalidInputError, match=r"'reporter'.*'XXX'"):
        dl.plan("comtrade", tmp_path, reporter="XXX", years=[2023], country_codes=codes)
