"""Importing the full public datasets: the importer machinery and the build hooks.

``con.import_file(...)`` runs :meth:`gvc.services.imports.ImportService.import_file`, which uses
the helpers here.

An import converts a user's file(s) into canonical Parquet partitions under
``config.imports_dir()/<dataset>/<release>-<id>/``, records them in the manifest (the commit point,
see :mod:`gvc.importers.manifest`) and rebuilds the database snapshot. :func:`register_imports`
(called by :func:`gvc.build.build`) turns ``trade_flows``, ``exports`` and the ``io_*`` blocks into
views that ``UNION ALL`` the embedded rows and the imported Parquet; :func:`build_inputs` gives the
manifest to the build fingerprint so that an import always produces a new snapshot.

Formats, validation rules and the HS conversion weights are documented in ``docs/importers.md``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from gvc.choices import KINDS as KINDS  # re-exported: the kinds gvc import knows
from gvc.errors import DatabaseError, ImportValidationError, InvalidInputError
from gvc.importers import manifest
from gvc.importers.validation import Report, convert, q

if TYPE_CHECKING:  # pragma: no cover
    from gvc.services.store import Store

#: Bump when the way imported data is registered changes (the build fingerprint includes it).
REGISTER_VERSION = 2
#: Largest zip member extracted (bytes); override with GVC_IMPORT_MAX_MEMBER_BYTES.
MAX_MEMBER_BYTES = 50 * 2**30
#: Largest uncompressed/compressed ratio accepted for a zip member (zip bombs).
MAX_ZIP_RATIO = 200
MEMORY_LIMIT = "1500MB"

TRADE_COLUMNS = {
    "trade_flows": (
        "source",
        "year",
        "exporter",
        "importer",
        "hs_revision",
        "level",
        "product",
        "value_usd",
        "quantity",
        "quantity_unit",
    ),
    "exports": ("source", "year", "exporter", "hs_revision", "level", "product", "value_usd"),
}
COLUMN_TYPES = {
    "source": "varchar",
    "year": "integer",
    "exporter": "varchar",
    "importer": "varchar",
    "hs_revision": "varchar",
    "level": "tinyint",
    "product": "varchar",
    "value_usd": "double",
    "quantity": "double",
    "quantity_unit": "varchar",
    "io_table": "varchar",
    "from_region": "varchar",
    "from_sector": "varchar",
    "to_region": "varchar",
    "to_sector": "varchar",
    "category": "varchar",
    "value": "double",
    "region": "varchar",
    "sector": "varchar",
    "component": "varchar",
}
IO_BLOCKS = {
    "io_intermediate": (
        "io_table",
        "year",
        "from_region",
        "from_sector",
        "to_region",
        "to_sector",
        "value",
    ),
    "io_final": (
        "io_table",
        "year",
        "from_region",
        "from_sector",
        "to_region",
        "category",
        "value",
    ),
    "io_output": ("io_table", "year", "region", "sector", "value"),
    "io_value_added": ("io_table", "year", "region", "sector", "component", "value"),
}
IO_META = ("io_catalog", "io_regions", "io_sectors")


@dataclass
class Draft:
    """One dataset release produced by an importer, waiting in the temporary folder."""

    dataset: str
    release: str
    kind: str
    tables: dict[str, str]  # canonical table -> sub-folder holding its partitions
    years: list[int]
    constants: dict[str, dict[str, Any]] = field(default_factory=dict)  # per table
    title: str = ""
    coverage: str = ""
    source_note: str = ""
    reports: list[Report] = field(default_factory=list)
    folder: Path | None = None


@dataclass
class Context:
    """What an importer needs: the input, a scratch DuckDB, the current snapshot and options."""

    gvc: Store  # the snapshot being imported into (cursor(), sql(), country_names())
    duck: duckdb.DuckDBPyConnection
    path: Path
    tmp: Path
    release: str | None
    quarantine: bool
    layout: Path | None
    year: int | None
    name: str | None
    progress: Callable[[str], None]
    options: dict[str, Any] = field(default_factory=dict)

    def convert(self, spec: Any, csv: Path, out: Path, display: str) -> Report:
        """Run :func:`gvc.importers.validation.convert` with the rejects file in the draft."""
        rejects = self.tmp / "rejects" / f"{Path(display).stem}.rejects.csv"
        return convert(self.duck, spec, csv, out, rejects, self.quarantine, display)


def embedded_sources(store: Store) -> set[str]:
    """Return the ``source`` values of the embedded trade rows (imports may not reuse them)."""
    names = set(store.sql("store_tables")["table_name"])
    out: set[str] = set()
    for table in ("trade_flows", "exports"):
        ident = f"{table}_embedded" if f"{table}_embedded" in names else table
        out |= set(store.sql_on("store_sources", ident)["source"])
    return out


def _scratch_duckdb(tmp: Path) -> duckdb.DuckDBPyConnection:
    duck = duckdb.connect()
    duck.execute("set enable_progress_bar = false")
    duck.execute("set preserve_insertion_order = false")
    duck.execute(f"set memory_limit = {q(MEMORY_LIMIT)}")
    duck.execute(f"set temp_directory = {q(str(tmp / 'spill'))}")
    return duck


def _span(years: list[int]) -> str:
    from gvc.catalog import year_span

    return year_span(sorted(years)) if years else ""


def _merge(old: dict[str, Any], drafts: list[Draft], replace: bool) -> dict[str, Any]:
    """Return the manifest after adding ``drafts``; refuse overlapping releases unless replace.

    A draft replaces exactly the years it brings. Of an earlier import of the *same* release it
    replaces those years and leaves the others live (importing 2019 after 2020 keeps 2020); that
    import's entry is dropped only when none of its years stays live. Another release that
    provides any of those years is refused unless ``replace``, which makes the draft the source
    for those years only. New entries have an empty ``path`` until their folder is in place.
    """
    entries = [dict(e) for e in old["entries"]]
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    for d in drafts:
        kept = []
        for e in entries:
            if e["dataset"] != d.dataset:
                kept.append(e)
                continue
            same = e["release"] == d.release
            overlap = sorted(set(e["active_years"]) & set(d.years))
            if overlap and not replace and not same:
                raise InvalidInputError(
                    f"{d.dataset} release {e['release']} already provides {_span(overlap)}; "
                    f"import {d.release} with replace=True (--replace) to use it for those years"
                )
            e["active_years"] = sorted(set(e["active_years"]) - set(d.years))
            if same and not e["active_years"]:
                continue  # every live year of that import of this release is re-imported
            kept.append(e)
        entries = kept
        entries.append(
            {
                "dataset": d.dataset,
                "release": d.release,
                "kind": d.kind,
                "tables": d.tables,
                "years": sorted(d.years),
                "active_years": sorted(d.years),
                "constants": d.constants,
                "title": d.title,
                "coverage": d.coverage,
                "source_note": d.source_note,
                "reports": [r.as_dict() for r in d.reports],
                "imported_at": now,
                "path": "",
            }
        )
    return {"version": manifest.MANIFEST_VERSION, "entries": entries}


# --- zip and folder inputs ---------------------------------------------------------------------


def max_member_bytes() -> int:
    """Return the size limit of one extracted zip member."""
    env = os.environ.get("GVC_IMPORT_MAX_MEMBER_BYTES")
    return int(env) if env and env.isdigit() else MAX_MEMBER_BYTES


def extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> Path:
    """Extract one zip member to ``dest`` (a name gvc chose), enforcing size limits.

    The member's own path is never used (no path traversal). The declared size, the compression
    ratio and the bytes actually written are all checked against the limits.
    """
    limit = max_member_bytes()
    where = f"zip member {info.filename!r}"
    if info.file_size > limit:
        raise ImportValidationError(f"{where} is {info.file_size} bytes (limit {limit})")
    if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
        raise ImportValidationError(
            f"{where} expands {info.file_size / info.compress_size:.0f}x "
            f"(limit {MAX_ZIP_RATIO}x): refusing a possible zip bomb"
        )
    free = shutil.disk_usage(dest.parent).free
    if info.file_size > free:
        raise ImportValidationError(f"{where} needs {info.file_size} bytes; {free} free")
    if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1 and zf.filename:
        _inflate(Path(zf.filename), info, dest, min(limit, info.file_size), where)
        return dest
    written = 0
    with zf.open(info) as fin, open(dest, "wb") as fout:
        while chunk := fin.read(1 << 20):
            written += len(chunk)
            if written > min(limit, info.file_size):
                raise ImportValidationError(f"{where} is larger than it declares")
            fout.write(chunk)
    return dest


def _inflate(archive: Path, info: zipfile.ZipInfo, dest: Path, most: int, where: str) -> None:
    """Inflate a deflated zip member to ``dest`` with zlib-ng (1.9x zlib's speed).

    Reads the member's raw deflate stream through its own file handle (so a worker thread can
    extract while another reads the zip), at most 16 MiB of output per step whatever the
    compression ratio, and checks the size and CRC-32 the zip declares, as ``zipfile`` does.
    """
    import struct

    from zlib_ng import zlib_ng

    with open(archive, "rb") as fin, open(dest, "wb") as fout:
        fin.seek(info.header_offset)
        head = fin.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise ImportValidationError(f"{where}: bad local header (corrupt zip)")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        fin.seek(info.header_offset + 30 + name_len + extra_len)
        inflater = zlib_ng.decompressobj(-15)
        left, written, crc = info.compress_size, 0, 0
        while left > 0 or inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
            if not data:
                data = fin.read(min(left, 1 << 22))
                if not data:
                    raise ImportValidationError(f"{where}: the zip ends inside the member")
                left -= len(data)
            try:
                out = inflater.decompress(data, 1 << 24)
            except Exception as err:  # zlib_ng.error: a corrupt deflate stream
                raise ImportValidationError(f"{where}: corrupt data ({err})") from None
            written += len(out)
            if written > most:
                raise ImportValidationError(f"{where} is larger than it declares")
            crc = zlib_ng.crc32(out, crc)
            fout.write(out)
        out = inflater.flush()
        written += len(out)
        crc = zlib_ng.crc32(out, crc)
        fout.write(out)
    if written != info.file_size or written > most:
        raise ImportValidationError(
            f"{where} holds {written} bytes, not the {info.file_size} it declares (corrupt zip)"
        )
    if crc != info.CRC:
        raise ImportValidationError(f"{where}: CRC-32 mismatch (corrupt zip)")


def input_files(ctx: Context, patterns: tuple[str, ...]) -> list[tuple[str, Path]]:
    """Return (display name, local path) for each input file matching ``patterns``.

    ``ctx.path`` may be one file, a folder (searched, not recursively) or a zip (members are
    extracted one at a time into the scratch folder by :func:`iter_files`).
    """
    import fnmatch

    p = ctx.path
    if p.is_dir():
        return [
            (f.name, f)
            for f in sorted(p.iterdir())
            if f.is_file() and any(fnmatch.fnmatch(f.name, pat) for pat in patterns)
        ]
    return [(p.name, p)]


# --- importers ---------------------------------------------------------------------------------


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = int(width * done / max(total, 1))
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


def _lazy(module: str, func: str) -> Callable[[Context], list[Draft]]:
    def run(ctx: Context) -> list[Draft]:
        import importlib

        return getattr(importlib.import_module(f"gvc.importers.{module}"), func)(ctx)

    return run


IMPORTERS: dict[str, Callable[[Context], list[Draft]]] = {
    "baci": _lazy("baci", "run"),
    "comtrade": _lazy("comtrade", "run"),
    "atlas": _lazy("atlas", "run"),
    "icio": _lazy("icio", "run"),
    "wiod2016": _lazy("wiod2016", "run"),
    "national_io": _lazy("national_io", "run"),
    "bps_exim": _lazy("bps_exim", "run"),
}


# --- build hooks -------------------------------------------------------------------------------


def build_inputs() -> dict[str, object]:
    """Return what a build depends on besides the data folder: the live import manifest."""
    try:
        data = manifest.load()
    except InvalidInputError:
        return {"imports": "unreadable"}
    live = [
        {k: e[k] for k in ("dataset", "release", "path", "active_years", "tables")}
        for e in data["entries"]
    ]
    return {"imports": live, "register_version": REGISTER_VERSION} if live else {}


def _files(entry: dict[str, Any], table: str) -> list[str]:
    folder = Path(entry["path"]) / entry["tables"][table]
    out = []
    for year in entry["active_years"]:
        out += sorted(str(p) for p in folder.glob(f"year={year}/*.parquet"))
    return out


def _select(entry: dict[str, Any], table: str, columns: tuple[str, ...]) -> str | None:
    files = _files(entry, table)
    if not files:
        return None
    consts = entry.get("constants", {}).get(table, {})
    cols = []
    for c in columns:
        typ = COLUMN_TYPES[c]
        if c in consts:
            v = consts[c]
            lit = "null" if v is None else (q(v) if isinstance(v, str) else str(int(v)))
            cols.append(f"cast({lit} as {typ}) as {c}")
        else:
            cols.append(f"cast({c} as {typ}) as {c}")
    file_list = "[" + ", ".join(q(f) for f in files) + "]"
    return (
        f"select {', '.join(cols)} from read_parquet({file_list}, hive_partitioning = true,"
        " union_by_name = true)"
    )


def register_imports(con: duckdb.DuckDBPyConnection) -> None:
    """Make the imported Parquet visible in the canonical tables of a database being built.

    Large tables (``trade_flows``, ``exports``, the four ``io_*`` blocks) become views:
    ``<table>_embedded`` (the rows loaded from ``data/``) ``UNION ALL`` one ``read_parquet`` per
    live release, so a build does not copy millions of rows. The small IO metadata tables
    (``io_catalog``, ``io_regions``, ``io_sectors``) get the imported rows inserted.
    """
    try:
        entries = manifest.load()["entries"]
    except InvalidInputError as err:
        raise DatabaseError(str(err)) from err
    # the release folders this snapshot reads: its readers lease them (manifest.lease)
    con.execute("create table import_folders (path varchar)")
    if entries:
        con.execute(
            "insert into import_folders select unnest($p)", {"p": [str(e["path"]) for e in entries]}
        )
    tables = {**TRADE_COLUMNS, **IO_BLOCKS}
    for table, columns in tables.items():
        parts = [s for e in entries if table in e["tables"] if (s := _select(e, table, columns))]
        if not parts:
            continue
        con.execute(f"alter table {table} rename to {table}_embedded")
        body = " union all ".join([f"select {', '.join(columns)} from {table}_embedded", *parts])
        con.execute(f"create view {table} as {body}")
    done: set[tuple[str, str]] = set()
    for e in reversed(entries):  # the newest release of an IO table gives its regions/sectors
        for table in IO_META:
            if table not in e["tables"] or not e["active_years"]:
                continue
            if table != "io_catalog" and (table, e["dataset"]) in done:
                continue
            done.add((table, e["dataset"]))
            files = sorted(str(p) for p in (Path(e["path"]) / e["tables"][table]).glob("*.parquet"))
            if not files:
                continue
            have = {
                r[0]
                for r in con.execute(
                    "describe select * from read_parquet($f)", {"f": files}
                ).fetchall()
            }
            cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
            sel = ", ".join(c if c in have else f"null as {c}" for c in cols)
            where = "where year in (select unnest($years))" if table == "io_catalog" else ""
            params: dict[str, Any] = {"files": files}
            if where:
                params["years"] = e["active_years"]
            con.execute(
                f"insert into {table} select {sel} from read_parquet($files) {where}", params
            )


def register_datasets(con: duckdb.DuckDBPyConnection) -> None:
    """Add one ``datasets`` row per live imported release (called after the datasets table)."""
    for e in manifest.load()["entries"]:
        if not e["active_years"]:
            continue
        for table in e["tables"]:
            if table in IO_META:
                continue
            con.execute(
                "insert into datasets values ($1, $2, $3, $4, $5, $6, $7)",
                [
                    f"{e['title']} ({table})",
                    table,
                    sum(r["rows_written"] for r in e["reports"])
                    if table in TRADE_COLUMNS
                    else None,
                    _span(e["active_years"]),
                    e["coverage"],
                    e["source_note"],
                    "as published by the source; imported by the user",
                ],
            )


def _print_progress(msg: str) -> None:  # pragma: no cover - used by the CLI
    print(msg, file=sys.stderr, flush=True)
