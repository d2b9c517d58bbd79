"""Writing result tables to CSV or Excel, with spreadsheet formulas neutralised."""

from __future__ import annotations

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
    from gvc.export import write_workbook

    out = Path(path)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    all_sheets = dict(sheets)
    if columns is not None:
        all_sheets["kolom" if lang == "id" else "columns"] = columns
    return write_workbook(all_sheets, out, lang="id" if lang == "id" else "en")
