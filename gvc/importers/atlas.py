"""Harvard Growth Lab (Atlas of Economic Complexity) international trade data, HS92.

Country-product-year files (``hs92_country_product_year_4.csv``, older
``country_hsproduct4digit_year.csv``) land in ``exports``; country-country-product-year files
(``hs92_country_country_product_year_6_2020_2021.csv``, older
``country_partner_hsproduct6digit_year``) land in ``trade_flows``. Both 4- and 6-digit products
are accepted; the level is read from the code. Values are ``export_value`` in current USD.

Rows kept out on purpose and counted: products that are not HS goods (services such as
``travel``, ``transport``, ``ict``, ``financial`` and the codes ``unspecified``, ``XXXX``, ``9999``,
``999999``) and zero or empty export values (the files list import-only pairs).
"""

from __future__ import annotations

import re
from pathlib import Path

from gvc.errors import ImportValidationError
from gvc.importers.validation import Column, TabularSpec, read_header

NOT_GOODS = (
    "travel",
    "transport",
    "ict",
    "financial",
    "unspecified",
    "services",
    "xxxx",
    "xxxxxx",
    "9999",
    "999999",
)


def spec(known_iso3: list[str], bilateral: bool) -> TabularSpec:
    """Return the Atlas CSV format (country-product-year, or country-country-product-year)."""
    cols = [
        Column(
            "country",
            ("country_iso3_code", "location_code", "exporter_iso3", "country_code"),
            "VARCHAR",
        ),
        Column(
            "code",
            ("product_hs92_code", "hs_product_code", "hs92_4", "hs92_6", "product_code"),
            "VARCHAR",
        ),
        Column("year", ("year",), "INTEGER"),
        Column("export_value", ("export_value", "export_value_usd"), "DOUBLE", not_null=False),
    ]
    if bilateral:
        cols.insert(1, Column("partner", ("partner_iso3_code", "partner_code"), "VARCHAR"))
    nogood = ", ".join(f"'{c}'" for c in NOT_GOODS)
    checks = [
        ("unknown country code", "not list_contains($known, upper(country))"),
        (
            "malformed HS92 code (expected 4 or 6 digits)",
            f"lower(code) not in ({nogood}) and not regexp_full_match(code, '[0-9]{{3,6}}')",
        ),
        ("negative export value", "export_value < 0"),
    ]
    select = {
        "year": "year",
        "exporter": "upper(country)",
        "level": "cast(case when length(code) <= 4 then 4 else 6 end as tinyint)",
        "product": "lpad(code, case when length(code) <= 4 then 4 else 6 end, '0')",
        "value_usd": "export_value",
    }
    key = ["year", "exporter", "product"]
    if bilateral:
        checks.insert(1, ("unknown partner code", "not list_contains($known, upper(partner))"))
        select = {**select, "importer": "upper(partner)"}
        key = ["year", "exporter", "importer", "product"]
    return TabularSpec(
        label="Atlas (Growth Lab) HS92",
        columns=cols,
        allow_extra_columns=True,
        checks=checks,
        skips=[
            ("not an HS good (services, unspecified)", f"lower(code) in ({nogood})"),
            ("zero or empty export value", "coalesce(export_value, 0) = 0"),
        ],
        select=select,
        key=key,
        params={"known": known_iso3},
    )


def run(ctx):
    """Import one Atlas file (or a folder of files of one kind) as one release."""
    from gvc.importers.manifest import safe_name
    from gvc.imports import Draft, _bar, input_files

    files = input_files(ctx, ("*.csv",))
    if not files:
        raise ImportValidationError(f"{ctx.path.name}: no CSV files")
    headers = [{h.lower() for h in read_header(ctx.duck, f, ",")} for _, f in files]
    bil = [bool({"partner_iso3_code", "partner_code"} & h) for h in headers]
    if len(set(bil)) > 1:
        raise ImportValidationError(
            f"{ctx.path.name}: mixes country-product and country-country-product files"
        )
    bilateral = bil[0]
    known = sorted(ctx.gvc._country_names())  # ISO3 list + codes in the embedded data
    sp = spec(known, bilateral)
    table = "trade_flows" if bilateral else "exports"
    dataset = safe_name(
        "name",
        f"atlas_hs92_{'ccpy' if bilateral else 'cpy'}" + (f"_{ctx.name}" if ctx.name else ""),
    )
    release = ctx.release or re.sub(r"[^A-Za-z0-9._-]", "_", Path(files[0][0]).stem)[:48]
    out = ctx.tmp / dataset / table
    reports = []
    for n, (disp, local) in enumerate(files, start=1):
        ctx.progress(f"{_bar(n - 1, len(files))} {disp}: validating and converting")
        reports.append(ctx.convert(sp, local, out, disp))
        ctx.progress(f"{_bar(n, len(files))} {disp}: {reports[-1].rows_written:,} rows")
    years = sorted({int(p.name.split("=")[1]) for p in out.glob("year=*")})
    consts = {"source": f"{dataset}_{release}", "hs_revision": "HS92"}
    if bilateral:
        consts.update({"quantity": None, "quantity_unit": None})
    return [
        Draft(
            dataset=dataset,
            release=release,
            kind="atlas",
            tables={table: table},
            years=years,
            constants={table: consts},
            title=f"Atlas HS92 {release}",
            coverage="country x HS92 product" + (" x partner" if bilateral else ""),
            source_note="Harvard Growth Lab, International Trade Data (HS92); Dataverse terms",
            reports=reports,
            folder=ctx.tmp / dataset,
        )
    ]
