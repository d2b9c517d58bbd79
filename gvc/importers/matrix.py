"""Input-output tables published as one matrix per year (OECD ICIO, WIOD WIOT, national tables).

A matrix file is read by DuckDB with every cell as text and positional column names ``c0, c1,
...`` and a record number. Only the label rows and label columns (a few thousand cells) are
fetched to Python, where a :class:`Layout` classifies each row (sector of a region, value-added
component, other input such as taxes or imports, gross output, or ignored subtotal) and each column
(sector of a region, final-demand category of a region, gross output, or ignored). The data cells
are then ``UNPIVOT``-ed, converted and joined with those two small maps in SQL, giving the
canonical long tables ``io_intermediate``, ``io_final``, ``io_value_added`` and ``io_output``.

Checks (all in SQL): every data cell is a number (empty and ``-`` read as 0, as statistical offices
print zeros); no sector appears twice; and the declared totals hold within the tolerance:
for every sector row, intermediate + final use = the output column; for every sector column,
intermediate inputs + value added + other inputs = the output row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gvc.errors import ImportValidationError
from gvc.importers.validation import Report, q

#: (kind, region, key): kind in sector | final | va | other | output | ignore.
Label = tuple[str, str | None, str | None]


@dataclass
class Layout:
    """Where the labels are and what each label means (see ``docs/importers.md``)."""

    label_rows: list[int]  # 1-based rows whose cells label the columns (joined by '|')
    label_cols: list[int]  # 1-based columns whose cells label the rows (joined by '|')
    classify_row: Callable[[str], Label]
    classify_col: Callable[[str], Label]
    unit: str
    source: str
    region_names: dict[str, str] = field(default_factory=dict)
    sector_names: dict[str, str] = field(default_factory=dict)
    name_col: int | None = None  # 1-based column holding sector names (optional)
    tolerance_rel: float = 1e-3
    tolerance_abs: float = 1.0


def excel_to_csv(path: Path, out: Path, sheet: str | None) -> Path:
    """Write one sheet of an .xlsx workbook as CSV (streaming, read-only mode)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a bad workbook
        raise ImportValidationError(f"{path.name}: not a readable .xlsx workbook: {err}") from err
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ImportValidationError(
                f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})"
            )
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        with open(out, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            for row in ws.iter_rows(values_only=True):
                w.writerow(
                    [
                        ""
                        if v is None
                        else (
                            str(int(v))
                            if isinstance(v, float) and v.is_integer() and abs(v) < 1e15
                            else str(v)
                        )
                        for v in row
                    ]
                )
    finally:
        wb.close()
    return out


def _width(path: Path, delim: str, display: str) -> int:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter=delim)
            widths = [len(r) for _, r in zip(range(50), rows, strict=False)]
    except UnicodeDecodeError as err:
        raise ImportValidationError(
            f"{display}: not a UTF-8 text table (byte {err.start}: {err.reason}); save it as "
            "UTF-8 CSV"
        ) from err
    except csv.Error as err:
        raise ImportValidationError(f"{display}: cannot be read as CSV: {err}") from err
    if not widths:
        raise ImportValidationError(f"{display}: the file is empty")
    return max(widths)


def read_matrix(
    duck: duckdb.DuckDBPyConnection,
    path: Path,
    layout: Layout,
    io_table: str,
    year: int,
    out: Path,
    quarantine: bool,
    display: str,
    delim: str = ",",
) -> tuple[Report, dict[str, Any]]:
    """Convert one matrix file into the canonical IO blocks under ``out/<table>/year=<year>/``.

    Returns
    -------
    tuple
        The :class:`Report` and ``meta``: regions and sectors in order (for ``io_regions`` /
        ``io_sectors``), the number of regions and sectors.
    """
    n = _width(path, delim, display)
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n))
    threads = duck.execute("select current_setting('threads')").fetchone()[0]  # type: ignore[index]
    duck.execute("set threads = 1")  # keeps record numbers in file order
    try:
        duck.execute(
            f"""create or replace temp table _m as
            select row_number() over () as rn, * from read_csv($p, header = false,
                auto_detect = false, delim = {q(delim)}, quote = '"', escape = '"',
                null_padding = true, columns = {{{cols}}})""",
            {"p": str(path)},
        )
    except duckdb.Error as err:
        raise ImportValidationError(f"{display}: cannot be read as CSV: {err}") from err
    finally:
        duck.execute(f"set threads = {int(threads)}")
    report = Report(file=display)
    # --- labels (small: one value per row and per column) -----------------------------------
    lab_cols = [f"c{c - 1}" for c in layout.label_cols]
    name_sql = f", c{layout.name_col - 1}" if layout.name_col else ", null"
    labels = ", ".join("trim(coalesce(" + c + ", ''))" for c in lab_cols)
    row_labels = duck.execute(
        f"select rn, concat_ws('|', {labels}){name_sql} from _m order by rn"
    ).fetchall()
    wanted = ", ".join(str(r) for r in layout.label_rows)
    hdr = duck.execute(
        f"select * exclude (rn) from _m where rn in ({wanted}) order by rn"
    ).fetchall()
    order = {r: i for i, r in enumerate(sorted(layout.label_rows))}
    col_labels = [
        "|".join((hdr[order[r]][i] or "").strip() for r in layout.label_rows) for i in range(n)
    ]
    rows = []
    for rn, label, name in row_labels:
        kind, region, key = layout.classify_row(label)
        if kind != "ignore":
            rows.append((rn, kind, region, key, label, name))
    colmap = []
    for i, label in enumerate(col_labels):
        if i + 1 in layout.label_cols:
            continue
        kind, region, key = layout.classify_col(label)
        if kind != "ignore":
            colmap.append((f"c{i}", kind, region, key, label))
    rdf = pd.DataFrame(rows, columns=["rn", "kind", "region", "key", "label", "name"])
    cdf = pd.DataFrame(colmap, columns=["col", "kind", "region", "key", "label"])
    _check_labels(rdf, cdf, display)
    duck.register("_rows_df", rdf)
    duck.register("_cols_df", cdf)
    duck.execute("create or replace temp table _rows as select * from _rows_df")
    duck.execute("create or replace temp table _cols as select * from _cols_df")
    duck.unregister("_rows_df")
    duck.unregister("_cols_df")
    # --- cells ------------------------------------------------------------------------------
    data_cols = ", ".join(cdf["col"].tolist())
    duck.execute(
        f"""create or replace temp table _cells as
        with u as (
            unpivot (select rn, {data_cols} from _m where rn in (select rn from _rows))
            on {data_cols} into name col value raw
        )
        select u.rn, u.col, trim(u.raw) as raw,
               case when trim(u.raw) in ('', '-') then 0.0
                    else try_cast(replace(trim(u.raw), ' ', '') as double) end as value
        from u"""
    )
    # A declared output row cut short (a truncated file) would be padded with NULLs and its
    # totals silently lost: refuse when its last sector columns are all missing.
    last_sector = max((int(c[1:]) for c in cdf.loc[cdf["kind"] == "sector", "col"]), default=-1)
    for rn, label in rdf.loc[rdf["kind"] == "output", ["rn", "label"]].itertuples(index=False):
        filled = duck.execute(
            "select max(cast(substr(col, 2) as integer)) from _cells where rn = $rn"
            " and raw is not null and raw <> ''", {"rn": int(rn)}
        ).fetchone()[0]  # type: ignore[index]
        if filled is None or filled < last_sector:
            raise ImportValidationError(
                f"{display}: line {rn}: the output row {label!r} ends before the last sector "
                "column; the file looks truncated, nothing imported"
            )
    # unpivot drops NULL cells (empty fields): those are zeros by definition.
    bad = duck.execute(
        """select c.rn, r.label, k.label, c.raw from _cells c join _rows r using (rn)
           join _cols k using (col) where c.value is null order by c.rn, k.label"""
    ).fetchall()
    if bad:
        report.rejected = {"cell is not a number": len(bad)}
        sample = "; ".join(f"line {rn} ({rl} x {cl}): {raw!r}" for rn, rl, cl, raw in bad[:5])
        if not quarantine:
            raise ImportValidationError(
                f"{display}: {len(bad)} data cell(s) are not numbers, nothing imported: {sample}"
            )
        report.warnings.append(f"{len(bad)} non-numeric cells read as 0: {sample}")
        duck.execute("update _cells set value = 0 where value is null")
    duck.execute(
        """create or replace temp table _long as
        select r.kind as rkind, r.region as rregion, r.key as rkey, r.label as rlabel,
               k.kind as ckind, k.region as cregion, k.key as ckey, k.label as clabel, c.value
        from _cells c join _rows r using (rn) join _cols k using (col)"""
    )
    _check_totals(duck, layout, display, quarantine, report)
    params = {"t": io_table}
    blocks = {
        "io_intermediate": """select $t as io_table, rregion as from_region, rkey as from_sector,
            cregion as to_region, ckey as to_sector, value from _long
            where rkind = 'sector' and ckind = 'sector' and value <> 0""",
        "io_final": """select $t as io_table, rregion as from_region, rkey as from_sector,
            cregion as to_region, ckey as category, value from _long
            where rkind = 'sector' and ckind = 'final' and value <> 0""",
        "io_value_added": """select $t as io_table, cregion as region, ckey as sector,
            rkey as component, value from _long where rkind = 'va' and ckind = 'sector'""",
        "io_output": _output_sql(duck),
    }
    written = 0
    for table, sql in blocks.items():
        folder = out / table / f"year={int(year)}"
        folder.mkdir(parents=True, exist_ok=True)
        written += duck.execute(
            f"copy ({sql}) to {q(str(folder / f'part_{display_key(display)}.parquet'))}"
            " (format parquet, compression zstd)",
            params,
        ).fetchone()[0]  # type: ignore[index]
    report.rows_read = len(row_labels)
    report.rows_written = int(written)
    regions, sectors = _order(rdf, cdf)
    meta = {
        "regions": regions,
        "sectors": sectors,
        "names": {
            s: n
            for s, n in zip(rdf["key"], rdf["name"], strict=True)
            if n is not None and isinstance(n, str)
        },
    }
    for t in ("_m", "_cells", "_long", "_rows", "_cols"):
        duck.execute(f"drop table if exists {t}")
    return report, meta


def display_key(display: str) -> str:
    """Return a file-name-safe key for a display name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", display)[:60]


def _output_sql(duck: duckdb.DuckDBPyConnection) -> str:
    has_col = duck.execute(
        "select count(*) from _long where ckind = 'output'"
    ).fetchone()[0]  # type: ignore[index]
    if has_col:
        return """select $t as io_table, rregion as region, rkey as sector, value from _long
                  where rkind = 'sector' and ckind = 'output'"""
    return """select $t as io_table, cregion as region, ckey as sector, value from _long
              where rkind = 'output' and ckind = 'sector'"""


def _check_labels(rdf: pd.DataFrame, cdf: pd.DataFrame, display: str) -> None:
    rs = rdf[rdf["kind"] == "sector"]
    cs = cdf[cdf["kind"] == "sector"]
    if rs.empty or cs.empty:
        raise ImportValidationError(
            f"{display}: no sector rows or columns found with this layout "
            f"(rows: {len(rs)}, columns: {len(cs)})"
        )
    for what, df in (("row", rs), ("column", cs)):
        dup = df[df.duplicated(["region", "key"], keep=False)]
        if not dup.empty:
            raise ImportValidationError(
                f"{display}: sector {what}s appear twice: {sorted(set(dup['label']))[:5]}"
            )
    rset = set(zip(rs["region"], rs["key"], strict=True))
    cset = set(zip(cs["region"], cs["key"], strict=True))
    if rset != cset:
        only_r = sorted(rset - cset)[:5]
        only_c = sorted(cset - rset)[:5]
        raise ImportValidationError(
            f"{display}: sector rows and columns differ (rows only: {only_r}; "
            f"columns only: {only_c})"
        )


def _check_totals(
    duck: duckdb.DuckDBPyConnection, layout: Layout, display: str, quarantine: bool, report: Report
) -> None:
    """Compare row and column sums with the declared output (row and/or column)."""
    tol = {"rel": layout.tolerance_rel, "abs": layout.tolerance_abs}
    problems = duck.execute(
        """
        with by_row as (
            select rlabel as label, 'row sum (intermediate + final use)' as what,
                   sum(value) filter (where ckind in ('sector', 'final')) as parts,
                   sum(value) filter (where ckind = 'output') as declared
            from _long where rkind = 'sector' group by all
        ), by_col as (
            select clabel, 'column sum (inputs + value added + other inputs)',
                   sum(value) filter (where rkind in ('sector', 'va', 'other')),
                   sum(value) filter (where rkind = 'output')
            from _long where ckind = 'sector' group by all
        ), both_ as (select * from by_row union all select * from by_col)
        select label, what, parts, declared from both_
        where declared is not null
          and abs(parts - declared) > greatest($rel * abs(declared), $abs)
        order by abs(parts - declared) desc
        """,
        tol,
    ).fetchall()
    if not problems:
        return
    sample = "; ".join(
        f"{lab}: {what} {p:,.3f} vs declared {d:,.3f}" for lab, what, p, d in problems[:5]
    )
    msg = f"{len(problems)} declared total(s) disagree with the sum of their parts: {sample}"
    if not quarantine:
        raise ImportValidationError(f"{display}: {msg}; nothing imported")
    report.rejected["declared total differs from the sum of its parts"] = len(problems)
    report.warnings.append(msg)


def _order(rdf: pd.DataFrame, cdf: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Return regions and sectors in the order of the sector rows."""
    rs = rdf[rdf["kind"] == "sector"]
    regions = list(dict.fromkeys(rs["region"]))
    sectors = list(dict.fromkeys(rs["key"]))
    del cdf
    return regions, sectors


def write_meta(
    duck: duckdb.DuckDBPyConnection,
    out: Path,
    io_table: str,
    years: list[int],
    meta: dict[str, Any],
    layout: Layout,
) -> None:
    """Write io_catalog, io_regions and io_sectors rows for ``io_table`` as Parquet."""
    for sub in ("io_catalog", "io_regions", "io_sectors"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    regions, sectors = meta["regions"], meta["sectors"]
    cat = pd.DataFrame(
        {
            "io_table": io_table,
            "year": [int(y) for y in years],
            "n_regions": len(regions),
            "n_sectors": len(sectors),
            "unit": layout.unit,
            "source": layout.source,
        }
    )
    reg = pd.DataFrame(
        {
            "io_table": io_table,
            "region": regions,
            "position": list(range(1, len(regions) + 1)),
            "name": [layout.region_names.get(r, r) for r in regions],
        }
    )
    names = {**meta.get("names", {}), **layout.sector_names}
    sec = pd.DataFrame(
        {
            "io_table": io_table,
            "sector": sectors,
            "position": list(range(1, len(sectors) + 1)),
            "code": sectors,
            "name": [names.get(s, s) for s in sectors],
        }
    )
    for sub, df in (("io_catalog", cat), ("io_regions", reg), ("io_sectors", sec)):
        duck.register("_meta_df", df)
        duck.execute(
            f"copy (select * from _meta_df) to {q(str(out / sub / 'part.parquet'))}"
            " (format parquet)"
        )
        duck.unregister("_meta_df")


def run_tables(
    ctx: Any,
    kind: str,
    io_table: str,
    release: str,
    files: list[tuple[str, Path, int]],
    layout_for: Callable[[Path], Layout],
    title: str,
) -> list[Any]:
    """Convert each (display name, CSV path, year) and return one Draft for ``io_table``."""
    from gvc.importers.manifest import safe_name
    from gvc.imports import Draft, _bar

    io_table = safe_name("name", io_table).lower()
    embedded = {
        r[0]
        for r in ctx.gvc.cursor().execute("select distinct io_table from io_catalog").fetchall()
    }
    from gvc.importers import manifest

    imported = {e["dataset"] for e in manifest.load()["entries"]}
    if io_table in embedded - imported:
        raise ImportValidationError(
            f"IO table name {io_table!r} is taken by the embedded data; choose another (--name)"
        )
    years = [y for _, _, y in files]
    if len(set(years)) != len(years):
        raise ImportValidationError(f"{ctx.path.name}: two files for the same year {years}")
    out = ctx.tmp / io_table
    reports = []
    first_meta: dict[str, Any] | None = None
    layout = None
    for n, (disp, path, year) in enumerate(files, start=1):
        ctx.progress(f"{_bar(n - 1, len(files))} {disp}: reading the {year} matrix")
        try:
            layout = layout_for(path)
        except UnicodeDecodeError as err:
            raise ImportValidationError(f"{disp}: not a UTF-8 text table ({err.reason})") from err
        except ImportValidationError as err:  # name the user's file, not a converted sheet
            msg = str(err)
            if msg.startswith(path.name) and path.name != disp:
                msg = disp + msg[len(path.name):]
            raise ImportValidationError(msg) from err
        rep, meta = read_matrix(ctx.duck, path, layout, io_table, year, out, ctx.quarantine, disp)
        if first_meta is None:
            first_meta = meta
        elif (meta["regions"], meta["sectors"]) != (first_meta["regions"], first_meta["sectors"]):
            raise ImportValidationError(
                f"{disp}: regions or sectors differ from the first year's file"
            )
        reports.append(rep)
        ctx.progress(f"{_bar(n, len(files))} {disp}: {rep.rows_written:,} cells")
    assert first_meta is not None
    assert layout is not None
    write_meta(ctx.duck, out, io_table, years, first_meta, layout)
    tables = {
        t: t
        for t in (
            "io_intermediate",
            "io_final",
            "io_output",
            "io_value_added",
            "io_catalog",
            "io_regions",
            "io_sectors",
        )
    }
    return [
        Draft(
            dataset=io_table,
            release=release,
            kind=kind,
            tables=tables,
            years=sorted(years),
            title=title,
            coverage=f"{len(first_meta['regions'])} regions x {len(first_meta['sectors'])} sectors",
            source_note=layout.source,
            reports=reports,
            folder=out,
        )
    ]


def year_from_name(name: str, given: int | None) -> int:
    """Return the year in a file name (the last 4-digit group 1950-2099), or ``given``."""
    if given is not None:
        return int(given)
    found = re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", name)
    if not found:
        raise ImportValidationError(f"{name}: no year in the file name; pass year=... (--year)")
    return int(found[-1])


def collect(ctx: Any, patterns: tuple[str, ...]) -> list[tuple[str, Path]]:
    """Return (display, local CSV) for a file, folder or zip; .xlsx sheets become CSV."""
    import fnmatch
    import zipfile

    from gvc.imports import extract_member, input_files

    items: list[tuple[str, Path]] = []
    if ctx.path.suffix.lower() == ".zip":
        with zipfile.ZipFile(ctx.path) as zf:
            for n, info in enumerate(zf.infolist()):
                base = Path(info.filename).name
                if not info.is_dir() and any(fnmatch.fnmatch(base, p) for p in patterns):
                    items.append(
                        (
                            base,
                            extract_member(
                                zf, info, ctx.tmp / f"member_{n}{Path(base).suffix.lower()}"
                            ),
                        )
                    )
    else:
        items = input_files(ctx, patterns)
    out = []
    for n, (disp, path) in enumerate(items):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            ctx.progress(f"{disp}: converting the sheet to CSV")
            path = excel_to_csv(path, ctx.tmp / f"sheet_{n}.csv", ctx.options.get("sheet"))
        out.append((disp, path))
    if not out:
        raise ImportValidationError(f"{ctx.path.name}: no matching files ({', '.join(patterns)})")
    return out
