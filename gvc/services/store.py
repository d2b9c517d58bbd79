"""The read-only database snapshot every service reads: connection, SQL files, memos, caches.

A :class:`Store` is one DuckDB snapshot (see :mod:`gvc.db`) with the infrastructure the area
services share: fresh cursors, ``gvc/sql/*.sql`` statements run with ``$name`` parameters,
in-process memos (unbounded for small lookups, bounded LRUs for large results), a Parquet result
cache keyed by the snapshot's fingerprint, and the boundary checks of codes and years.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import uuid
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from gvc import config, db, i18n, validate
from gvc.errors import DataNotFoundError, InvalidInputError, unknown_code

T = TypeVar("T")

#: Tables whose years can be checked with :meth:`Store.check_year` (identifiers, not user input).
YEAR_TABLES = ("exports", "trade_flows", "io_output", "wdi", "weo", "tariffs_mfn", "jabar_umkm")
#: Tables whose name may be put into a ``{table}`` identifier slot of a SQL file.
IDENTIFIERS = frozenset({*YEAR_TABLES, "exports_embedded", "trade_flows_embedded"})
_KIND = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _release_leases(fds: list[int]) -> None:
    from gvc.importers import manifest

    manifest.release(fds)


class _Flights:
    """Per-key locks: one thread computes a key while the others that want it wait.

    A key's lock exists while someone holds or waits for it. Locks are re-entrant, so a
    computation may ask for its own key's inputs (other keys) and, in the same thread, again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[object, list] = {}  # key -> [lock, holders and waiters]

    @contextlib.contextmanager
    def hold(self, key: object) -> Iterator[None]:
        with self._lock:
            entry = self._held.setdefault(key, [threading.RLock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0:
                    self._held.pop(key, None)


class Store:
    """One read-only gvc database snapshot and the infrastructure shared by the services.

    Parameters
    ----------
    path : Path
        The database file.
    data_dir : Path
        The embedded dataset folder the database was built from.

    Notes
    -----
    One connection serves every thread: each query runs on a fresh cursor taken under
    :attr:`lock`. Memos and caches belong to the snapshot, so views of one ``Gvc``
    (:meth:`gvc.Gvc.session`) share them.
    """

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self.lock = threading.Lock()
        self._memo: dict[str, object] = {}
        self._lrus: dict[str, OrderedDict[object, object]] = {}
        self._flights = _Flights()
        self.connection = db.open_db(self.path, read_only=True)
        self.fingerprint: str = self.read_fingerprint()
        self._leases = self._lease_imports()
        # leases go when the store does, closed or not (no file object to warn about)
        self._release = weakref.finalize(self, _release_leases, self._leases)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, fingerprint={self.fingerprint!r})"

    def close(self) -> None:
        """Close the database connection and give up the leases on its import folders."""
        self.connection.close()
        self._release()

    def _lease_imports(self) -> list[int]:
        """Lease the import folders this snapshot reads, so no import removes them under it."""
        try:
            folders = self.cursor().execute("select path from import_folders").fetchall()
        except duckdb.Error:  # a snapshot built before the table existed, or without imports
            return []
        from gvc.importers import manifest

        return manifest.lease([r[0] for r in folders])

    # -- queries -------------------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a fresh cursor on the read-only database."""
        with self.lock:
            return db.cursor(self.connection)

    def sql(self, name: str, **params: object) -> pd.DataFrame:
        """Run ``gvc/sql/<name>.sql`` with named ``$`` parameters; return a DataFrame."""
        return self.cursor().execute(db.load_sql(name), params).df()

    def sql_coded(self, name: str, **params: object) -> pd.DataFrame:
        """Run ``gvc/sql/<name>.sql`` like :meth:`sql`, its text columns as pandas Categoricals.

        For the large frames (a BACI year's 10 million flows): Arrow dictionary-encodes each
        text column in C++, so the frame holds a few thousand distinct codes and one integer per
        row instead of 30 million Python-visible strings (8.1 s for a BACI year through
        :meth:`sql`, 3.3 s here, of which 2.6 s is the query itself).
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        table = self.cursor().sql(db.load_sql(name), params=params).to_arrow_table()
        text = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
        cols = {
            c: pc.dictionary_encode(table[c]) if any(t(table[c].type) for t in text) else table[c]
            for c in table.column_names
        }
        return pa.table(cols).to_pandas()

    def sql_on(self, name: str, table: str, **params: object) -> pd.DataFrame:
        """Run ``gvc/sql/<name>.sql`` with ``{table}`` set to one of :data:`IDENTIFIERS`.

        Only table names gvc itself chose fill the slot; values still go through ``$`` params.
        """
        if table not in IDENTIFIERS:
            raise InvalidInputError(
                f"no table {table!r} for {name}.sql (known: {sorted(IDENTIFIERS)})"
            )
        return self.cursor().execute(db.load_sql(name).format(table=table), params).df()

    def read_fingerprint(self) -> str:
        """Return the fingerprint stamped on the snapshot the connection reads now."""
        df = self.sql("store_fingerprint")
        return str(df["value"].iloc[0]) if len(df) else "unknown"

    # -- memo and cache ------------------------------------------------------------------------

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Return an in-process memoised value for ``key`` (small lookups only).

        One thread computes a missing value; others asking for it meanwhile wait and share it
        (after an import twenty sessions would otherwise each compute the same thing at once).
        """
        with self.lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        with self._flights.hold(("memo", key)):
            with self.lock:
                if key in self._memo:
                    return self._memo[key]  # type: ignore[return-value]
            value = compute()
            with self.lock:
                self._memo[key] = value
        return value

    def recall(self, name: str, key: object, compute: Callable[[], T], size: int) -> T:
        """Return ``compute()`` remembered under ``key`` in the bounded in-process memo ``name``.

        The memo keeps the ``size`` most recently used values (least recently used dropped
        first); ``compute`` runs outside the store's lock, so a slow computation does not block
        readers of other keys, and once per key: callers of the same key wait for it.
        """
        with self.lock:
            lru = self._lrus.setdefault(name, OrderedDict())
            if key in lru:
                lru.move_to_end(key)
                return lru[key]  # type: ignore[return-value]
        with self._flights.hold(("recall", name, key)):
            with self.lock:
                if key in lru:
                    return lru[key]  # type: ignore[return-value]
            value = compute()
            with self.lock:
                lru[key] = value
                while len(lru) > size:
                    lru.popitem(last=False)
        return value

    def cached_frame(
        self, kind: str, params: dict[str, Any], compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """Return ``compute()`` cached as Parquet under ``config.cache_dir()``.

        The key is ``kind``, ``params`` and :attr:`fingerprint`; after the computation the
        fingerprint of the snapshot the connection actually read is checked against it: when
        they differ (the content is not the one the key names) the result is returned but not
        stored, so an entry never carries a fingerprint other than its content's. Files are
        written to a temporary name and renamed.
        """
        if not _KIND.fullmatch(kind):
            raise InvalidInputError(f"cache kind must be lower_snake_case (got {kind!r})")
        before = self.fingerprint
        path = _cache_path(kind, before, params)
        with self._flights.hold(("frame", str(path))):  # one computation per key in a process
            return self._cached_frame(path, kind, before, compute)

    def _cached_frame(
        self, path: Path, kind: str, before: str, compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        if path.is_file():
            try:
                return pd.read_parquet(path)
            except (OSError, ValueError):  # a damaged cache file is recomputed
                path.unlink(missing_ok=True)
        frame = compute()
        if self.read_fingerprint() != before:
            return frame  # computed from another snapshot than the key names: never stored
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        except (OSError, ValueError, TypeError) as err:
            tmp.unlink(missing_ok=True)
            warnings.warn(f"result not cached ({kind}): {err}", stacklevel=2)
        return frame

    # -- boundary checks -----------------------------------------------------------------------

    def country_names(self) -> dict[str, str]:
        """Return ISO3 code -> name for every country code the snapshot knows ('' if unnamed)."""

        def load() -> dict[str, str]:
            names: dict[str, str] = {}
            for code, name in self.sql("store_country_names").itertuples(index=False):
                if code and (code not in names or name):
                    names[str(code)] = str(name)
            return names

        return self.memo("country_names", load)

    #: The name the importers use (kept while they are being split).
    _country_names = country_names

    def check_country(self, code: object, name: str = "country") -> str:
        """Return ``code`` as a known ISO3 code, or raise with close matches."""
        return validate.iso3(code, self.country_names(), name=name)

    def check_revision(self, value: object, name: str = "revision") -> str:
        """Return the canonical HS revision name."""
        return validate.revision(value, name=name)

    def check_product(self, code: object, revision: str | None = None,
                      name: str = "product") -> str:
        """Return an HS code string that exists in ``revision`` (if given)."""
        text = validate.hs_code(code, name=name)
        if revision is None:
            return text
        rev = self.check_revision(revision)
        known: set[str] = self.memo(
            f"products:{rev}",
            lambda: set(self.sql("store_product_codes", revision=rev)["code"].astype(str)),
        )
        if text not in known:
            raise unknown_code(i18n.Message("err.what.product_code", rev=rev), text,
                               sorted(known), "0901")
        return text

    def years(self, table: str) -> list[int]:
        """Return the years loaded in one of the year-bearing tables (:data:`YEAR_TABLES`)."""
        if table not in YEAR_TABLES:
            raise InvalidInputError(f"no year index for table {table!r}")
        return self.memo(
            f"years:{table}",
            lambda: [int(y) for y in self.sql_on("store_years", table)["year"]],
        )

    def check_year(self, table: str, year: object, name: str = "year") -> int:
        """Return ``year`` as an int if ``table`` has data for it, else raise listing the years."""
        y = validate.integer(name, year, 1900, 2100)
        loaded = self.years(table)
        if y not in loaded:
            raise DataNotFoundError(
                f"'{name}': {y} is not loaded in {table} (loaded: {year_span(loaded)})"
            )
        return y


def year_span(years: list[int]) -> str:
    """Return ``"2010-2016"`` for a run of years, else the years listed ("none" when empty)."""
    if not years:
        return "none"
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def _cache_path(kind: str, fingerprint: str, params: dict[str, Any]) -> Path:
    blob = json.dumps({"kind": kind, "fp": fingerprint, **params}, sort_keys=True, default=str)
    digest = hashlib.sha256(blob.encode()).hexdigest()[:20]
    return config.cache_dir() / kind / f"{digest}.parquet"
