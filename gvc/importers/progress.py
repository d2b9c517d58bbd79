"""Running one import statement: progress within a file, Ctrl-C, and a memory cap.

Used by :mod:`gvc.importers.validation` and :mod:`gvc.importers.explain`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

_UNITS = {"bytes": 1, "b": 1, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
          "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
#: Seconds between two progress lines within a file, and between two polls of DuckDB's progress.
PROGRESS_EVERY_S = 1.0
PROGRESS_POLL_S = 0.2


@dataclass
class Watch:
    """Progress within one file: the share of the file DuckDB has read, as bytes and rows."""

    say: Callable[[str], None]
    name: str
    size: int
    rows: float

    @classmethod
    def of(cls, say: Callable[[str], None] | None, path: Path, name: str) -> Watch | None:
        """Return a watch for ``path`` (rows estimated from its first MB), or None."""
        if say is None:
            return None
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
        lines = max(head.count(b"\n"), 1)
        return cls(say, name, size, size * lines / max(len(head), 1) - 1)

    def line(self, stage: str, pct: float) -> str:
        """Return one progress line: a bar, the percentage, MB and (estimated) rows read."""
        filled = int(20 * pct / 100)
        mb = self.size / 2**20
        return (
            f"  {self.name}: {stage} [{'#' * filled}{'.' * (20 - filled)}] {pct:3.0f}%"
            f" {mb * pct / 100:,.0f}/{mb:,.0f} MB, ~{self.rows * pct / 100:,.0f}"
            f"/{self.rows:,.0f} rows"
        )


def execute(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: dict[str, Any],
    watch: Watch | None = None,
    stage: str = "",
) -> Any:
    """Run ``sql`` and return its first row; with a watch, report progress while it runs.

    The statement runs in a worker thread (DuckDB releases the GIL) while this thread polls
    ``query_progress`` and reports at most once per :data:`PROGRESS_EVERY_S`. Ctrl-C interrupts
    the statement.
    """
    if watch is None:
        return con.execute(sql, params).fetchone()
    out: dict[str, Any] = {}

    def work() -> None:
        try:
            out["row"] = con.execute(sql, params).fetchone()
        except BaseException as err:  # re-raised in the caller's thread
            out["err"] = err

    con.execute("set enable_progress_bar = true")
    con.execute("set enable_progress_bar_print = false")
    worker = threading.Thread(target=work, daemon=True)
    start = last = time.monotonic()
    worker.start()
    try:
        while worker.is_alive():
            worker.join(PROGRESS_POLL_S)
            now = time.monotonic()
            every = PROGRESS_EVERY_S
            if worker.is_alive() and now - last >= every and now - start >= every:
                pct = con.query_progress()
                if 0 <= pct <= 100:
                    watch.say(watch.line(stage, pct))
                    last = now
    except BaseException:
        con.interrupt()
        worker.join()
        raise
    finally:
        if not worker.is_alive():
            con.execute("set enable_progress_bar = false")
    if "err" in out:
        raise out["err"]
    return out["row"]


def _bytes(setting: str) -> float | None:
    """Return DuckDB's memory setting (``'1.3 GiB'``) in bytes, or None if not understood."""
    parts = setting.strip().lower().split()
    if len(parts) != 2 or parts[1] not in _UNITS:
        return None
    try:
        return float(parts[0]) * _UNITS[parts[1]]
    except ValueError:
        return None


@contextlib.contextmanager
def memory_cap(con: duckdb.DuckDBPyConnection, cap: str) -> Iterator[None]:
    """Lower the connection's memory limit to ``cap`` for the block (never raise it)."""
    before = str(con.execute("select current_setting('memory_limit')").fetchall()[0][0])
    old, new = _bytes(before), _bytes(cap.replace("MB", " MB"))
    if old is None or new is None or old <= new:
        yield
        return
    con.execute(f"set memory_limit = '{cap}'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{int(old)}b'")
