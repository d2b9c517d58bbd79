"""Writing result tables to CSV or Excel through :mod:`gvc.export` (formula-safe everywhere)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from gvc import i18n
from gvc.errors import InvalidInputError
from gvc.export import neutralise_formulas

__all__ = ["export_workbook", "neutralise_formulas"]


def export_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    lang: str = "en",
    columns: pd.DataFrame | None = None,
) -> Path:
    """Write result tables to ``path`` (.csv: the first sheet; .xlsx: every sheet + columns).

    Text cells that a spreadsheet would run as formulas are neutralised (:mod:`gvc.export`).
    """
    from gvc.export import write_workbook

    out = Path(path)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    code: Literal["en", "id"] = "id" if lang == "id" else "en"
    all_sheets = dict(sheets)
    if columns is not None:
        all_sheets[i18n.text("sheet.columns_sheet", code)] = columns
    return write_workbook(all_sheets, out, lang=code)
