"""A national (single-region) IO table: a matrix CSV or Excel sheet plus a layout description.

The layout (JSON or TOML) names the table and says which row and column codes mean what, e.g. for
BPS Indonesia's 17-sector table::

    name = "bps_io2016_17"
    year = 2016
    region = "IDN"
    unit = "million IDR"
    source = "BPS, Tabel Input-Output Indonesia 2016, 17 lapangan usaha, transaksi domestik"
    sheet = "Tabel 1"            # Excel only; default the first sheet
    label_row = 3                # 1-based row holding the column codes
    label_col = 1                # 1-based column holding the row codes
    name_col = 2                 # optional: column holding the sector names
    sectors = "1-17"             # or a list of codes ["001", "002", ...]
    output_row = "210"           # declared totals (optional, one or both)
    output_col = "600"
    other_inputs = ["200"]       # e.g. imports, net taxes on products: in the column check only
    tolerance = 1.0              # absolute tolerance of the checks, in the table's unit

    [final_demand]               # column code -> category
    301 = "household"
    302 = "npish"
    303 = "government"
    304 = "gfcf"
    305 = "inventories"
    306 = "exports"

    [value_added]                # row code -> component
    201 = "wages"
    202 = "surplus"
    203 = "depreciation"
    204 = "net_taxes"

Codes are compared as text after trimming; numeric codes also match by value (``"001"`` = ``1``).
Every other row or column (titles, subtotals such as 190, 180, 309) is ignored.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from gvc.errors import ImportValidationError
from gvc.importers.matrix import Label, Layout, collect, run_tables

REQUIRED = ("name", "year", "region", "unit", "source", "label_row", "label_col", "sectors")


def _norm(code: object) -> str:
    s = str(code).strip()
    if re.fullmatch(r"\d+(\.0+)?", s):
        return str(int(float(s)))
    return s


def load_layout(path: Path) -> dict[str, Any]:
    """Read and check a layout description (JSON or TOML)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as err:
        raise ImportValidationError(f"layout {path.name}: cannot be parsed: {err}") from err
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ImportValidationError(f"layout {path.name}: missing key(s) {', '.join(missing)}")
    if not re.fullmatch(r"[A-Z]{3}", str(data["region"])):
        raise ImportValidationError(
            f"layout {path.name}: 'region' must be an ISO3 code such as 'IDN' "
            f"(got {data['region']!r})"
        )
    for key in ("label_row", "label_col", "name_col"):
        if key in data and (not isinstance(data[key], int) or data[key] < 1):
            raise ImportValidationError(f"layout {path.name}: {key!r} must be a positive integer")
    return data


#: The largest sector count a national layout may declare (BPS's finest table has 185).
MAX_SECTORS = 10_000


def sector_codes(spec: object, where: str) -> list[str]:
    """Return the sector codes of a layout: a list, or a numeric range ``"1-17"``."""
    if isinstance(spec, list) and spec:
        return [_norm(c) for c in spec]
    if isinstance(spec, str) and (m := re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", spec)):
        lo, hi = int(m.group(1)), int(m.group(2))
        if hi - lo + 1 > MAX_SECTORS:
            raise ImportValidationError(
                f"layout {where}: 'sectors' range {spec!r} has {hi - lo + 1:,} codes; a national "
                f"table has at most {MAX_SECTORS:,} sectors"
            )
        if lo <= hi:
            return [str(i) for i in range(lo, hi + 1)]
    raise ImportValidationError(
        f"layout {where}: 'sectors' must be a list of codes or a range such as '1-17' "
        f"(got {spec!r})"
    )


def make_layout(data: dict[str, Any], where: str) -> Layout:
    """Build the matrix :class:`Layout` of a national table."""
    region = str(data["region"])
    sectors = set(sector_codes(data["sectors"], where))
    final = {_norm(k): str(v) for k, v in data.get("final_demand", {}).items()}
    va = {_norm(k): str(v) for k, v in data.get("value_added", {}).items()}
    other = {_norm(k) for k in data.get("other_inputs", [])}
    out_row = _norm(data["output_row"]) if "output_row" in data else None
    out_col = _norm(data["output_col"]) if "output_col" in data else None
    if not final:
        raise ImportValidationError(f"layout {where}: 'final_demand' lists no columns")

    def classify_row(label: str) -> Label:
        c = _norm(label)
        if c in sectors:
            return ("sector", region, c)
        if c in va:
            return ("va", None, va[c])
        if c in other:
            return ("other", None, c)
        if out_row is not None and c == out_row:
            return ("output", None, None)
        return ("ignore", None, None)

    def classify_col(label: str) -> Label:
        c = _norm(label)
        if c in sectors:
            return ("sector", region, c)
        if c in final:
            return ("final", region, final[c])
        if out_col is not None and c == out_col:
            return ("output", None, None)
        return ("ignore", None, None)

    tol = float(data.get("tolerance", 1.0))
    return Layout(
        label_rows=[int(data["label_row"])],
        label_cols=[int(data["label_col"])],
        classify_row=classify_row,
        classify_col=classify_col,
        unit=str(data["unit"]),
        source=str(data["source"]),
        name_col=data.get("name_col"),
        tolerance_abs=tol,
        region_names={region: str(data.get("region_name", region))},
    )


def run(ctx):
    """Import one national IO table described by ``ctx.layout``."""
    if ctx.layout is None:
        raise ImportValidationError(
            "a national IO table needs a layout description (layout=..., --layout FILE)"
        )
    data = load_layout(ctx.layout)
    if "sheet" in data:
        ctx.options["sheet"] = str(data["sheet"])
    files = collect(ctx, ("*.csv", "*.xlsx", "*.xlsm"))
    if len(files) != 1:
        raise ImportValidationError(f"{ctx.path.name}: expected one table file, found {len(files)}")
    lay = make_layout(data, ctx.layout.name)
    year = int(ctx.year or data["year"])
    disp, path = files[0]
    return run_tables(
        ctx,
        "national_io",
        ctx.name or str(data["name"]),
        ctx.release or str(year),
        [(disp, path, year)],
        lambda _p: lay,
        str(data.get("title", data["name"])),
    )
