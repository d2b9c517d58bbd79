"""Crash safety: kill -9 during an import (while converting, while rebuilding after the commit),
then start again; the Parquet result cache never serves a half-written or damaged file.

(kill -9 during a plain database build is tested in test_foundation.py.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import gvc
from tests import badinput as bad
from tests.helpers import DATA, table_checksums

KILL_AFTER_CONVERT = r"""
import os, signal, sys
import gvc
from gvc.importers import validation

real = validation.convert

def convert_then_die(*args, **kwargs):
    report = real(*args, **kwargs)  # the draft Parquet is written, nothing is committed yet
    print("converted", report.rows_written, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

validation.convert = convert_then_die
import gvc.imports
gvc.imports.convert = convert_then_die
g = gvc.connect(sys.argv[1], data_dir=sys.argv[2])
g.import_file("baci", sys.argv[3])
print("done", flush=True)
"""

IMPORT_AND_REPORT = r"""
import sys
import gvc
g = gvc.connect(sys.argv[1], data_dir=sys.argv[2])
g.import_file("baci", sys.argv[3], progress=lambda m: print(m, flush=True))
print("done", flush=True)
"""


def _db_identity(db: Path) -> tuple[int, int, int]:
    st = db.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _kill_when(cmd: list[str], marker: str, delay: float, env: dict) -> tuple[int, list[str]]:
    """Run ``cmd``; SIGKILL it ``delay`` s after it prints a line containing ``marker``."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    lines: list[str] = []
    timer: threading.Timer | None = None
    deadline = time.monotonic() + 300
    for line in proc.stdout:  # type: ignore[union-attr]
        lines.append(line.strip())
        if marker in line and timer is None:
            timer = threading.Timer(delay, proc.send_signal, args=(signal.SIGKILL,))
            timer.start()
        if time.monotonic() > deadline:
            proc.kill()
            break
    proc.wait(timeout=60)
    proc.stdout.close()  # type: ignore[union-attr]
    if timer is not None:
        timer.cancel()
    return proc.returncode, lines


def _source_rows(db: Path, source: str) -> int:
    g = gvc.connect(db, data_dir=DATA, build=False)
    try:
        return (
            g.store.cursor()
            .execute("select count(*) from trade_flows where source = $s", {"s": source})
            .fetchone()[0]
        )
    finally:
        g.close()


def test_kill_while_converting_leaves_the_previous_state(home_copy, tmp_path):
    db = home_copy / "gvc.duckdb"
    before = table_checksums(db)
    ident = _db_identity(db)
    f = tmp_path / "BACI_HS17_Y2020_V202405.csv"
    bad.stream_csv(f, bad.BACI.header, bad.baci_rows(300_000))
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_CONVERT, str(db), str(DATA), str(f)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "GVC_HOME": str(home_copy)},
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == ["converted 300000"]
    assert not (home_copy / "imports" / "manifest.json").exists()  # nothing was committed
    assert _db_identity(db) == ident  # the database file was not touched
    # start again: the old snapshot opens without a rebuild and answers as before
    gvc.connect(db, data_dir=DATA).close()  # build=True: finds the inputs unchanged
    assert _db_identity(db) == ident
    assert table_checksums(db) == before
    assert _source_rows(db, "baci_hs17_V202405") == 0
    # the scratch folder of the killed import is the only trace; it is never read
    assert all(
        p.name.startswith(".tmp-") for p in (home_copy / "imports").iterdir() if p.name not in (".lock",)
    )


@pytest.mark.slow
def test_kill_while_rebuilding_after_the_commit_then_restart(home_copy, tmp_path):
    """The manifest is the commit point: killed during the rebuild, the import is committed but
    the old database is still served; the next start rebuilds and serves the new one."""
    db = home_copy / "gvc.duckdb"
    ident = _db_identity(db)
    g = gvc.connect(db, data_dir=DATA, build=False)
    old_fp = g.fingerprint
    g.close()
    f = tmp_path / "BACI_HS17_Y2020_V202406.csv"
    n = bad.stream_csv(f, bad.BACI.header, bad.baci_rows(5_000))
    code, lines = _kill_when(
        [sys.executable, "-c", IMPORT_AND_REPORT, str(db), str(DATA), str(f)],
        "committing the manifest",
        1.0,
        {**os.environ, "GVC_HOME": str(home_copy)},
    )
    assert code == -9, lines
    manifest = json.loads((home_copy / "imports" / "manifest.json").read_text())
    assert [e["release"] for e in manifest["entries"]] == ["V202406"]
    # the old file is intact and still the one served to readers that do not rebuild
    assert _db_identity(db) == ident
    assert list(home_copy.glob(".gvc.duckdb.*.tmp*")), "the killed build left its temporary file"
    g = gvc.connect(db, data_dir=DATA, build=False)
    assert g.fingerprint == old_fp
    g.close()
    assert _source_rows(db, "baci_hs17_V202406") == 0
    # start again: connect() sees the committed manifest, rebuilds, cleans up
    g = gvc.connect(db, data_dir=DATA)
    assert g.fingerprint != old_fp
    g.close()
    assert _source_rows(db, "baci_hs17_V202406") == n
    assert not list(home_copy.glob(".gvc.duckdb.*.tmp*"))


# -- the Parquet result cache ----------------------------------------------------------------------

FRAME = pd.DataFrame({"a": range(1000), "b": [f"x{i}" for i in range(1000)]})

HALF_WRITE = r"""
import os, signal, sys
import pandas as pd
import gvc
g = gvc.connect(sys.argv[1], data_dir=sys.argv[2], build=False)

def torn(self, path, *args, **kwargs):
    import io
    buf = io.BytesIO()
    real(self, buf, *args, **kwargs)
    data = buf.getvalue()
    with open(path, "wb") as fh:
        fh.write(data[: len(data) // 2])
        fh.flush()
        os.fsync(fh.fileno())
    os.kill(os.getpid(), signal.SIGKILL)

real = pd.DataFrame.to_parquet
pd.DataFrame.to_parquet = torn
frame = pd.DataFrame({"a": range(1000), "b": [f"x{i}" for i in range(1000)]})
g.store.cached_frame("crash_test", {"k": 1}, lambda: frame)
"""


def _cache_files(home: Path, kind: str) -> list[Path]:
    folder = home / "cache" / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_cache_killed_mid_write_is_never_served(home_copy):
    db = home_copy / "gvc.duckdb"
    proc = subprocess.run(
        [sys.executable, "-c", HALF_WRITE, str(db), str(DATA)],
        env={**os.environ, "GVC_HOME": str(home_copy)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr
    left = _cache_files(home_copy, "crash_test")
    assert left, "the torn write left a file"
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in left)
    g = gvc.connect(db, data_dir=DATA, build=False)
    calls = []
    got = g.store.cached_frame("crash_test", {"k": 1}, lambda: calls.append(1) or FRAME)
    assert calls == [1]  # recomputed: the temporary file was not taken for a result
    pd.testing.assert_frame_equal(got, FRAME)
    again = g.store.cached_frame("crash_test", {"k": 1}, lambda: calls.append(2) or FRAME)
    assert calls == [1]  # now served from the cache, and whole
    pd.testing.assert_frame_equal(again, FRAME)
    g.close()


@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage"])
def test_damaged_cache_file_is_recomputed(home_copy, damage):
    g = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA, build=False)
    g.store.cached_frame("damage", {"d": damage}, lambda: FRAME)
    (path,) = [p for p in _cache_files(home_copy, "damage") if p.suffix == ".parquet"]
    data = path.read_bytes()
    path.write_bytes(
        {"truncate": data[: len(data) // 2], "empty": b"", "garbage": b"PAR1" + os.urandom(64)}[
            damage
        ]
    )
    calls = []
    got = g.store.cached_frame("damage", {"d": damage}, lambda: calls.append(1) or FRAME)
    assert calls == [1]
    pd.testing.assert_frame_equal(got, FRAME)
    pd.testing.assert_frame_equal(pd.read_parquet(path), FRAME)  # and repaired
    g.close()


def test_cache_under_concurrent_writers(home_copy):
    """Eight threads compute the same key at once: each gets the whole frame, no error."""
    g = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA, build=False)
    results: list[pd.DataFrame] = []
    errors: list[str] = []
    start = threading.Barrier(8)

    def slow() -> pd.DataFrame:
        time.sleep(0.05)
        return FRAME.copy()

    def work() -> None:
        try:
            start.wait()
            for _ in range(5):
                results.append(g.store.cached_frame("race", {"r": 1}, slow))
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    g.close()
    assert not errors, errors
    assert len(results) == 40
    for r in results:
        pd.testing.assert_frame_equal(r, FRAME)
    files = _cache_files(home_copy, "race")
    assert [p.suffix for p in files] == [".parquet"]  # no temporary file left behind


def test_cache_key_follows_the_snapshot(home_copy):
    """A result cached for one database fingerprint is not served for another."""
    g = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA, build=False)
    g.store.cached_frame("fp", {}, lambda: FRAME)
    real = g.store.fingerprint
    g.store.fingerprint = "another-snapshot"
    calls = []
    other = FRAME.assign(a=FRAME["a"] + 1)
    got = g.store.cached_frame("fp", {}, lambda: calls.append(1) or other)
    assert calls == [1]
    pd.testing.assert_frame_equal(got, other)
    g.store.fingerprint = real
    pd.testing.assert_frame_equal(g.store.cached_frame("fp", {}, lambda: other), FRAME)
    g.close()
