"""OECD Inter-Country Input-Output tables (2023 edition and later), one CSV per year.

Row labels (first column) are ``<region>_<industry>`` (e.g. ``AUS_A01_02``, ``CN1_C26``), then
``TLS`` (taxes less subsidies on intermediate and final products), ``VA`` (value added) and
``OUT`` (output). Column labels are the same ``<region>_<industry>``, then the final-demand columns
``<region>_<HFCE|NPISH|GGFC|GFCF|INVNT|DPABR|NONRES>`` and ``OUT``. Values in million USD.
``VA`` lands in ``io_value_added`` (component ``VA``); ``TLS`` enters the column check only.
"""

from __future__ import annotations

import re

from gvc.importers.matrix import Label, Layout, collect, run_tables, year_from_name

FINAL = ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "NONRES", "NPS")
_LABEL = re.compile(r"^([A-Z0-9]{3})_(.+)$")


def classify_row(label: str) -> Label:
    """Classify an ICIO row label."""
    u = label.strip()
    if u in ("VA", "VALU"):
        return ("va", None, "VA")
    if u in ("TLS", "TAXSUB"):
        return ("other", None, "TLS")
    if u in ("OUT", "OUTPUT"):
        return ("output", None, None)
    m = _LABEL.match(u)
    return ("sector", m.group(1), m.group(2)) if m else ("ignore", None, None)


def classify_col(label: str) -> Label:
    """Classify an ICIO column label."""
    u = label.strip()
    if u in ("OUT", "OUTPUT", "TOTAL"):
        return ("output", None, None)
    m = _LABEL.match(u)
    if not m:
        return ("ignore", None, None)
    if m.group(2) in FINAL:
        return ("final", m.group(1), m.group(2))
    return ("sector", m.group(1), m.group(2))


def layout() -> Layout:
    """Return the ICIO layout."""
    return Layout(
        label_rows=[1],
        label_cols=[1],
        classify_row=classify_row,
        classify_col=classify_col,
        unit="million USD (current prices)",
        source="OECD Inter-Country Input-Output tables (OECD terms)",
        region_names={"ROW": "Rest of the world"},
    )


def run(ctx):
    """Import one ICIO year CSV, or a folder/zip of them."""
    files = collect(ctx, ("*.csv", "*.CSV"))
    release = ctx.release or "2023"
    name = ctx.name or f"icio{release}"
    items = [(d, p, year_from_name(d, ctx.year if len(files) == 1 else None)) for d, p in files]
    return run_tables(
        ctx, "icio", name, release, items, lambda _p: layout(), f"OECD ICIO {release}"
    )
