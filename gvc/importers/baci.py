"""CEPII BACI: the release zip, a folder of its CSVs, or one ``BACI_HS17_Y2020_V202301.csv``.

Columns t (year), i (exporter, BACI/UN numeric code), j (importer), k (HS6 product), v (value,
thousand USD), q (quantity, metric tonnes; missing as empty or ``NA``). Country codes come from the
release's ``country_codes_V*.csv`` when present, else from the database's ``baci_country_codes``,
with gvc's two fixes: 381 -> ITA and 490 -> TWN. Codes whose ISO3 is ``N/A`` (groupings such as
697 "Europe EFTA, nes") are not countries: their rows are skipped and counted.

:func:`run` is the importer (``IMPORTERS["baci"]``): one release of one HS revision, one file
per year (a zip with two members for one year is refused, see :func:`one_file_per_year`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb

from gvc.errors import ImportValidationError
from gvc.importers.validation import Column, TabularSpec

FILE_RE = re.compile(r"^BACI_(HS\d\d)_Y(\d{4})_V(\d{6}[A-Za-z]?)\.csv$")
CODES_RE = re.compile(r"^country_codes_V(\d{6}[A-Za-z]?)\.csv$")
FIXES = {381: "ITA", 490: "TWN"}
NOT_A_COUNTRY = "N/A"


def parse_name(name: str) -> tuple[str, int, str] | None:
    """Return (HS revision, year, release) from a BACI file name, or None."""
    m = FILE_RE.match(name)
    return (m.group(1).upper(), int(m.group(2)), "V" + m.group(3)) if m else None


def country_lut(
    con: duckdb.DuckDBPyConnection, codes_file: Path | None, db_codes: list[tuple[int, str]]
) -> list[str | None]:
    """Return a list indexed by BACI code + 1 giving ISO3 (or ``N/A`` for groupings)."""
    pairs: list[tuple[int, str]] = []
    if codes_file is not None:
        head = con.execute(
            "select * from read_csv($p, header = true, all_varchar = true, sample_size = -1)"
            " limit 0",
            {"p": str(codes_file)},
        ).description
        names = [d[0] for d in head]
        iso = next((c for c in ("iso_3digit_alpha", "country_iso3", "iso3") if c in names), None)
        if "country_code" not in names or iso is None:
            raise ImportValidationError(
                f"{codes_file.name}: expected columns country_code and iso_3digit_alpha or "
                f"country_iso3 (found {names})"
            )
        rows = con.execute(
            f"select try_cast(country_code as integer), trim({iso}) from read_csv($p,"
            " header = true, all_varchar = true, sample_size = -1)",
            {"p": str(codes_file)},
        ).fetchall()
        pairs = [(int(c), str(i or NOT_A_COUNTRY)) for c, i in rows if c is not None]
    else:
        pairs = list(db_codes)
    lut: list[str | None] = [None] * 1000
    for code, iso3 in pairs:
        if 0 <= code < 1000:
            lut[code] = iso3 if iso3 and iso3 != "N/A" else NOT_A_COUNTRY
    for code, iso3 in FIXES.items():
        lut[code] = iso3
    return lut


#: An HS6 code as CEPII writes it: a whole number 10000-999999 (the leading zero may be lost);
#: true or NULL (not a number), for the text of the explain pass and the number of the fast one.
HS6_OK = (
    "coalesce(try_cast(k as double) between 10000 and 999999"
    " and try_cast(k as double) = floor(try_cast(k as double)), false)"
)
#: The six-digit text of a valid k (its leading zero restored). Not ``lpad``: a concatenation
#: costs half as much CPU on 10M rows.
_K = "try_cast(try_cast(k as double) as integer)"
HS6_TEXT = f"case when {_K} < 100000 then '0' || {_K}::varchar else {_K}::varchar end"
_MAX = "1.7976931348623157e308"
#: The fast pass's row test: true exactly when a parsed row fails a check of :func:`spec`
#: (t empty or not the year; i or j empty or unknown: no ISO3; k empty or not an HS6 code;
#: v empty, negative, NaN or infinite (NaN compares above every number in DuckDB); q negative,
#: NaN or infinite; a missing q is fine). Held to that by tests/integration/test_import_trade.py.
FAST_VERDICT = (
    "t is distinct from $year or exp3 is null or imp3 is null"
    " or not coalesce(k between 10000 and 999999 and k = floor(k), false)"
    f" or not coalesce(v between 0 and {_MAX}, false) or q < 0 or q > {_MAX}"
)


def spec(year: int, lut: list[str | None]) -> TabularSpec:
    """Return the BACI CSV format for one file of ``year``."""
    return TabularSpec(
        label="CEPII BACI",
        columns=[
            Column("t", ("t",), "INTEGER"),
            Column("i", ("i",), "INTEGER"),
            Column("j", ("j",), "INTEGER"),
            # read as a number by the fast pass: CEPII writes the code without its leading
            # zero (71120 for 071120); the check and the output hold for text and numbers
            Column("k", ("k",), "VARCHAR", fast_type="DOUBLE"),
            Column("v", ("v",), "DOUBLE"),
            Column("q", ("q",), "DOUBLE", not_null=False, na_values=("", "NA")),
        ],
        derived={  # ISO3 as an ENUM (see TabularSpec.enums); the list is cast once
            "exp3": "case when i between 0 and 999 then ($lut::gvc_iso3[])[i + 1] end",
            "imp3": "case when j between 0 and 999 then ($lut::gvc_iso3[])[j + 1] end",
        },
        checks=[
            ("'t' differs from the year in the file name", "t <> $year"),
            ("unknown exporter code 'i'", "exp3 is null"),
            ("unknown importer code 'j'", "imp3 is null"),
            ("malformed HS code 'k' (expected 6 digits)", f"k is not null and not {HS6_OK}"),
            ("negative value 'v'", "v < 0"),
            ("negative quantity 'q'", "q < 0"),
        ],
        skips=[
            (
                "exporter or importer is a grouping, not a country (ISO3 N/A)",
                f"exp3 = '{NOT_A_COUNTRY}' or imp3 = '{NOT_A_COUNTRY}'",
            )
        ],
        select={
            "year": "t",
            "exporter": "exp3",
            "importer": "imp3",
            "product": HS6_TEXT,
            "value_usd": "v * 1000",
            "quantity": "q",
        },
        key=["year", "exporter", "importer", "product"],
        params={"lut": lut, "year": year},
        expect_skips=False,
        fixed_year=year,
        fast_verdict=FAST_VERDICT,
        enums={"gvc_iso3": sorted({c for c in lut if c})},
    )


def constants(revision: str) -> dict[str, Any]:
    """Canonical columns that are the same on every row of a BACI release."""
    return {"hs_revision": revision, "level": 6, "quantity_unit": "t"}


def _db_codes(g: Any) -> list[tuple[int, str]]:
    """Return (BACI code, ISO3 or ``N/A``) from the database's ``baci_country_codes``."""
    return [
        (int(c), str(i))
        for c, i in g.cursor()
        .execute("select code, coalesce(iso3, 'N/A') from baci_country_codes")
        .fetchall()
    ]


def one_file_per_year(names: list[str], where: str) -> None:
    """Refuse two input files for the same year (e.g. two zip folders holding the same name).

    Both would land in one year of one release, so their rows would either be counted twice or
    (before each conversion kept its own files) one file's rows would silently replace the
    other's.
    """
    seen: dict[int, str] = {}
    for name in names:
        meta = parse_name(Path(name).name)
        if meta is None:
            continue
        year = meta[1]
        if year in seen:
            raise ImportValidationError(
                f"{where}: two files for {year}: {seen[year]!r} and {name!r}; a release has one "
                "file per year (import them one at a time, each with its own release label)"
            )
        seen[year] = name


def run(ctx: Any) -> list[Any]:
    """Import CEPII BACI: a release zip, a folder or one CSV (one release of one revision).

    Called as ``IMPORTERS["baci"]`` by :meth:`gvc.Gvc.import_file` with its import context.
    """
    import zipfile
    from concurrent.futures import Future, ThreadPoolExecutor

    from gvc import validate
    from gvc.importers.validation import convert
    from gvc.imports import Draft, _bar, extract_member, input_files

    csvs: list[tuple[str, Path | zipfile.ZipInfo]] = []
    codes: Path | None = None
    zf: zipfile.ZipFile | None = None
    if ctx.path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(ctx.path)
        for info in zf.infolist():
            base = Path(info.filename).name
            if parse_name(base):
                csvs.append((base, info))
            elif CODES_RE.match(base):
                codes = extract_member(zf, info, ctx.tmp / "country_codes.csv")
    else:
        for disp, f in input_files(ctx, ("BACI_*.csv",)):
            csvs.append((disp, f))
        folder = ctx.path if ctx.path.is_dir() else ctx.path.parent
        found = sorted(folder.glob("country_codes_V*.csv"))
        codes = found[-1] if found else None
    if not csvs:
        raise ImportValidationError(
            f"{ctx.path.name}: no BACI file named like BACI_HS17_Y2020_V202301.csv found"
        )
    metas = {}
    for disp, _ in csvs:
        meta = parse_name(disp)
        if meta is None:
            raise ImportValidationError(
                f"{disp}: not a BACI file name (expected BACI_HS17_Y2020_V202301.csv)"
            )
        metas[disp] = meta
    revs = {m[0] for m in metas.values()}
    rels = {m[2] for m in metas.values()}
    if len(revs) > 1 or len(rels) > 1:
        raise ImportValidationError(
            f"{ctx.path.name}: mixes HS revisions {sorted(revs)} / releases {sorted(rels)}; "
            "import one release of one revision at a time"
        )
    if zf is not None:
        one_file_per_year([i.filename for _, i in csvs], ctx.path.name)  # type: ignore[union-attr]
    rev, release = revs.pop(), ctx.release or rels.pop()
    rev = validate.revision(rev)
    lut = country_lut(ctx.duck, codes, _db_codes(ctx.gvc))
    dataset = f"baci_{rev.lower()}"
    folder = ctx.tmp / dataset
    reports = []
    years = []
    # the next zip member is extracted (zlib, outside the GIL) while DuckDB converts this one;
    # only the worker thread reads the zip while the loop runs
    pool = ThreadPoolExecutor(max_workers=1) if zf is not None else None
    ahead: dict[int, Future[Path]] = {}

    def fetch(n: int) -> None:
        if pool is not None and n <= len(csvs) and n not in ahead:
            member = csvs[n - 1][1]
            assert zf is not None
            assert isinstance(member, zipfile.ZipInfo)
            ahead[n] = pool.submit(extract_member, zf, member, ctx.tmp / f"member_{n}.csv")

    try:
        for n, (disp, item) in enumerate(csvs, start=1):
            _, year, _ = metas[disp]
            ctx.progress(f"{_bar(n - 1, len(csvs))} {disp}: validating and converting")
            if isinstance(item, Path):
                local = item
            else:
                fetch(n)
                local = ahead.pop(n).result()
                fetch(n + 1)
            rejects = ctx.tmp / "rejects" / f"{Path(disp).stem}.rejects.csv"
            reports.append(
                convert(
                    ctx.duck,
                    spec(year, lut),
                    local,
                    folder / "trade_flows",
                    rejects,
                    ctx.quarantine,
                    disp,
                    progress=ctx.progress,
                )
            )
            if not isinstance(item, Path):
                local.unlink(missing_ok=True)
            years.append(year)
            ctx.progress(f"{_bar(n, len(csvs))} {disp}: {reports[-1].rows_written:,} rows")
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if zf is not None:
            zf.close()
    return [
        Draft(
            dataset=dataset,
            release=release,
            kind="baci",
            tables={"trade_flows": "trade_flows"},
            years=sorted(set(years)),
            constants={"trade_flows": {"source": f"{dataset}_{release}", **constants(rev)}},
            title=f"BACI {rev} {release}",
            coverage=f"bilateral {rev} 6-digit, all countries",
            source_note="CEPII BACI (check CEPII terms)",
            reports=reports,
            folder=folder,
        )
    ]
