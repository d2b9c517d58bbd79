"""Concurrent use: readers (threads and processes) while imports rebuild the database, two
importers at once, two builders at once.

The invariant: every reader sees one whole snapshot, the old one or a new one, never a mix, and
no error reaches it. A snapshot is identified by the fingerprint stored in it; each reader records
(fingerprint, per-source row counts and sums) and every fingerprint must always come with the same
figures, which must be those of a state the imports can produce.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import gvc
from tests import badinput as bad
from tests.helpers import DATA

READ_SQL = (
    "select (select value from gvc_meta where key = 'fingerprint'),"
    " source, count(*), sum(value_usd) from trade_flows group by source order by source"
)

READER = r"""
import json, sys, time
import gvc
from pathlib import Path
db, data, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
seen, errors, n = {}, [], 0
end = time.monotonic() + 300  # bounded even if the parent dies
while time.monotonic() < end and not stop.exists():
    try:
        g = gvc.connect(db, data_dir=data, build=False)
        rows = g.store.cursor().execute(sys.argv[4]).fetchall()
        g.close()
        fp = rows[0][0]
        state = sorted((r[1], r[2], round(r[3], 3)) for r in rows)
        seen.setdefault(fp, [])
        if state not in seen[fp]:
            seen[fp].append(state)
        n += 1
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}")
    time.sleep(0.05)
print(json.dumps({"seen": seen, "errors": errors[:5], "n_errors": len(errors), "reads": n}))
"""

IMPORTER = r"""
import sys
import gvc
g = gvc.connect(sys.argv[1], data_dir=sys.argv[2])
r = g.import_file("baci", sys.argv[3])
print(r["fingerprint"])
"""


def _baci(path: Path, year: int, release: str, n: int) -> tuple[str, int, float]:
    """A SYNTHETIC BACI file; return (its source name, rows, sum of value_usd)."""
    f = path / f"BACI_HS17_Y{year}_V{release}.csv"
    bad.stream_csv(f, bad.BACI.header, bad.baci_rows(n, year=year))
    total = sum(float(r[4]) * 1000 for r in bad.baci_rows(n, year=year))
    return f"baci_hs17_V{release}", n, total


def _reader_thread(db: Path, stop: threading.Event, out: dict, key: str) -> None:
    seen: dict[str, list] = {}
    errors: list[str] = []
    end = time.monotonic() + 300
    while time.monotonic() < end and not stop.is_set():
        try:
            g = gvc.connect(db, data_dir=DATA, build=False)
            rows = g.store.cursor().execute(READ_SQL).fetchall()
            g.close()
            state = sorted([r[1], r[2], round(r[3], 3)] for r in rows)
            seen.setdefault(rows[0][0], [])
            if state not in seen[rows[0][0]]:
                seen[rows[0][0]].append(state)
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")
        time.sleep(0.05)
    out[key] = {"seen": seen, "errors": errors}


@pytest.mark.slow
def test_readers_see_whole_snapshots_while_two_imports_run(home_copy, tmp_path):
    db = home_copy / "gvc.duckdb"
    g0 = gvc.connect(db, data_dir=DATA)
    base = {r[1]: (r[2], round(r[3], 3)) for r in g0.store.cursor().execute(READ_SQL).fetchall()}
    fp0 = g0.fingerprint
    files = tmp_path / "in"
    files.mkdir()
    src_a, n_a, sum_a = _baci(files, 2020, "202401", 20_000)
    src_b, n_b, sum_b = _baci(files, 2021, "202402", 30_000)

    stop_file = tmp_path / "stop"
    stop = threading.Event()
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(DATA), str(stop_file), READ_SQL],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    thread_out: dict[str, dict] = {}
    threads = [
        threading.Thread(target=_reader_thread, args=(db, stop, thread_out, f"t{i}"))
        for i in range(2)
    ]
    for t in threads:
        t.start()
    # a long-lived reader: the object opened before the imports keeps its snapshot throughout
    before_rows = g0.store.cursor().execute(READ_SQL).fetchall()
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(db), str(DATA), str(files / name)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("BACI_HS17_Y2020_V202401.csv", "BACI_HS17_Y2021_V202402.csv")
    ]
    fps = []
    for p in importers:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        fps.append(out.strip())
    assert g0.store.cursor().execute(READ_SQL).fetchall() == before_rows
    g0.close()
    time.sleep(1.0)  # let the readers see the final snapshot
    stop.set()
    stop_file.touch()
    for t in threads:
        t.join(timeout=120)
    results = [json.loads(p.communicate(timeout=120)[0]) for p in readers]
    results += list(thread_out.values())

    # every state a reader may see: base, base + A, base + B, base + A + B
    def state(*extra: tuple[str, int, float]) -> list:
        rows = dict(base)
        for src, n, s in extra:
            rows[src] = (n, round(s, 3))
        return sorted([k, v[0], v[1]] for k, v in rows.items())

    a, b = (src_a, n_a, sum_a), (src_b, n_b, sum_b)
    allowed = [state(), state(a), state(b), state(a, b)]
    by_fp: dict[str, list] = {}
    for res in results:
        assert not res["errors"], res["errors"]
        for fp, states in res["seen"].items():
            for s in states:
                s = [list(x) for x in s]
                assert s in allowed, f"a mixed snapshot: {s}"
                by_fp.setdefault(fp, [])
                if s not in by_fp[fp]:
                    by_fp[fp].append(s)
    assert all(len(v) == 1 for v in by_fp.values()), "one fingerprint, two contents"
    assert fp0 in by_fp, "readers saw the old snapshot"
    assert set(fps) <= set(by_fp), "reader processes saw each new snapshot"
    # the imports serialised: both landed (no lost manifest update)
    g1 = gvc.connect(db, data_dir=DATA)
    final = sorted([r[1], r[2], round(r[3], 3)] for r in g1.store.cursor().execute(READ_SQL).fetchall())
    g1.close()
    assert final == state(a, b)
    assert sum(r.get("reads", 0) for r in results) > 20


def test_reopen_after_a_rebuild_sees_the_new_snapshot(home_copy, tmp_path):
    """While the old Gvc is still open in this process, reopen() reads the new file (DuckDB
    shares one instance per path in a process; gvc attaches the file to avoid that)."""
    db = home_copy / "gvc.duckdb"
    g0 = gvc.connect(db, data_dir=DATA)
    _rebuild_elsewhere(db, home_copy, tmp_path / "log.jsonl")
    g1 = g0.reopen()
    try:
        tables = {
            r[0]
            for r in g1.store.cursor()
            .execute("select table_name from information_schema.tables")
            .fetchall()
        }
        assert "marker" in tables  # the file on disk now holds the rebuilt snapshot
    finally:
        g1.close()
        g0.close()


BUILDER = r"""
import json, os, sys, time
from pathlib import Path
from gvc import build, catalog
log = Path(sys.argv[3])

def enter(con, data_dir):
    with open(log, "a") as fh:
        fh.write(json.dumps(["enter", os.getpid(), time.time()]) + "\n")
    time.sleep(1.0)
    con.execute("create table marker as select $p as pid", {"p": os.getpid()})

def leave(con, data_dir):
    with open(log, "a") as fh:
        fh.write(json.dumps(["leave", os.getpid(), time.time()]) + "\n")

catalog.LOADERS = (enter, catalog.LOADERS[0], leave)
catalog.load_datasets_table = lambda con: con.execute("create table datasets (name varchar)")
print(build.build(Path(sys.argv[1]), Path(sys.argv[2]), force=True)["built"])
"""


def _builder(db: Path, home: Path, log: Path, **popen: object) -> subprocess.Popen:
    """Start BUILDER in another process: a forced rebuild of ``db`` that logs when it runs."""
    return subprocess.Popen(
        [sys.executable, "-c", BUILDER, str(db), str(DATA), str(log)],
        env={**os.environ, "GVC_HOME": str(home)},
        **popen,
    )


def _rebuild_elsewhere(db: Path, home: Path, log: Path) -> None:
    """Rebuild ``db`` in another process and wait for it (it must succeed in 120 s)."""
    proc = _builder(db, home, log, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # timed out: do not leave it running
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err


def test_two_builders_serialise(home_copy, tmp_path):
    """Two processes build the same database at once: the lock makes them take turns."""
    db = tmp_path / "b.duckdb"
    log = tmp_path / "log.jsonl"
    procs = [
        _builder(db, home_copy, log, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "True"
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e[0] for e in events] == ["enter", "leave", "enter", "leave"]
    assert events[0][1] == events[1][1]
    assert events[2][1] == events[3][1] != events[0][1]
    assert events[2][2] >= events[1][2]  # the second began after the first finished
    c = duckdb.connect(str(db), read_only=True)
    try:
        assert c.execute("select pid from marker").fetchone()[0] == events[2][1]
    finally:
        c.close()
    assert not list(tmp_path.glob(".b.duckdb.*.tmp*"))


def test_threads_share_one_gvc_while_a_rebuild_runs(home_copy, tmp_path):
    """One Gvc object (as in a Streamlit process) serves 6 threads while another process
    rebuilds the same file: every thread keeps getting the same answers, without errors."""
    db = home_copy / "gvc.duckdb"
    g = gvc.connect(db, data_dir=DATA)
    want = g.exports(year=2016, exporter="IDN", product="0901")["value_usd"].sum()
    assert want > 0
    errors: list[str] = []
    answers: list[float] = []
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                answers.append(
                    g.exports(year=2016, exporter="IDN", product="0901")["value_usd"].sum()
                )
                g.store.check_country("idn")
            except Exception as err:
                errors.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    _rebuild_elsewhere(db, home_copy, tmp_path / "log.jsonl")
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    g.close()
    assert not errors, errors[:3]
    assert len(answers) > 20
    assert set(answers) == {want}
    marker = duckdb.connect(str(db), read_only=True)
    try:  # the file was replaced meanwhile; the threads kept their snapshot
        assert marker.execute("select count(*) from marker").fetchone()[0] == 1
    finally:
        marker.close()
