"""BPS Ekspor-Impor portal tables: "Ekspor HS 2 Digit" / "Ekspor HS 8 Digit" as downloaded.

The portal (bps.go.id/id/exim) gives one sheet per download, destination country x port of loading
x month across the columns and HS code x year down the rows::

    row 1   Ekspor HS 2 Digit Tahun 2024,2023,...         (title)
    row 2   .  .  Negara     AFGHANISTAN  .             ALBANIA ...   Totals
    row 3   .  .  Pelabuhan  TANJUNG PRIOK  .  BELAWAN  ...
    row 4   .  .  Bulan      [01] Januari  [10] Oktober ...
    row 5   Kode HS  Tahun
    row 6   [84] Machinery and ...  2020  .  19308.94  ...          5204353194.81
    row 7   .                       2021  ...
    ...     Totals                                                  96934427703

Country and port names are written once per merged span (the cells to their right are empty and
belong to them); the HS label is written once per block of years. Values are FOB USD. The last
column (``Totals``) is the file's own sum of each row and the last row (``Totals``) its sum of
each column: both are checked against the cells (to within 1 USD per row / column plus 1e-9 of
the total) and a file that disagrees is refused, naming the cell.

Each non-empty value cell becomes one record (cell address, HS code, year, destination, port,
month, value) validated by :mod:`gvc.importers.validation` (unknown destination names, values
that are not finite non-negative numbers, months outside [01]-[12], malformed HS codes; with
``quarantine`` the bad cells go to the rejects file, whose ``record`` names the cell). Columns whose
destination name is empty (the portal writes one such column in some downloads) are kept out and
counted. Destination names become ISO3 with ``data/concordances/bps_destination_names_to_iso3.csv``
(the ``bps_destination_names`` table), case-insensitively.

The records land in ``trade_flows`` summed over ports and months: exporter IDN, HS chapter
(2-digit files) or HS 6-digit subheading (8-digit BTKI lines summed to their HS subheading), HS
revision HS22 from 2022 (BTKI 2022) and HS17 before (BTKI 2017), source
``bps_exim_<release>``. A year that is not complete in the file (2025 = January-October in the
real example) is imported as it stands; the report lists the months found per year.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gvc.errors import ImportValidationError
from gvc.importers.validation import Column, Report, TabularSpec, q

if TYPE_CHECKING:  # pragma: no cover
    from gvc.imports import Context, Draft

_HS = re.compile(r"^\s*\[(\d{2}|\d{8})\]")
_MONTH = re.compile(r"^\s*\[(\d{1,2})\]")
#: Per row / column, the declared total may differ from the cells' sum by this much (USD) plus
#: TOTAL_RTOL of the total (the portal rounds cells to cents; its sums agree to within 1 USD).
TOTAL_ATOL = 1.0
TOTAL_RTOL = 1e-9
HEADER_ROWS = {"Negara": 2, "Pelabuhan": 3, "Bulan": 4}


def _col_letter(i: int) -> str:
    """Return the Excel column letters of 0-based column ``i``."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _num(v: object) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, int | float):
        return float(v)
    return float(str(v).strip())


def read_sheet(path: Path) -> list[tuple[Any, ...]]:
    """Return the rows of the workbook's first sheet as tuples of cell values."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a bad workbook
        raise ImportValidationError(f"{path.name}: not a readable .xlsx workbook: {err}") from err
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def to_records(path: Path, display: str, out: Path) -> dict[str, Any]:
    """Check the layout and totals of one portal sheet and write its value cells as CSV records.

    Returns
    -------
    dict
        ``level`` (2 or 8), ``cells`` (records written), ``unnamed`` (value cells in columns
        without a destination name), ``totals`` ({(code, year): declared row total}) and
        ``months`` ({year: sorted months}).

    Raises
    ------
    ImportValidationError
        Naming the file and cell when the layout is not the portal's or a declared total
        differs from the sum of its cells.
    """
    rows = read_sheet(path)
    if len(rows) < 6:
        raise ImportValidationError(
            f"{display}: {len(rows)} rows; expected the BPS portal layout (title, Negara, "
            "Pelabuhan, Bulan and Kode HS header rows, then data rows)"
        )
    width = max(len(r) for r in rows)
    rows = [tuple(r) + (None,) * (width - len(r)) for r in rows]
    for label, rn in HEADER_ROWS.items():
        got = rows[rn - 1][2]
        if str(got or "").strip() != label:
            raise ImportValidationError(
                f"{display}: cell C{rn} should read {label!r} (BPS portal layout), found {got!r}"
            )
    if str(rows[4][0] or "").strip() != "Kode HS" or str(rows[4][1] or "").strip() != "Tahun":
        raise ImportValidationError(
            f"{display}: cells A5:B5 should read 'Kode HS', 'Tahun', found "
            f"{rows[4][0]!r}, {rows[4][1]!r}"
        )
    last = width - 1
    while last > 3 and rows[1][last] is None:
        last -= 1
    if str(rows[1][last] or "").strip() != "Totals":
        raise ImportValidationError(
            f"{display}: the last column of row 2 should read 'Totals', found {rows[1][last]!r}"
        )
    data_cols = range(3, last)
    # forward-fill the merged header spans: country (row 2), port (row 3, within a country)
    countries: list[str | None] = []
    ports: list[str | None] = []
    country: str | None = None
    port: str | None = None
    for c in data_cols:
        if rows[1][c] is not None:
            country, port = str(rows[1][c]).strip(), None
        if rows[2][c] is not None:
            port = str(rows[2][c]).strip()
        countries.append(country)
        ports.append(port)
    months = [rows[3][c] for c in data_cols]
    body = rows[5:]
    if not body or str(body[-1][0] or "").strip() != "Totals":
        raise ImportValidationError(
            f"{display}: the last row should be the 'Totals' row (A{len(rows)})"
        )
    col_total = body[-1]
    data = body[:-1]
    level: int | None = None
    code: str | None = None
    col_sums = [0.0] * len(data_cols)
    totals: dict[tuple[str, int], float] = {}
    month_sets: dict[int, set[int]] = {}
    col_bad: set[int] = set()
    cells = unnamed = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["cell", "code", "year", "destination", "port", "month", "value"])
        for i, r in enumerate(data):
            rn = 6 + i
            if r[0] is not None:
                m = _HS.match(str(r[0]))
                if not m:
                    raise ImportValidationError(
                        f"{display}: cell A{rn} should hold an HS code such as '[84] Machinery "
                        f"...', found {r[0]!r}"
                    )
                code = m.group(1)
                if level is None:
                    level = len(code)
                elif len(code) != level:
                    raise ImportValidationError(
                        f"{display}: cell A{rn} has a {len(code)}-digit code in a {level}-digit "
                        "table"
                    )
            if code is None:
                raise ImportValidationError(f"{display}: cell A{rn} is empty (no HS code above it)")
            try:
                year = int(r[1])
            except (TypeError, ValueError):
                raise ImportValidationError(
                    f"{display}: cell B{rn} should hold a year, found {r[1]!r}"
                ) from None
            row_sum = 0.0
            row_numeric = True  # a cell that is not a number is named by the validation instead
            for j, c in enumerate(data_cols):
                v = r[c]
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                addr = f"{_col_letter(c)}{rn}"
                try:
                    x = _num(v)
                except (TypeError, ValueError):
                    x = None
                if x is not None:
                    row_sum += x
                    col_sums[j] += x
                else:
                    row_numeric = False
                    col_bad.add(j)
                if countries[j] is None:
                    unnamed += 1
                    continue
                mm = _MONTH.match(str(months[j] or ""))
                w.writerow([addr, code, year, countries[j], ports[j] or "",
                            mm.group(1) if mm else str(months[j] or ""), v])
                if mm:
                    month_sets.setdefault(year, set()).add(int(mm.group(1)))
                cells += 1
            declared = r[last]
            try:
                dv = _num(declared)
            except (TypeError, ValueError):
                dv = None
            if dv is None:
                raise ImportValidationError(
                    f"{display}: cell {_col_letter(last)}{rn} (Totals) should hold the row's "
                    f"total, found {declared!r}"
                )
            if row_numeric and abs(dv - row_sum) > TOTAL_ATOL + TOTAL_RTOL * abs(dv):
                raise ImportValidationError(
                    f"{display}: row {rn} ([{code}] {year}): the cells sum to {row_sum:,.2f} USD "
                    f"but Totals ({_col_letter(last)}{rn}) says {dv:,.2f}; the file is damaged "
                    "or edited"
                )
            if (code, year) in totals:
                raise ImportValidationError(f"{display}: [{code}] {year} appears twice (row {rn})")
            totals[(code, year)] = dv
    for j, c in enumerate(data_cols):
        try:
            declared_c = _num(col_total[c])
        except (TypeError, ValueError):
            declared_c = None
        if j in col_bad or (declared_c is None and col_sums[j] == 0):
            continue
        if declared_c is None or abs(declared_c - col_sums[j]) > (
            TOTAL_ATOL + TOTAL_RTOL * abs(declared_c)
        ):
            raise ImportValidationError(
                f"{display}: column {_col_letter(c)} ({countries[j]}, {ports[j]}, {months[j]}): "
                f"the cells sum to {col_sums[j]:,.2f} USD but the Totals row "
                f"({_col_letter(c)}{len(rows)}) says {col_total[c]!r}; the file is damaged or "
                "edited"
            )
    if cells == 0:
        raise ImportValidationError(f"{display}: no value cells")
    return {
        "level": level,
        "cells": cells,
        "unnamed": unnamed,
        "totals": totals,
        "months": {y: sorted(s) for y, s in month_sets.items()},
    }


def spec(names: list[str], iso3: list[str], level: int) -> TabularSpec:
    """Return the format of the CSV records written by :func:`to_records`."""
    digits = "[0-9]{2}" if level == 2 else "[0-9]{8}"
    return TabularSpec(
        label="BPS EXIM portal table",
        columns=[
            Column("cell", ("cell",), "VARCHAR"),
            Column("code", ("code",), "VARCHAR"),
            Column("year", ("year",), "INTEGER"),
            Column("destination", ("destination",), "VARCHAR"),
            Column("port", ("port",), "VARCHAR", not_null=False),
            Column("month", ("month",), "VARCHAR"),
            Column("value", ("value",), "DOUBLE"),
        ],
        derived={
            "iso3": "map($names, $iso3)[upper(trim(destination))]",
            "month_no": "try_cast(month as integer)",
        },
        checks=[
            (
                "unknown destination name (not in bps_destination_names_to_iso3.csv)",
                "iso3 is null",
            ),
            (
                f"malformed HS code (expected {level} digits)",
                f"not regexp_full_match(code, '{digits}')",
            ),
            ("month is not [01]-[12]", "month_no is null or month_no not between 1 and 12"),
            ("year outside 1990-2100", "year not between 1990 and 2100"),
            ("negative export value", "value < 0"),
        ],
        select={
            "year": "year",
            "importer": "iso3",
            "code": "code",
            "product": "left(code, 6)" if level == 8 else "code",
            "port": "coalesce(port, '')",
            "month": "month_no",
            "value_usd": "value",
        },
        key=["year", "importer", "code", "port", "month"],
        params={"names": names, "iso3": iso3},
    )


def run(ctx: Context) -> list[Draft]:
    """Import one portal .xlsx (or a folder of them) as one release of ``bps_exim``."""
    from gvc.importers.manifest import safe_name
    from gvc.imports import Draft, _bar, input_files

    files = input_files(ctx, ("*.xlsx",))
    if not files:
        raise ImportValidationError(f"{ctx.path.name}: no .xlsx files")
    for disp, _ in files:
        if not disp.lower().endswith(".xlsx"):
            raise ImportValidationError(
                f"{disp}: expected an .xlsx workbook downloaded from the BPS EXIM portal"
            )
    lookup = "select upper(name), iso3 from bps_destination_names"
    pairs = ctx.gvc.cursor().execute(lookup).fetchall()
    names, isos = [p[0] for p in pairs], [p[1] for p in pairs]
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(files[0][0]).stem)[:48]
    release = safe_name("release", ctx.release or stem)
    staged = ctx.tmp / "staged"
    reports: list[Report] = []
    levels = set()
    for n, (disp, local) in enumerate(files, start=1):
        ctx.progress(f"{_bar(n - 1, len(files))} {disp}: reading the sheet and its totals")
        records = ctx.tmp / f"records_{n}.csv"
        info = to_records(local, disp, records)
        levels.add(info["level"])
        rep = ctx.convert(spec(names, isos, info["level"]), records, staged / f"f{n}", disp)
        if info["unnamed"]:
            rep.skipped["value cell in a column without a destination name"] = info["unnamed"]
            rep.rows_read += info["unnamed"]
        for year, months in sorted(info["months"].items()):
            if months != list(range(1, 13)):
                rep.warnings.append(f"{year}: months {months[0]}-{months[-1]} only ({len(months)})")
        records.unlink(missing_ok=True)
        reports.append(rep)
        ctx.progress(f"{_bar(n, len(files))} {disp}: {rep.rows_written:,} cells")
    if len(levels) > 1:
        raise ImportValidationError(
            f"{ctx.path.name}: mixes 2-digit and 8-digit tables; import them separately"
        )
    level = levels.pop()
    glob = str(staged / "*" / "**" / "*.parquet")
    if not list(staged.glob("*/**/*.parquet")):
        raise ImportValidationError(f"{ctx.path.name}: no value cells to import")
    dups = ctx.duck.execute(
        "select count(*) from (select year, importer, code, port, month"
        " from read_parquet($g, hive_partitioning = true) group by all having count(*) > 1)",
        {"g": glob},
    ).fetchone()
    if dups and dups[0]:
        raise ImportValidationError(
            f"{ctx.path.name}: {dups[0]} destination x port x month x code cells appear more than "
            "once (in one file or across files); import the files as separate releases"
        )
    dataset = "bps_exim"
    out = ctx.tmp / dataset / "trade_flows"
    out.mkdir(parents=True)
    src = f"{dataset}_{release}"
    out_level = 2 if level == 2 else 6
    ctx.duck.execute(
        f"""copy (
        select {q(src)} as source, year, 'IDN' as exporter, importer,
               case when year >= 2022 then 'HS22' else 'HS17' end as hs_revision,
               cast({out_level} as tinyint) as level, product, sum(value_usd) as value_usd
        from read_parquet({q(glob)}, hive_partitioning = true)
        group by year, importer, product
        ) to {q(str(out))} (format parquet, partition_by (year), filename_pattern 'part_{{uuid}}')
        """
    )
    years = sorted({int(p.name.split("=")[1]) for p in out.glob("year=*")})
    grain = "HS chapter" if level == 2 else "HS 6-digit (BTKI 8-digit lines summed)"
    return [
        Draft(
            dataset=dataset,
            release=release,
            kind="bps_exim",
            tables={"trade_flows": "trade_flows"},
            years=years,
            constants={"trade_flows": {"quantity": None, "quantity_unit": None}},
            title=f"BPS EXIM {release}",
            coverage=f"IDN exports by {grain} x destination (summed over ports and months)",
            source_note="BPS Ekspor-Impor portal (cite BPS)",
            reports=reports,
            folder=ctx.tmp / dataset,
        )
    ]
