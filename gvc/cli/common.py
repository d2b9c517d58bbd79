"""Helpers shared by the CLI subcommands: writing result files, printing tables."""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path

import pandas as pd

from gvc.errors import InvalidInputError

OUTPUT_SUFFIXES = (".csv", ".parquet", ".xlsx", ".json")


def write_frame(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV, Parquet, Excel or JSON, chosen by the file's suffix.

    The file is written under a temporary name and renamed, so a failed write never leaves a
    half-written result. Text cells that a spreadsheet would run as a formula are neutralised in
    CSV and Excel output (see :func:`neutralise_formulas`).
    """
    out = check_out(path)
    suffix = out.suffix.lower()
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if suffix == ".csv":
            # quote every text cell, so a carriage return inside one cannot start a new row
            neutralise_formulas(df).to_csv(tmp, index=False, quoting=csv.QUOTE_NONNUMERIC)
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif suffix == ".xlsx":
            neutralise_formulas(df).to_excel(tmp, index=False, engine="openpyxl")
        else:
            df.to_json(tmp, orient="records", indent=1)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def check_out(path: str | Path) -> Path:
    """Return ``path`` as a Path if it names a writable result file (.csv .parquet .xlsx .json)."""
    out = Path(path)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InvalidInputError(
            f"'--out' must end in one of {', '.join(OUTPUT_SUFFIXES)} (got {str(path)!r})"
        )
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that start with = + - @ tab or CR with an apostrophe (CSV injection).

    Numbers are left alone (a negative number is not text). Returns a copy.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.StringDtype):  # text only: vectorised
            risky = s.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = s.where(~risky, "'" + s)
        elif s.dtype == object:  # mixed values: only the strings are touched
            out[col] = s.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    safe_cols = [
        "'" + c if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    out.columns = safe_cols
    return out


def print_frame(df: pd.DataFrame, max_rows: int = 40) -> None:
    """Print a frame as a plain table for the terminal."""
    with pd.option_context("display.max_rows", max_rows, "display.max_columns", 20,
                           "display.width", 160, "display.max_colwidth", 60):
        print(df.to_string(index=False, max_rows=max_rows))
