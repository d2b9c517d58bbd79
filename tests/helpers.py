"""Helpers the test tiers share: paths of the checkout, private homes, table checksums, the
real BACI sample as a CEPII CSV, a running ``gvc app`` (imported as ``tests.helpers``)."""

from __future__ import annotations

import ast
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

import gvc

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
BACI_SAMPLE = DATA / "trade_flows/baci_hs17_V202301_partial_exports_AFG_ZAF_2020_2021.parquet"


@contextlib.contextmanager
def private_home(home: Path, build: bool = False) -> Iterator[Path]:
    """Point GVC_HOME (and GVC_DATA_DIR) at ``home`` for the block; restore them afterwards.

    With ``build``, the database ``home/gvc.duckdb`` is built from the real data first.
    """
    old = {k: os.environ.get(k) for k in ("GVC_HOME", "GVC_DB", "GVC_DATA_DIR")}
    os.environ["GVC_HOME"] = str(home)
    os.environ["GVC_DATA_DIR"] = str(DATA)
    os.environ.pop("GVC_DB", None)
    try:
        if build:
            gvc.connect(home / "gvc.duckdb", data_dir=DATA).close()
        yield home
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def table_checksums(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent content hash of every table and view in a database.

    General helper for "nothing changed" checks (reliability tests): compare before and after.
    """
    import duckdb

    c = duckdb.connect(str(path), read_only=True)
    try:
        names = [
            r[0]
            for r in c.execute(
                "select table_name from information_schema.tables where table_name <> 'gvc_meta'"
                " order by 1"
            ).fetchall()
        ]
        out = {}
        for n in names:
            rows, h = c.execute(f'select count(*), sum(hash(t)::hugeint) from "{n}" t').fetchone()
            out[n] = (rows, str(h))
        return out
    finally:
        c.close()


def baci_csv(path: Path, year: int, where: str = "true") -> tuple[int, float]:
    """Write one year of the real BACI sample as a BACI CSV (k without its leading zero, as
    CEPII writes it); return (rows, sum of v)."""
    duckdb.execute(
        f"copy (select t, i, j, ltrim(k, '0') as k, v, q from read_parquet($s)"
        f" where t = {int(year)} and {where} order by i, j, k) to '{path}' (header, delimiter ',')",
        {"s": str(BACI_SAMPLE)},
    )
    return duckdb.execute(
        f"select count(*), sum(v) from read_parquet($s) where t = {int(year)} and {where}",
        {"s": str(BACI_SAMPLE)},
    ).fetchone()


def wait_healthy(
    base: str,
    proc: object,
    what: str,
    timeout: float = 180,
    log: Path | None = None,
    ready: Callable[[], bool] = lambda: True,
) -> None:
    """Wait until ``base/_stcore/health`` answers 200 (and ``ready()``); fail if ``proc`` (a
    Popen) exits first or ``timeout`` passes, with the end of ``log``."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200 and ready():
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:  # type: ignore[attr-defined]
            tail = log.read_text()[-3000:] if log is not None and log.exists() else ""
            pytest.fail(f"{what} did not start in {timeout:.0f} s:\n{tail}")
        time.sleep(0.3)


@contextlib.contextmanager
def gvc_app(con: gvc.Gvc, home: Path, *streamlit_args: str, workers: int = 2) -> Iterator[dict]:
    """Run ``gvc app --workers N -- <streamlit_args>`` on a free loopback port, serving the session
    database with ``home`` as GVC_HOME; yield base, port, proc and log once every worker answers
    (the front end serves as soon as one does, and says so when all do); stop it after."""
    import subprocess
    import sys

    from gvc.appserver import free_port

    port = free_port()
    env = {**os.environ, "GVC_DB": str(con.path), "GVC_HOME": str(home)}
    log = home / "front.log"
    cmd = [sys.executable, "-m", "gvc.cli", "app", "--address", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--", *streamlit_args]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        # one worker is Streamlit itself; several print a line once all answer
        wait_healthy(base, proc, "gvc app", 180, log,
                     lambda: workers == 1 or "workers; logs in" in log.read_text())
        yield {"base": base, "port": port, "proc": proc, "log": log}
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def gvc_import_lines(path: Path) -> list[tuple[str, int]]:
    """Return (imported gvc module, line) for every import in ``path`` (function-level too),
    leaving out ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in ast.walk(node):
                skip.add(id(sub))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "gvc"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "gvc":
                found += [(f"gvc.{a.name}", node.lineno) for a in node.names]
            elif node.module.startswith("gvc."):
                found.append((node.module, node.lineno))
    return found
