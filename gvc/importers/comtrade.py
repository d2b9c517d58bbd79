"""UN Comtrade: bulk and API CSV exports, current or legacy column names, exports and imports.

Current names (comtradeapicall / bulk files since 2023): refYear, freqCode, reporterCode,
reporterISO, flowCode (X, M, RX, RM, ...), partnerCode, partnerISO, partner2Code,
classificationCode (H0..H6), cmdCode, customsCode, motCode, netWgt, primaryValue. Legacy names
(API v1 / old bulk): Year, Trade Flow Code (1 import, 2 export, 3 re-export, 4 re-import),
Reporter Code, Reporter ISO, Partner Code, Partner ISO, 2nd Partner Code, Classification,
Commodity Code, Netweight (kg), Trade Value (US$).

Rows kept out on purpose, each counted in the report: re-exports and re-imports, the World partner
(code 0, a declared total that is checked against the sum of the partner rows), partner areas that
are not countries ("nes" areas, bunkers, free zones), breakdowns by customs procedure, transport
mode or second partner (only their totals are kept) and commodity ``TOTAL``.

Exports are taken as reported by the exporter (source ``comtrade_<release>``); an import report
becomes a *mirror* flow (source ``comtrade_<release>_mirror``, CIF value) only where the exporter
did not report that flow.
"""

from __future__ import annotations

import re
from pathlib import Path

from gvc.catalog import COMTRADE_REVISIONS
from gvc.errors import ImportValidationError
from gvc.importers.validation import Column, TabularSpec, q

#: UN M49 codes Comtrade uses for areas that are not countries ("nes" areas, bunkers, ...).
NON_COUNTRY_CODES = (
    0,
    97,
    129,
    221,
    290,
    471,
    472,
    473,
    492,
    527,
    568,
    577,
    636,
    637,
    697,
    837,
    838,
    839,
    849,
    879,
    899,
)


def spec(known_iso3: list[str], codes: dict[int, str]) -> TabularSpec:
    """Return the Comtrade CSV format (current and legacy names)."""
    revs = " ".join(f"when '{k}' then '{v}'" for k, v in COMTRADE_REVISIONS.items())
    areas = ", ".join(str(c) for c in NON_COUNTRY_CODES)
    lut: list[str | None] = [None] * 1000
    for code, iso in codes.items():
        if 0 <= code < 1000:
            lut[code] = iso
    lut[490] = "TWN"
    breakdown_total = (
        "coalesce(customs, 'C00') in ('C00', '') and coalesce(mot, '0') = '0'"
        " and coalesce(partner2, '0') = '0'"
    )
    return TabularSpec(
        label="UN Comtrade",
        columns=[
            Column("year", ("refYear", "Year", "year"), "INTEGER"),
            Column("freq", ("freqCode",), "VARCHAR", required=False, not_null=False),
            Column("flow", ("flowCode", "Trade Flow Code", "trade_flow", "Trade Flow"), "VARCHAR"),
            Column("reporter_code", ("reporterCode", "Reporter Code", "reporter_code"), "INTEGER"),
            Column(
                "reporter_iso",
                ("reporterISO", "Reporter ISO", "reporter_iso3"),
                "VARCHAR",
                required=False,
                not_null=False,
            ),
            Column("partner_code", ("partnerCode", "Partner Code", "partner_code"), "INTEGER"),
            Column(
                "partner_iso",
                ("partnerISO", "Partner ISO", "partner_iso3"),
                "VARCHAR",
                required=False,
                not_null=False,
            ),
            Column(
                "partner2",
                ("partner2Code", "2nd Partner Code"),
                "VARCHAR",
                required=False,
                not_null=False,
            ),
            Column(
                "classification",
                ("classificationCode", "Classification", "classification"),
                "VARCHAR",
            ),
            Column("cmd", ("cmdCode", "Commodity Code", "cmd_code"), "VARCHAR"),
            Column("customs", ("customsCode",), "VARCHAR", required=False, not_null=False),
            Column("mot", ("motCode",), "VARCHAR", required=False, not_null=False),
            Column(
                "netwgt",
                ("netWgt", "Netweight (kg)", "netweight_kg"),
                "DOUBLE",
                required=False,
                not_null=False,
            ),
            Column("value", ("primaryValue", "Trade Value (US$)", "trade_value_usd"), "DOUBLE"),
        ],
        allow_extra_columns=True,
        derived={
            "flowx": "case upper(flow) when 'X' then 'X' when '2' then 'X' when 'EXPORT' then 'X'"
            " when 'M' then 'M' when '1' then 'M' when 'IMPORT' then 'M' end",
            "rev": f"case upper(classification) {revs} end",
            "rep3": "case when reporter_code = 490 then 'TWN' when reporter_iso is not null and"
            " length(trim(reporter_iso)) = 3 then upper(trim(reporter_iso))"
            " when reporter_code between 0 and 999 then $lut[reporter_code + 1] end",
            "par3": "case when partner_code = 490 then 'TWN' when partner_iso is not null and"
            " length(trim(partner_iso)) = 3 then upper(trim(partner_iso))"
            " when partner_code between 0 and 999 then $lut[partner_code + 1] end",
            "is_total_row": f"(partner_code = 0 and {breakdown_total})",
        },
        checks=[
            ("monthly record (freqCode M): import annual data", "upper(coalesce(freq, 'A')) = 'M'"),
            ("classification is not an HS revision (H0-H6)", "rev is null"),
            ("unknown reporter code", "rep3 is null or not list_contains($known, rep3)"),
            (
                "unknown partner code",
                (
                    f"partner_code not in ({areas}) and (par3 is null or not"
                    " list_contains($known, par3))"
                ),
            ),
            (
                "malformed HS code 'cmdCode' (expected 2, 4 or 6 digits)",
                (
                    "upper(cmd) <> 'TOTAL'"
                    " and not regexp_full_match(cmd, '[0-9]{2}|[0-9]{4}|[0-9]{6}')"
                ),
            ),
            ("negative trade value", "value < 0"),
            ("negative net weight", "netwgt < 0"),
        ],
        skips=[
            ("re-exports, re-imports and other flows", "flowx is null"),
            ("partner World (declared total, checked)", "partner_code = 0"),
            (
                "breakdown by customs procedure, transport mode or 2nd partner",
                f"not ({breakdown_total})",
            ),
            ("partner area that is not a country", f"partner_code in ({areas})"),
            ("commodity TOTAL", "upper(cmd) = 'TOTAL'"),
        ],
        select={
            "year": "year",
            "flow": "flowx",
            "exporter": "case flowx when 'X' then rep3 else par3 end",
            "importer": "case flowx when 'X' then par3 else rep3 end",
            "hs_revision": "rev",
            "level": "cast(length(cmd) as tinyint)",
            "product": "cmd",
            "value_usd": "value",
            "quantity": "netwgt",
        },
        key=["year", "flow", "exporter", "importer", "hs_revision", "product"],
        params={"lut": lut, "known": known_iso3},
        totals=(
            ["year", "reporter_code", "flowx", "rev", "cmd"],
            "is_total_row",
            "value",
            f"partner_code <> 0 and {breakdown_total} and flowx is not null",
        ),
        total_tolerance=5e-3,
    )


def run(ctx):
    """Import one Comtrade CSV (or a folder of them) as one release of ``comtrade[_name]``."""
    from gvc.imports import Draft, _bar, input_files

    files = input_files(ctx, ("*.csv",))
    if not files:
        raise ImportValidationError(f"{ctx.path.name}: no CSV files")
    known = sorted(ctx.gvc._country_names())  # ISO3 list + codes in the embedded data
    codes = {
        int(c): str(i)
        for c, i in ctx.gvc.cursor()
        .execute("select code, iso3 from baci_country_codes where iso3 <> 'N/A'")
        .fetchall()
    }
    sp = spec(known, codes)
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(files[0][0]).stem)[:48]
    release = ctx.release or stem
    dataset = "comtrade" if not ctx.name else f"comtrade_{ctx.name}"
    from gvc.importers.manifest import safe_name

    dataset = safe_name("name", dataset)
    staged = ctx.tmp / "staged"
    reports = []
    for n, (disp, local) in enumerate(files, start=1):
        ctx.progress(f"{_bar(n - 1, len(files))} {disp}: validating and converting")
        reports.append(ctx.convert(sp, local, staged / f"f{n}", disp))
        ctx.progress(f"{_bar(n, len(files))} {disp}: {reports[-1].rows_written:,} rows")
    out = ctx.tmp / dataset / "trade_flows"
    src = f"{dataset}_{release}"
    glob = str(staged / "*" / "**" / "*.parquet")
    if not list(staged.glob("*/**/*.parquet")):
        raise ImportValidationError(f"{ctx.path.name}: no export or import rows to import")
    # two files of one import may overlap: a duplicate key across files is an error too.
    dups = ctx.duck.execute(
        "select count(*) from (select year, flow, exporter, importer, hs_revision, product"
        " from read_parquet($g, hive_partitioning = true) group by all having count(*) > 1)",
        {"g": glob},
    ).fetchone()[0]
    if dups:
        raise ImportValidationError(
            f"{ctx.path.name}: {dups} flows appear in more than one of the files; import them "
            "as separate releases"
        )
    out.mkdir(parents=True)
    ctx.duck.execute(
        f"""copy (
        with s as (select * from read_parquet({q(glob)}, hive_partitioning = true))
        select {q(src)} as source, year, exporter, importer, hs_revision, level, product,
               value_usd, quantity
        from s where flow = 'X'
        union all
        select {q(src + "_mirror")}, year, exporter, importer, hs_revision, level, product,
               value_usd, quantity
        from s m where flow = 'M' and not exists (
            select 1 from s x where x.flow = 'X' and x.year = m.year and x.exporter = m.exporter
              and x.importer = m.importer and x.hs_revision = m.hs_revision
              and x.product = m.product)
        ) to {q(str(out))} (format parquet, partition_by (year), filename_pattern 'part_{{uuid}}')
        """
    )
    years = sorted({int(p.name.split("=")[1]) for p in out.glob("year=*")})
    return [
        Draft(
            dataset=dataset,
            release=release,
            kind="comtrade",
            tables={"trade_flows": "trade_flows"},
            years=years,
            constants={"trade_flows": {"quantity_unit": "kg"}},
            title=f"UN Comtrade {release}",
            coverage="bilateral HS, reported exports plus mirrored imports",
            source_note="UN Comtrade (UN Comtrade terms)",
            reports=reports,
            folder=ctx.tmp / dataset,
        )
    ]
