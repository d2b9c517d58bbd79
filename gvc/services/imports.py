"""The import service: ``con.import_file`` (convert, validate, commit, rebuild) and ``con.imports``.

The importers, the manifest and the build hooks are :mod:`gvc.imports` and :mod:`gvc.importers`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd

from gvc import build as build_mod
from gvc import config, validate
from gvc.errors import ImportValidationError, InvalidInputError
from gvc.importers import manifest
from gvc.imports import (
    IMPORTERS,
    KINDS,
    Context,
    _merge,
    _scratch_duckdb,
    embedded_sources,
)
from gvc.services.store import Store

ImportKind = Literal["baci", "comtrade", "atlas", "icio", "wiod2016", "national_io", "bps_exim"]


def year_span(years: list[int]) -> str:
    """Return the span of years the way the catalogue writes it ('' when empty)."""
    from gvc.catalog import year_span as span

    return span(sorted(years)) if years else ""


class ImportService:
    """Importing full public datasets into gvc (see ``docs/importers.md``).

    Parameters
    ----------
    store : Store
        The snapshot being imported into (its file is rebuilt; the store keeps reading the old
        snapshot).
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def import_file(
        self,
        kind: ImportKind,
        path: str | Path,
        *,
        release: str | None = None,
        quarantine: bool = False,
        replace: bool = False,
        layout: str | Path | None = None,
        year: int | None = None,
        name: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> dict[str, Any]:
        """Import a public dataset file (or release zip / folder) and rebuild the database.

        Parameters
        ----------
        kind : {"baci", "comtrade", "atlas", "icio", "wiod2016", "national_io"}
            The format.
        path : str or Path
            The file, folder or zip.
        release : str, optional
            The release label (e.g. ``V202301``); taken from the file names when they carry it.
        quarantine : bool
            Land the good rows and write rejected rows to a rejects file (default: reject the file).
        replace : bool
            Let this release replace another release of the same dataset for the years both cover.
        layout : str or Path, optional
            The layout description (JSON or TOML) of a national IO table.
        year : int, optional
            The year of an IO table when the file name does not carry it.
        name : str, optional
            The ``io_table`` name for IO imports.
        progress : callable, optional
            Called with one line of text per step (the CLI prints it on stderr).

        Returns
        -------
        dict
            ``entries`` (dataset, release, tables, years, path), ``reports`` (per file: rows read,
            written, skipped and rejected by reason, rejects file) and ``fingerprint``. Open the
            new snapshot with :meth:`Gvc.reopen`; this object keeps reading the old one.
        """
        fmt = validate.choice("kind", kind, KINDS)
        for pname, value in (("path", path), ("layout", layout)):
            if value is not None and "\x00" in str(value):
                raise InvalidInputError(f"'{pname}' must be a file path (got a NUL character)")
        src = Path(path).expanduser()
        if not src.exists():
            raise InvalidInputError(f"'path': {str(src)!r} does not exist")
        src = src.resolve()
        rel = None if release is None else manifest.safe_name("release", release)
        lay = None if layout is None else Path(layout).expanduser().resolve()
        if lay is not None and not lay.is_file():
            raise InvalidInputError(f"'layout': {str(lay)!r} is not a file")
        say = progress or (lambda _msg: None)
        with manifest.lock():
            old = manifest.load()
            manifest.collect_garbage(old)
            tmp = manifest.new_tmp_dir()
            duck = _scratch_duckdb(tmp)
            try:
                ctx = Context(
                    self.store, duck, src, tmp, rel, bool(quarantine), lay, year, name, say
                )
                try:
                    drafts = IMPORTERS[fmt](ctx)
                except (zipfile.BadZipFile, zlib.error, EOFError) as err:
                    # a truncated archive, or a member whose data or CRC is damaged
                    raise ImportValidationError(
                        f"{src.name}: not a readable zip archive ({str(err)[:200]}); download "
                        "the file again"
                    ) from err
                duck.close()
                taken = embedded_sources(self.store)
                for d in drafts:  # both become folder names
                    manifest.safe_name("dataset", d.dataset)
                    manifest.safe_name("release", d.release)
                    # (not `src`: that name is the input path, used in the error below)
                    for label in (f"{d.dataset}_{d.release}", f"{d.dataset}_{d.release}_mirror"):
                        if label in taken:
                            raise InvalidInputError(
                                f"source name {label!r} is used by the embedded data; choose "
                                "another release label (release=..., --release)"
                            )
                new = _merge(old, drafts, replace)
                landed: set[str] = set()
                for d in drafts:
                    dest = config.imports_dir() / d.dataset / f"{d.release}-{uuid.uuid4().hex[:8]}"
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    rejects = tmp / "rejects"
                    if rejects.is_dir() and d is drafts[0]:
                        os.replace(rejects, d.folder / "rejects")  # type: ignore[operator]
                    os.replace(d.folder, dest)  # type: ignore[arg-type]
                    landed.add(str(dest))
                    for e in new["entries"]:
                        if (e["dataset"], e["release"], e["path"]) == (d.dataset, d.release, ""):
                            e["path"] = str(dest)
                            for r in e["reports"]:
                                if r.get("rejects_file"):
                                    r["rejects_file"] = str(
                                        dest / "rejects" / Path(r["rejects_file"]).name
                                    )
                say("committing the manifest and rebuilding the database")
                manifest.save(new)
                try:
                    result = build_mod.build(self.store.path, self.store.data_dir)
                except BaseException:
                    manifest.save(old)
                    raise
            except duckdb.Error as err:
                raise ImportValidationError(f"{src.name}: import failed: {err}") from err
            finally:
                with contextlib.suppress(duckdb.Error):
                    duck.close()
                shutil.rmtree(tmp, ignore_errors=True)
            manifest.collect_garbage(new)
        entries = [e for e in new["entries"] if e["path"] in landed]
        return {
            "entries": entries,
            "reports": [r for e in entries for r in e["reports"]],
            "fingerprint": result["fingerprint"],
        }

    def imports(self) -> pd.DataFrame:
        """List imported releases (dataset, release, kind, tables, years, rows, path)."""
        rows = []
        for e in manifest.load()["entries"]:
            rows.append(
                {
                    "dataset": e["dataset"],
                    "release": e["release"],
                    "kind": e["kind"],
                    "tables": ", ".join(sorted(e["tables"])),
                    "years": year_span(e["years"]),
                    "active_years": year_span(e["active_years"]),
                    "rows": sum(r["rows_written"] for r in e["reports"]),
                    "rejected": sum(sum(r["rejected"].values()) for r in e["reports"]),
                    "imported_at": e["imported_at"],
                    "path": e["path"],
                }
            )
        cols = [
            "dataset",
            "release",
            "kind",
            "tables",
            "years",
            "active_years",
            "rows",
            "rejected",
            "imported_at",
            "path",
        ]
        return pd.DataFrame(rows, columns=cols)

    def convert_hs(
        self,
        frame: pd.DataFrame,
        to: Literal["HS92", "HS17"] = "HS92",
        weights: Literal["equal", "trade"] = "equal",
        code_column: str = "product",
        revision_column: str = "hs_revision",
        value_columns: tuple[str, ...] | None = None,
    ) -> pd.DataFrame:
        """Convert HS6 trade values to another HS revision (see :mod:`gvc.importers.hsconvert`)."""
        from gvc.importers import hsconvert

        return hsconvert.convert_hs(
            self.store, frame, to=to, weights=weights, code_column=code_column,
            revision_column=revision_column, value_columns=value_columns,
        )
