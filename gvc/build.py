"""Building the database from the data folder: atomic, idempotent and quick.

The build writes into a temporary file beside the target, records a fingerprint of its inputs in
the ``gvc_meta`` table and renames the file into place. A build that fails or is killed leaves the
previous database untouched (the temporary file is removed, or ignored and cleaned up later). A
lock file serialises concurrent builders; readers never wait for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from gvc import catalog
from gvc.errors import DatabaseError

#: Bump when the canonical schema changes, so old databases are rebuilt.
SCHEMA_VERSION = 1
#: Bytes 8-11 of every DuckDB database file.
_DUCKDB_MAGIC = b"DUCK"


def fingerprint(data_dir: Path, extra: dict[str, object] | None = None) -> str:
    """Return a hash of a build's inputs: schema, ingest code, data files (name, size, mtime)."""
    h = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    # the ingest code is an input too: this module, catalog.py and gvc/sql/ingest/*.sql
    modules: list[Path] = [Path(str(catalog.__file__)), Path(__file__), *catalog.ingest_files()]
    for module in modules:
        h.update(module.read_bytes())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        st = path.stat()
        h.update(f"{path.relative_to(data_dir)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    if extra:
        h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()[:24]


def stored_fingerprint(db: Path) -> str | None:
    """Return the fingerprint recorded in an existing database, or None if unreadable."""
    return _read_one(db, "select value from gvc_meta where key = 'fingerprint'")


def _read_one(db: Path, sql: str) -> str | None:
    """Return the one value ``sql`` reads from database ``db``; None if absent or unreadable."""
    if not db.is_file():
        return None
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute(sql).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a database being built (no progress bar)."""
    con = duckdb.connect(str(path))
    con.execute("set enable_progress_bar = false")
    return con


@contextlib.contextmanager
def build_lock(db: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``db`` while building (other builders wait).

    The lock is ``filelock.FileLock`` (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows):
    the operating system releases it when the holder dies, even by SIGKILL.
    """
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(db.with_name(db.name + ".lock"))
        lock.acquire()
    except OSError as err:
        raise DatabaseError(
            f"cannot build {db}: its folder is not writable ({err.strerror or err});"
            " set GVC_HOME or GVC_DB to a writable place"
        ) from None
    try:
        yield
    finally:
        lock.release()


def check_target(db: Path) -> None:
    """Refuse to build over anything at ``db`` that is not a DuckDB database (or a folder).

    ``gvc --db results.csv info`` must not replace the user's ``results.csv`` with a database.
    """
    if db.is_dir():
        raise DatabaseError(f"--db/GVC_DB: {db} is a folder, expected a .duckdb database file")
    if not db.exists():
        return
    try:
        with open(db, "rb") as fh:
            head = fh.read(12)
    except OSError as err:
        raise DatabaseError(f"--db/GVC_DB: cannot read {db}: {err.strerror or err}") from None
    if db.stat().st_size and head[8:12] != _DUCKDB_MAGIC:
        raise DatabaseError(
            f"--db/GVC_DB: {db} exists and is not a DuckDB database (its first bytes are "
            f"{head[:12]!r}); gvc will not replace it: give another path"
        )


def _cleanup_stale(db: Path) -> None:
    """Remove temporary files left by builds that were killed."""
    for tmp in db.parent.glob(f".{db.name}.*.tmp*"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _sweep_if_idle(db: Path) -> None:
    """Remove a killed build's temporary files when no build is running (never waits)."""
    if not any(db.parent.glob(f".{db.name}.*.tmp*")):
        return
    lock = FileLock(db.with_name(db.name + ".lock"), timeout=0)
    try:
        lock.acquire()
    except (OSError, Timeout):  # a build is running (its file is not stale), or read-only
        return
    try:
        _cleanup_stale(db)
    finally:
        lock.release()


def extra_inputs() -> dict[str, object]:
    """Return the inputs besides the data folder that a build depends on (imported datasets)."""
    try:
        from gvc import imports as imports_mod
    except ImportError:  # pragma: no cover - the module is part of the package
        return {}
    hook = getattr(imports_mod, "build_inputs", None)
    return hook() if callable(hook) else {}


def build(db: Path, data_dir: Path, force: bool = False) -> dict[str, object]:
    """Build the database at ``db`` from ``data_dir`` unless it is already up to date.

    Returns a summary: ``built`` (bool), ``seconds``, ``fingerprint``, ``path``.
    """
    if not data_dir.is_dir():
        raise DatabaseError(f"data folder not found: {data_dir} (set GVC_DATA_DIR)")
    check_target(db)
    extra = extra_inputs()
    fp = fingerprint(data_dir, extra)
    if not force and stored_fingerprint(db) == fp:  # readers never wait for a running build
        _sweep_if_idle(db)
        return {"built": False, "seconds": 0.0, "fingerprint": fp, "path": str(db)}
    with build_lock(db):
        if not force and stored_fingerprint(db) == fp:
            return {"built": False, "seconds": 0.0, "fingerprint": fp, "path": str(db)}
        _cleanup_stale(db)
        start = time.perf_counter()
        tmp = db.with_name(f".{db.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            con = _embedded(db, tmp, data_dir, reuse=not force)
            try:
                _load_imports(con)
                catalog.load_datasets_table(con)
                _load_imports(con, "register_datasets")
                con.execute("create table gvc_meta (key varchar primary key, value varchar)")
                con.execute(
                    "insert into gvc_meta values ('fingerprint', $fp), ('schema', $schema),"
                    " ('built_at', $at), ('data_dir', $dir)",
                    {"fp": fp, "schema": str(SCHEMA_VERSION),
                     "at": time.strftime("%Y-%m-%dT%H:%M:%S"), "dir": str(data_dir)},
                )
                con.execute("checkpoint")
            finally:
                con.close()
            os.replace(tmp, db)
        except BaseException:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise
        seconds = time.perf_counter() - start
    return {"built": True, "seconds": seconds, "fingerprint": fp, "path": str(db)}


def base_path(db: Path) -> Path:
    """Return where the embedded-data snapshot of ``db`` is kept (see :func:`_embedded`)."""
    return db.with_name(f".{db.name}.base")


def _embedded(
    db: Path, tmp: Path, data_dir: Path, reuse: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open ``tmp`` holding the tables loaded from ``data_dir`` (no imports yet).

    Loading the 57 embedded datasets takes about 4 s; an import changes only the manifest, so
    the loaded tables are kept in a snapshot beside the database (:func:`base_path`, one copy
    of it, tagged with the fingerprint of the data folder and the ingest code) and a build whose
    data folder and code are unchanged starts from a copy of it: an import's rebuild is then
    a file copy plus the import views (about 0.3 s). ``reuse=False`` (``build(force=True)``)
    loads the data again and renews the snapshot.
    """
    base, base_fp = base_path(db), fingerprint(data_dir)
    if reuse and _base_fingerprint(base) == base_fp:
        shutil.copyfile(base, tmp)
        return _open(tmp)
    con = _open(tmp)
    for loader in catalog.LOADERS:
        loader(con, data_dir)
    con.execute("create table gvc_base (fingerprint varchar)")
    con.execute("insert into gvc_base values ($fp)", {"fp": base_fp})
    con.execute("checkpoint")
    con.close()
    part = base.with_name(f"{base.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        shutil.copyfile(tmp, part)
        os.replace(part, base)
    except OSError:  # no room for the snapshot: the next build loads the data again
        with contextlib.suppress(OSError):
            part.unlink()
    return _open(tmp)


def _base_fingerprint(base: Path) -> str | None:
    """Return the fingerprint a snapshot was made from (None when absent or unreadable)."""
    return _read_one(base, "select fingerprint from gvc_base")


def _load_imports(con: duckdb.DuckDBPyConnection, hook_name: str = "register_imports") -> None:
    """Register imported datasets (see :mod:`gvc.imports`) in the database being built."""
    try:
        from gvc import imports as imports_mod
    except ImportError:  # pragma: no cover
        return
    hook = getattr(imports_mod, hook_name, None)
    if callable(hook):
        hook(con)
