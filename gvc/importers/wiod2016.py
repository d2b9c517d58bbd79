"""WIOD 2016 release: World Input-Output Tables (WIOT), 43 countries + RoW, 56 industries.

The WIOT sheet (``WIOT2014_Nov16_ROW``, saved as .xlsx or CSV; .xlsb must be re-saved first) has a
header block whose rows hold the industry codes (``A01`` ... ``U``, then the final-demand codes
``CONS_h``, ``CONS_np``, ``CONS_g``, ``GFCF``, ``INVEN`` and ``GO``/``TOT`` for output) and the
country codes; the first columns hold, per row, the industry code and the country. The bottom
rows are ``II_fob`` (a subtotal, ignored), ``TXSP``, ``EXP_adj``, ``PURR``, ``PURNR``, ``IntTTM``
(other inputs, in the column check), ``VA`` (value added) and ``GO`` (gross output). The rows and
columns holding these labels are found by looking for those codes, so a few title rows more or less
do not matter. Values in million USD.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from gvc.errors import ImportValidationError
from gvc.importers.matrix import Label, Layout, collect, run_tables, year_from_name

FINAL = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
OTHER = ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM")
_CTRY = re.compile(r"^[A-Z]{3}$")


def classify_row(label: str) -> Label:
    """Classify a WIOT row label ``country|code``."""
    country, _, code = label.partition("|")
    if code == "VA":
        return ("va", None, "VA")
    if code == "GO":
        return ("output", None, None)
    if code in OTHER:
        return ("other", None, code)
    if code == "II_fob" or not code or not _CTRY.match(country) or country == "TOT":
        return ("ignore", None, None)
    return ("sector", country, code)


def classify_col(label: str) -> Label:
    """Classify a WIOT column label ``country|code``."""
    country, _, code = label.partition("|")
    if code in ("GO", "TOT") or country == "TOT":
        return ("output", None, None)
    if not _CTRY.match(country) or not code:
        return ("ignore", None, None)
    if code in FINAL:
        return ("final", country, code)
    return ("sector", country, code)


def detect(path: Path) -> Layout:
    """Find the code and country header rows and label columns of a WIOT sheet."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        head = [r for _, r in zip(range(12), csv.reader(fh), strict=False)]
    code_row = next((i for i, r in enumerate(head) if "CONS_h" in r), None)
    ctry_row = next(
        (i for i, r in enumerate(head) if sum(1 for v in r if _CTRY.match(v.strip())) >= 10), None
    )
    if code_row is None or ctry_row is None:
        raise ImportValidationError(
            f"{path.name}: not a WIOT sheet (no header row with CONS_h and country codes)"
        )
    with open(path, encoding="utf-8-sig", newline="") as fh:
        firsts = [r[:6] for r in csv.reader(fh)]
    body = firsts[max(code_row, ctry_row) + 1 :]
    code_col = next(
        (j for j in range(6) if any(len(r) > j and r[j].strip() == "VA" for r in body)), None
    )
    ctry_col = max(
        range(6), key=lambda j: sum(1 for r in body if len(r) > j and _CTRY.match(r[j].strip()))
    )
    if code_col is None:
        raise ImportValidationError(f"{path.name}: no 'VA' row label in the first columns")
    return Layout(
        label_rows=[ctry_row + 1, code_row + 1],
        label_cols=[ctry_col + 1, code_col + 1],
        classify_row=classify_row,
        classify_col=classify_col,
        name_col=None,
        unit="million USD (current prices)",
        source="WIOD 2016 release (Timmer et al. 2016), free with citation",
        region_names={"ROW": "Rest of the world"},
    )


def run(ctx):
    """Import one WIOT year (xlsx or csv), or a folder/zip of them."""
    files = collect(ctx, ("WIOT*.csv", "WIOT*.xlsx", "*.csv", "*.xlsx"))
    release = ctx.release or "2016"
    items = [(d, p, year_from_name(d, ctx.year if len(files) == 1 else None)) for d, p in files]
    return run_tables(
        ctx, "wiod2016", ctx.name or "wiod2016", release, items, detect, "WIOD 2016 release"
    )
