"""The ``Gvc`` object: one read-only database snapshot and the methods of every area."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import threading
import uuid
import warnings
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from gvc import build as build_mod
from gvc import config, db, validate
from gvc.clusters import ClusterMixin
from gvc.core import CoreMixin
from gvc.errors import DataNotFoundError, InvalidInputError
from gvc.imports import ImportMixin
from gvc.inputoutput import IOMixin
from gvc.markets import MarketMixin
from gvc.services.domestic import DomesticLinks, DomesticService  # domestic branch
from gvc.trade import ComplexityMixin

T = TypeVar("T")

#: Tables whose years can be checked with :meth:`Gvc.check_year` (identifiers are never user input).
YEAR_TABLES = {
    "exports": "exports",
    "trade_flows": "trade_flows",
    "io_output": "io_output",
    "wdi": "wdi",
    "weo": "weo",
    "tariffs_mfn": "tariffs_mfn",
    "jabar_umkm": "jabar_umkm",
}


class Gvc(CoreMixin, ComplexityMixin, IOMixin, MarketMixin, ClusterMixin, ImportMixin):
    """A connection to the gvc database with the analytics of every area.

    Create it with :func:`gvc.connect`. It holds one read-only DuckDB connection; every query runs
    on a fresh cursor, so one ``Gvc`` can serve several threads (Streamlit sessions).
    """

    def __init__(self, path: Path, data_dir: Path):
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self._lock = threading.Lock()
        self._memo: dict[str, object] = {}
        self._lrus: dict[str, OrderedDict] = {}
        self.con = db.open_db(self.path, read_only=True)
        row = self.con.execute("select value from gvc_meta where key = 'fingerprint'").fetchone()
        self.fingerprint: str = row[0] if row else "unknown"

    # -- connection ----------------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a fresh cursor on the read-only database."""
        with self._lock:
            return db.cursor(self.con)

    def sql(self, name: str, **params: object) -> pd.DataFrame:
        """Run ``gvc/sql/<name>.sql`` with named parameters; return a DataFrame."""
        return self.cursor().execute(db.load_sql(name), params).df()

    def close(self) -> None:
        """Close the database connection (a :meth:`session` view leaves it to its parent)."""
        if self.__dict__.get("_session_of") is None:
            self.con.close()

    def session(self) -> Gvc:
        """Return a view of this ``Gvc`` for one user (an app session).

        The view reads the same database snapshot through the same connection and shares the
        memos and caches, but has its own loaded cluster registries: a registry loaded with
        :meth:`load_clusters` on the view is seen only by the view. It starts with the
        registries this ``Gvc`` has loaded (saved ones included). Closing the view does nothing;
        close the ``Gvc`` it came from.

        Returns
        -------
        Gvc
            The view.
        """
        view = copy.copy(self)
        view.__dict__["_session_of"] = self
        view.__dict__["_cluster_loaded"] = dict(self._loaded_registries())
        return view

    def __enter__(self) -> Gvc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gvc({str(self.path)!r}, fingerprint={self.fingerprint!r})"

    def reopen(self) -> Gvc:
        """Return a new ``Gvc`` on the current database file (after a rebuild or an import)."""
        return connect(self.path, data_dir=self.data_dir)

    # -- memo and cache ------------------------------------------------------------------------

    def memo(self, key: str, compute: Callable[[], object]) -> object:
        """Return an in-process memoised value for ``key`` (small lookups only)."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
        return value

    def _recall(self, name: str, key: object, compute: Callable[[], T], size: int) -> T:
        """Return ``compute()`` remembered under ``key`` in the bounded in-process memo ``name``.

        The memo keeps the ``size`` most recently used values (least recently used dropped
        first); ``compute`` runs outside the lock, so a slow computation does not block readers.
        """
        with self._lock:
            memo: OrderedDict = self._lrus.setdefault(name, OrderedDict())
            if key in memo:
                memo.move_to_end(key)
                return memo[key]
        value = compute()
        with self._lock:
            memo[key] = value
            while len(memo) > size:
                memo.popitem(last=False)
        return value

    def cached_frame(
        self, kind: str, params: dict[str, object], compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """Return ``compute()`` cached as Parquet under ``config.cache_dir()``.

        The key is ``kind``, ``params`` and the database fingerprint, so a rebuilt or re-imported
        database never serves stale results. Files are written to a temporary name and renamed.
        """
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", kind):
            raise InvalidInputError(f"cache kind must be lower_snake_case (got {kind!r})")
        blob = json.dumps({"kind": kind, "fp": self.fingerprint, **params}, sort_keys=True,
                          default=str)
        digest = hashlib.sha256(blob.encode()).hexdigest()[:20]
        folder = config.cache_dir() / kind
        path = folder / f"{digest}.parquet"
        if path.is_file():
            try:
                return pd.read_parquet(path)
            except (OSError, ValueError):  # a damaged cache file is recomputed
                path.unlink(missing_ok=True)
        frame = compute()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{digest}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        except (OSError, ValueError, TypeError) as err:
            tmp.unlink(missing_ok=True)
            warnings.warn(f"result not cached ({kind}): {err}", stacklevel=2)
        return frame

    # -- boundary checks -----------------------------------------------------------------------

    def _country_names(self) -> dict[str, str]:
        def load() -> dict[str, str]:
            rows = self.cursor().execute(
                "select iso3, coalesce(name, '') from countries where not is_aggregate"
                " union select distinct exporter, '' from exports"
                " union select distinct importer, '' from trade_flows"
            ).fetchall()
            names: dict[str, str] = {}
            for code, name in rows:
                if code and (code not in names or name):
                    names[code] = name
            return names

        return self.memo("country_names", load)  # type: ignore[return-value]

    def check_country(self, code: object, name: str = "country") -> str:
        """Return ``code`` as a known ISO3 code, or raise with close matches."""
        return validate.iso3(code, self._country_names(), name=name)

    def check_revision(self, value: object, name: str = "revision") -> str:
        """Return the canonical HS revision name."""
        return validate.revision(value, name=name)

    def check_product(self, code: object, revision: str | None = None,
                      name: str = "product") -> str:
        """Return an HS code string that exists in ``revision`` (if given)."""
        code = validate.hs_code(code, name=name)
        if revision is None:
            return code
        rev = self.check_revision(revision)
        known = self.memo(
            f"products:{rev}",
            lambda: {r[0] for r in self.cursor().execute(
                "select code from products where hs_revision = $r", {"r": rev}).fetchall()},
        )
        if code not in known:  # type: ignore[operator]
            from gvc.errors import unknown_code

            raise unknown_code(f"{rev} product code", code, known, "0901")  # type: ignore[arg-type]
        return code

    def years(self, table: str) -> list[int]:
        """Return the years loaded in one of the year-bearing tables."""
        if table not in YEAR_TABLES:
            raise InvalidInputError(f"no year index for table {table!r}")
        ident = YEAR_TABLES[table]
        return self.memo(  # type: ignore[return-value]
            f"years:{ident}",
            lambda: [r[0] for r in self.cursor().execute(
                f"select distinct year from {ident} order by year").fetchall()],
        )

    def check_year(self, table: str, year: object, name: str = "year") -> int:
        """Return ``year`` as an int if ``table`` has data for it, else raise listing the years."""
        y = validate.integer(name, year, 1900, 2100)
        loaded = self.years(table)
        if y not in loaded:
            span = _span(loaded)
            raise DataNotFoundError(f"'{name}': {y} is not loaded in {table} (loaded: {span})")
        return y

    # -- domestic value chains (added by domestic) --
    def domestic(self) -> DomesticService:
        """Return the domestic value-chain service (BPS IRIO 2016) on this database."""
        return DomesticService(self)

    def domestic_links(self, province: str, industry: str | list[str]) -> DomesticLinks:
        """Domestic buyers, input sources and linkages of a province-industry (IRIO 2016)."""
        return DomesticService(self).links(province, industry)


def _span(years: list[int]) -> str:
    if not years:
        return "none"
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 2:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def connect(path: str | Path | None = None, data_dir: str | Path | None = None,
            build: bool = True) -> Gvc:
    """Open the gvc database, building it from the data folder on first use.

    Parameters
    ----------
    path : str or Path, optional
        The database file; default ``config.db_path()`` (``GVC_DB`` or ``$GVC_HOME/gvc.duckdb``).
    data_dir : str or Path, optional
        The embedded dataset; default ``config.data_dir()`` (``GVC_DATA_DIR`` or ``./data``).
    build : bool
        Build or refresh the database when it is missing or older than its inputs.

    Returns
    -------
    Gvc
        The read-only database with every analytic method.
    """
    db_file = Path(path).expanduser().resolve() if path else config.db_path()
    data = Path(data_dir).expanduser().resolve() if data_dir else config.data_dir()
    if build:
        build_mod.build(db_file, data)
    elif not db_file.is_file():
        raise DataNotFoundError(f"no gvc database at {db_file}; run 'gvc build' first")
    return Gvc(db_file, data)
