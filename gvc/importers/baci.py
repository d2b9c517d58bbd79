"""CEPII BACI: the release zip, a folder of its CSVs, or one ``BACI_HS17_Y2020_V202301.csv``.

Columns t (year), i (exporter, BACI/UN numeric code), j (importer), k (HS6 product), v (value,
thousand USD), q (quantity, metric tonnes; missing as empty or ``NA``). Country codes come from the
release's ``country_codes_V*.csv`` when present, else from the database's ``baci_country_codes``,
with gvc's two fixes: 381 -> ITA and 490 -> TWN. Codes whose ISO3 is ``N/A`` (groupings such as
697 "Europe EFTA, nes") are not countries: their rows are skipped and counted.
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


def spec(year: int, lut: list[str | None]) -> TabularSpec:
    """Return the BACI CSV format for one file of ``year``."""
    return TabularSpec(
        label="CEPII BACI",
        columns=[
            Column("t", ("t",), "INTEGER"),
            Column("i", ("i",), "INTEGER"),
            Column("j", ("j",), "INTEGER"),
            Column("k", ("k",), "VARCHAR"),
            Column("v", ("v",), "DOUBLE"),
            Column("q", ("q",), "DOUBLE", not_null=False, na_values=("", "NA")),
        ],
        derived={
            "exp3": "case when i between 0 and 999 then $lut[i + 1] end",
            "imp3": "case when j between 0 and 999 then $lut[j + 1] end",
        },
        checks=[
            ("'t' differs from the year in the file name", "t <> $year"),
            ("unknown exporter code 'i'", "exp3 is null"),
            ("unknown importer code 'j'", "imp3 is null"),
            ("malformed HS code 'k' (expected 6 digits)", "not regexp_full_match(k, '[0-9]{5,6}')"),
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
            "product": "lpad(k, 6, '0')",
            "value_usd": "v * 1000",
            "quantity": "q",
        },
        key=["year", "exporter", "importer", "product"],
        params={"lut": lut, "year": year},
        expect_skips=False,
        fixed_year=year,
    )


def constants(revision: str) -> dict[str, Any]:
    """Canonical columns that are the same on every row of a BACI release."""
    return {"hs_revision": revision, "level": 6, "quantity_unit": "t"}
