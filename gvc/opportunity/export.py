"""Writing result tables to CSV or Excel, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from gvc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    pass

#: Text that a spreadsheet would run as a formula when it starts a cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that start with = + - @ tab or CR with an apostrophe (CSV injection).

    Numbers are left alone (a negative number is not text). Returns a copy. (The same rule as
    ``gvc.cli.common.neutralise_formulas``, kept here so that the library does not import the
    command line.)
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
    out.columns = [
        "'" + c if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    return out


def export_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    lang: str = "en",
    columns: pd.DataFrame | None = None,
) -> Path:
    """Write result tables to ``path`` (.csv: the first sheet; .xlsx: every sheet + columns).

    Text cells that a spreadsheet would run as formulas are neutralised
    (:func:`neutralise_formulas`).
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if suffix == ".csv":
            first = next(iter(sheets.values()))
            # quote every text cell: a carriage return inside a cell must not split the row
            neutralise_formulas(first).to_csv(tmp, index=False, quoting=csv.QUOTE_NONNUMERIC)
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                for name, frame in sheets.items():
                    neutralise_formulas(frame).to_excel(xl, sheet_name=name[:31], index=False)
                if columns is not None:
                    neutralise_formulas(columns).to_excel(
                        xl, sheet_name="kolom" if lang == "id" else "columns", index=False
                    )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
