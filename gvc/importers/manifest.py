"""The import manifest: which imported Parquet partitions are live.

The manifest (``config.imports_dir()/manifest.json``) is the commit point of an import: the Parquet
partitions of a release are first written to a temporary folder and renamed to a fresh folder of
their own; only then does the manifest, rewritten atomically (temporary file + ``os.replace``),
point at them. A crash before that leaves the manifest as it was, and the orphan folder is removed
later by :func:`collect_garbage`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

from gvc import config
from gvc.errors import InvalidInputError

#: Bump when the layout of imported partitions or of the manifest changes.
MANIFEST_VERSION = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: An import folder the manifest no longer references is kept this long after it was first seen
#: unreferenced (its ``.retired`` mark), and as long as any open snapshot holds its lease.
GC_MIN_AGE_S = 3600.0
#: In each release folder: the file readers lock shared while a snapshot reads the folder.
LEASE = ".lease"
#: In each release folder: when garbage collection first found it unreferenced (Unix time).
RETIRED = ".retired"


def _flock() -> Any:
    """Return the ``fcntl`` module (POSIX advisory locks), or None on Windows.

    On Windows only the retirement age protects readers. Imported on use: the package must
    import on every platform.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    return fcntl


def safe_name(what: str, value: object) -> str:
    """Return ``value`` if it is a safe folder/identifier component (letters, digits, . _ -)."""
    s = str(value)
    if not _NAME.match(s) or ".." in s:
        raise InvalidInputError(
            f"'{what}' must be 1-64 letters, digits, '.', '_' or '-' (got {value!r})"
        )
    return s


def manifest_path() -> Path:
    """Return the path of the manifest file."""
    return config.imports_dir() / "manifest.json"


def empty() -> dict[str, Any]:
    """Return an empty manifest."""
    return {"version": MANIFEST_VERSION, "entries": []}


def load() -> dict[str, Any]:
    """Read the manifest (an empty one when there is none yet).

    Release folders (``path``) and rejects files come back as absolute paths inside the current
    imports folder, whether the file stores them relative to it (as :func:`save` writes them) or
    absolute (as gvc wrote them before; a path that no longer exists is looked up under the
    current imports folder by its ``<dataset>/<release>`` tail, so a moved GVC_HOME works).
    """
    path = manifest_path()
    if not path.is_file():
        return empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InvalidInputError(f"the import manifest {path} is unreadable: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidInputError(f"the import manifest {path} has no 'entries' list")
    root = path.parent
    for e in data["entries"]:
        if isinstance(e, dict) and e.get("path"):
            e["path"] = str(_located(root, str(e["path"]), 2))
            for r in e.get("reports") or []:
                if isinstance(r, dict) and r.get("rejects_file"):
                    r["rejects_file"] = str(_located(root, str(r["rejects_file"]), 4))
    return data


def _located(root: Path, stored: str, tail: int) -> Path:
    """Return the absolute path of a path stored in the manifest.

    A relative one is under ``root``; an absolute one that is gone is looked for under ``root``
    by its last ``tail`` parts.
    """
    p = Path(stored)
    if not p.is_absolute():
        return root / p
    if p.exists() or len(p.parts) <= tail:
        return p
    moved = root.joinpath(*p.parts[-tail:])
    return moved if moved.exists() else p


def _relative(root: Path, path: str) -> str:
    """Return ``path`` relative to ``root`` when it lies inside it (else unchanged)."""
    p = Path(path)
    try:
        return p.relative_to(root).as_posix() if p.is_absolute() else path
    except ValueError:
        return path


def save(data: dict[str, Any]) -> None:
    """Write the manifest atomically (temporary file, fsync, rename).

    Paths inside the imports folder are stored relative to it, so GVC_HOME can be moved.
    """
    path = manifest_path()
    root = path.parent
    stored = json.loads(json.dumps(data))  # a copy: the caller keeps absolute paths
    for e in stored.get("entries", []):
        if isinstance(e, dict) and e.get("path"):
            e["path"] = _relative(root, str(e["path"]))
            for r in e.get("reports") or []:
                if isinstance(r, dict) and r.get("rejects_file"):
                    r["rejects_file"] = _relative(root, str(r["rejects_file"]))
    tmp = path.with_name(f".manifest.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(stored, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def lock() -> Iterator[None]:
    """Serialise importers (one import at a time per GVC_HOME).

    ``filelock.FileLock`` on ``imports/.lock``: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
    Windows; the operating system releases it when the holder dies.
    """
    with FileLock(config.imports_dir() / ".lock"):
        yield


def new_tmp_dir() -> Path:
    """Return a fresh temporary folder inside the imports folder (same filesystem: rename works)."""
    path = config.imports_dir() / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def referenced_dirs(data: dict[str, Any]) -> set[Path]:
    """Return the release folders the manifest points at."""
    return {Path(e["path"]).resolve() for e in data.get("entries", [])}


def lease(folders: Iterable[str | Path]) -> list[int]:
    """Take a shared lease on release folders a snapshot reads; return the file descriptors.

    Garbage collection never removes a folder whose lease someone holds (POSIX ``flock`` on the
    folder's ``.lease`` file, held until :func:`release` closes the descriptors, at the latest
    when the process ends). A folder that is gone or not writable is skipped: the snapshot then
    reads what it can, as before.
    """
    held: list[int] = []
    _fcntl = _flock()
    if _fcntl is None:  # pragma: no cover - Windows
        return held
    for folder in folders:
        try:
            fd = os.open(Path(folder) / LEASE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            continue
        try:
            _fcntl.flock(fd, _fcntl.LOCK_SH)
        except OSError:
            os.close(fd)
            continue
        held.append(fd)
    return held


def release(fds: list[int]) -> None:
    """Give up leases taken by :func:`lease` (closing a descriptor drops its lock)."""
    while fds:
        with contextlib.suppress(OSError):
            os.close(fds.pop())


@contextlib.contextmanager
def _unleased(folder: Path) -> Iterator[bool]:
    """Yield True, holding the folder's lease exclusively, when no snapshot holds it."""
    _fcntl = _flock()
    if _fcntl is None:  # pragma: no cover - Windows
        yield True
        return
    path = folder / LEASE
    if not path.exists():
        yield True
        return
    with open(path, "a+b") as f:
        try:
            _fcntl.flock(f.fileno(), _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True


def _retired_at(folder: Path, now: float) -> float:
    """Return when the folder was first found unreferenced (marking it now if it was not)."""
    mark = folder / RETIRED
    try:
        return float(mark.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            mark.write_text(f"{now:.3f}\n", encoding="ascii")
        return now


def collect_garbage(
    data: dict[str, Any], min_age_s: float = GC_MIN_AGE_S, keep_tmp: Path | None = None
) -> list[Path]:
    """Remove left-over folders; call with :func:`lock` held.

    Temporary folders (``.tmp-*``, left by an import that was killed) are removed at once, since
    no other import can be running. A release folder the manifest no longer references is marked
    retired the first time it is seen so, and removed once it has been retired ``min_age_s``
    seconds and no open snapshot holds its lease (:func:`lease`): a snapshot opened before the
    folder was replaced keeps reading it. (The age counts from the retirement, not from the
    folder's creation: an old folder replaced a minute ago is still young.)
    """
    root = config.imports_dir()
    keep = referenced_dirs(data)
    now = time.time()
    removed: list[Path] = []
    for path in root.glob(".tmp-*"):
        if keep_tmp is None or path.resolve() != keep_tmp.resolve():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    releases = [
        p
        for ds in root.iterdir()
        if ds.is_dir() and not ds.name.startswith(".")
        for p in ds.iterdir()
        if p.is_dir()
    ]
    for path in releases:
        if path.resolve() in keep:
            continue
        if now - _retired_at(path, now) < min_age_s:
            continue
        with _unleased(path) as free, contextlib.suppress(OSError):
            if free:
                shutil.rmtree(path)
                removed.append(path)
    return removed
