"""Ingest: turn the embedded source files into gvc's canonical tables.

Each ``load_*`` function reads one or a few files from the data folder with declared column types
(HS codes stay strings with their leading zeros; countries become ISO3) and creates one canonical
table in the database being built. The table names and columns are listed in
``docs/ARCHITECTURE.md``. Source files are named here, never by the user, and are passed to DuckDB as
bound parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gvc.errors import DatabaseError

# CEPII GeoDist and a few other sources use codes that ISO 3166 has since replaced.
LEGACY_ISO3 = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "PAL": "PSE", "YUG": "SRB"}

# UN Comtrade's classification codes -> gvc's HS revision names.
COMTRADE_REVISIONS = {
    "H0": "HS92",
    "H1": "HS96",
    "H2": "HS02",
    "H3": "HS07",
    "H4": "HS12",
    "H5": "HS17",
    "H6": "HS22",
}
# UN Comtrade partner codes that are not countries: World (0), Other Europe nes (568),
# Bunkers (837), Free zones (838), Special categories (839), Areas nes (899). Their rows are left
# out of ``trade_flows`` (world totals are recomputed from the bilateral rows).
COMTRADE_NON_COUNTRIES = (0, 568, 837, 838, 839, 899)

HS_REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")


@dataclass(frozen=True)
class Dataset:
    """One entry of the ``datasets`` table: a canonical table and where its rows come from."""

    name: str
    table: str
    where: str
    year_column: str | None
    coverage: str
    source: str
    licence: str


def _legacy_case(column: str) -> str:
    """Return an SQL expression mapping legacy country codes in ``column`` to ISO3."""
    arms = " ".join(f"when '{old}' then '{new}'" for old, new in LEGACY_ISO3.items())
    return f"case {column} {arms} else {column} end"


def _csv(con: duckdb.DuckDBPyConnection, sql: str, **files: Path) -> None:
    """Run one ingest statement with file paths bound as parameters."""
    missing = [str(p) for p in files.values() if not Path(p).is_file()]
    if missing:
        raise DatabaseError(f"embedded data file missing: {missing[0]} (re-copy data/ from the repo)")
    con.execute(sql, {k: str(v) for k, v in files.items()})


# --- HS nomenclature -------------------------------------------------------------------------


def load_hs_sections(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``hs_sections`` (section, name) from the WCO section list."""
    _csv(
        con,
        """
        create table hs_sections as
        select trim(section) as section, name
        from read_csv($f, header = true, quote = '"', escape = '"', columns = {'section': 'VARCHAR', 'name': 'VARCHAR'})
        """,
        f=d / "hs_codes/hs_sections.csv",
    )


def load_products(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``products`` for HS1992, HS2017 and HS2022 at 2, 4 and 6 digits.

    HS2017/HS2022 come from the WCO nomenclature files (section, parent given). HS1992 comes from the
    WCO descriptions; its sections are taken from the HS2017 chapter -> section map (chapters did not
    move between sections), its parents from the code itself. The Atlas 2016 file merges 5209 and
    5211 under one name: that merged code gets its own HS92 row so every export row has a product.
    """
    cols = "{'section': 'VARCHAR', 'hscode': 'VARCHAR', 'description': 'VARCHAR', "
    cols += "'parent': 'VARCHAR', 'level': 'VARCHAR'}"
    _csv(
        con,
        f"""
        create table products as
        select 'HS17' as hs_revision, hscode as code, cast(level as tinyint) as level,
               description, section, nullif(parent, 'TOTAL') as parent
        from read_csv($hs17, header = true, quote = '"', escape = '"', columns = {cols})
        where level in ('2', '4', '6')
        union all
        select 'HS22', hscode, cast(level as tinyint), description, section,
               nullif(parent, 'TOTAL')
        from read_csv($hs22, header = true, quote = '"', escape = '"', columns = {cols})
        where level in ('2', '4', '6')
        """,
        hs17=d / "hs_codes/hs2017_harmonized_system.csv",
        hs22=d / "hs_codes/hs2022_harmonized_system.csv",
    )
    _csv(
        con,
        """
        insert into products
        with chapter_section as (
            select distinct code as chapter, section from products
            where hs_revision = 'HS17' and level = 2
        )
        select 'HS92', h.code, cast(length(h.code) as tinyint), h."desc", s.section,
               case when length(h.code) = 2 then null else left(h.code, length(h.code) - 2) end
        from read_csv($hs92, header = true, quote = '"', escape = '"', columns = {'code': 'VARCHAR', 'desc': 'VARCHAR'}) h
        left join chapter_section s on s.chapter = left(h.code, 2)
        where length(h.code) in (2, 4, 6) and regexp_full_match(h.code, '[0-9]+')
        union all
        select 'HS92', '5209|5211', 4,
               'Woven fabrics of cotton, 85% or more cotton, >200 g/m2 (5209) and <85% cotton mixed '
               || 'with man-made fibres, >200 g/m2 (5211); merged in the Atlas source', 'XI', '52'
        """,
        hs92=d / "hs_codes/hs1992_descriptions_wco.csv",
    )


# --- countries --------------------------------------------------------------------------------


def load_baci_codes(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``baci_country_codes`` (code, iso3, name) from BACI's list, with two fixes.

    BACI flows use code 381 for Italy (with San Marino and the Vatican), which the V202301 list
    omits, and code 490 "Other Asia, nes" with ISO3 'N/A'; UN practice reads 490 as Taiwan, so it
    maps to 'TWN'. Without these fixes, flows to Italy and Taiwan would be lost.
    """
    _csv(
        con,
        """
        create table baci_country_codes as
        select country_code as code,
               case when country_code = 490 then 'TWN' else iso_3digit_alpha end as iso3,
               country_name_abbreviation as name
        from read_csv($baci, delim = ';', header = true, columns = {
            'country_code': 'INTEGER', 'country_name_abbreviation': 'VARCHAR',
            'country_name_full': 'VARCHAR', 'iso_2digit_alpha': 'VARCHAR',
            'iso_3digit_alpha': 'VARCHAR'})
        union all
        select 381, 'ITA', 'Italy (BACI code 381)'
        """,
        baci=d / "trade_flows/baci_country_codes_V202301.csv",
    )


def load_countries(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``countries``: BACI's ISO numeric/ISO2/ISO3 list joined with WDI regions and income.

    WDI aggregates (regions, income groups) are kept with ``is_aggregate = true`` so that macro
    series can be looked up, but they are never valid exporters or importers.
    """
    _csv(
        con,
        """
        create table countries as
        with baci as (
            select iso_3digit_alpha as iso3, country_code as iso_num, iso_2digit_alpha as iso2,
                   country_name_abbreviation as name
            from read_csv($baci, delim = ';', header = true, columns = {
                'country_code': 'INTEGER', 'country_name_abbreviation': 'VARCHAR',
                'country_name_full': 'VARCHAR', 'iso_2digit_alpha': 'VARCHAR',
                'iso_3digit_alpha': 'VARCHAR'})
            where iso_3digit_alpha <> 'N/A'
            qualify row_number() over (partition by iso_3digit_alpha order by country_code desc) = 1
        ),
        wdi as (
            select "Country Code" as iso3, nullif("Region", '') as region,
                   nullif("IncomeGroup", '') as income, "TableName" as name
            from read_csv($wdi, header = true, quote = '"', escape = '"', all_varchar = true)
        )
        select coalesce(b.iso3, w.iso3) as iso3, b.iso_num, b.iso2,
               coalesce(w.name, b.name) as name, w.region as wdi_region,
               w.income as income_group,
               (w.iso3 is not null and w.region is null) as is_aggregate
        from baci b full outer join wdi w on w.iso3 = b.iso3
        where coalesce(b.iso3, w.iso3) is not null
        """,
        baci=d / "trade_flows/baci_country_codes_V202301.csv",
        wdi=d / "macro/wdi_country_metadata.csv",
    )
    # Codes that appear in trade data but in neither list (e.g. Kosovo, territories).
    con.execute(
        """
        insert into countries
        select iso3, null, null, name, null, null, false
        from (values ('XKX', 'Kosovo'), ('ATA', 'Antarctica'), ('CXR', 'Christmas Island'),
                     ('ANT', 'Netherlands Antilles (former)'), ('EUN', 'European Union'),
                     ('TWN', 'Taiwan (Other Asia, nes)'),
                     ('ROW', 'Rest of the world (IO tables)')) v(iso3, name)
        where iso3 not in (select iso3 from countries)
        """
    )


# --- trade ------------------------------------------------------------------------------------


def load_exports(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``exports`` (country x product, no partner).

    Sources: Atlas 2016 (HS92 4-digit, USD) and BACI HS92 exporter totals by chapter 2011-2020
    (million USD, converted to USD; Sudan's two BACI codes 729/736 are summed).
    """
    _csv(
        con,
        """
        create table exports as
        select 'atlas_hs92_2016' as source, cast(year as integer) as year,
               exporter_iso3 as exporter, 'HS92' as hs_revision, cast(4 as tinyint) as level,
               hs92_4 as product, export_value_usd as value_usd
        from read_parquet($atlas)
        union all
        select 'baci_hs92_hs2', cast(year as integer), exporter_iso3, 'HS92', 2, hs92_2,
               sum(value_musd) * 1e6
        from read_parquet($baci)
        group by all
        """,
        atlas=d / "trade_flows/atlas_hs92_country_hs4_exports_2016.parquet",
        baci=d / "trade_flows/baci_hs92_exports_by_exporter_hs2_2011_2020.parquet",
    )


def load_trade_flows(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``trade_flows`` (bilateral).

    Sources: the BACI HS17 sample (value in thousand USD -> USD, quantity in tonnes), UN Comtrade
    green coffee (reporter-declared exports; quantity in kg; partner rows that are not countries,
    see ``COMTRADE_NON_COUNTRIES``, are left out, and code 490 "Other Asia, nes" is Taiwan), and
    BPS Indonesia agri-food exports by HS chapter and destination (BTKI 2022, HS2022-based;
    destination names mapped to ISO3 by ``bps_destination_names_to_iso3.csv``).
    """
    _csv(
        con,
        """
        create table trade_flows as
        select 'baci_hs17_sample' as source, cast(t as integer) as year, e.iso3 as exporter,
               i.iso3 as importer, 'HS17' as hs_revision, cast(6 as tinyint) as level,
               k as product, v * 1000 as value_usd, q as quantity, 't' as quantity_unit
        from read_parquet($baci) f
        join baci_country_codes e on e.code = f.i
        join baci_country_codes i on i.code = f.j
        """,
        baci=d / "trade_flows/baci_hs17_V202301_partial_exports_AFG_ZAF_2020_2021.parquet",
    )
    revisions = " ".join(f"when '{k}' then '{v}'" for k, v in COMTRADE_REVISIONS.items())
    _csv(
        con,
        f"""
        insert into trade_flows
        select 'comtrade_coffee', cast(year as integer),
               case when reporter_code = 490 then 'TWN' else reporter_iso3 end,
               case when partner_code = 490 then 'TWN' else partner_iso3 end,
               case classification {revisions} end, 6, cmd_code,
               cast(trade_value_usd as double), cast(netweight_kg as double), 'kg'
        from read_parquet($coffee)
        where partner_code not in ({", ".join(str(c) for c in COMTRADE_NON_COUNTRIES)})
        """,
        coffee=d / "trade_flows/comtrade_hs0901_green_coffee_bilateral_exports_2005_2010_2015.parquet",
    )
    _csv(
        con,
        """
        insert into trade_flows
        select 'bps_exim_agrifood', cast(b.tahun as integer), 'IDN', m.iso3, 'HS22', 2, b.hs2,
               b.nilai_usd, null, null
        from read_csv($bps, header = true, quote = '"', escape = '"', columns = {'hs2': 'VARCHAR', 'negara': 'VARCHAR',
              'nilai_usd': 'DOUBLE', 'tahun': 'INTEGER', 'yoy_pct': 'DOUBLE',
              'nama_chapter': 'VARCHAR', 'seksi': 'VARCHAR', 'nama_seksi': 'VARCHAR'}) b
        join read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true) m on m.bps_name = b.negara
        """,
        bps=d / "trade_flows/bps_indonesia_exports_hs2_agrifood_by_destination_2023_2025.csv",
        names=d / "concordances/bps_destination_names_to_iso3.csv",
    )
    _csv(
        con,
        """
        create table bps_destination_names as
        select bps_name as name, iso3 from read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        names=d / "concordances/bps_destination_names_to_iso3.csv",
    )


# --- input-output -----------------------------------------------------------------------------


def _wiod_region(column: str) -> str:
    """Return an SQL expression mapping WIOD 2013 region codes to ISO3 (ROM -> ROU, RoW -> ROW)."""
    return f"case {column} when 'ROM' then 'ROU' when 'RoW' then 'ROW' else {column} end"


def load_io_wiod2013(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create the ``io_*`` tables for the WIOD 2013 release (millions of current USD).

    Regions are ISO3 codes: WIOD's ``ROM`` (Romania) becomes ``ROU`` and ``RoW`` becomes ``ROW``,
    as in the Antras-Chor file.
    """
    io = d / "io_tables"
    _csv(
        con,
        f"""
        create table io_intermediate as
        select 'wiod2013' as io_table, cast(year as integer) as year,
               {_wiod_region("from_country")} as from_region, from_sector,
               {_wiod_region("to_country")} as to_region, to_sector, value_musd as value
        from read_parquet($f)
        """,
        f=io / "wiod2013_inter_1995_2011.parquet",
    )
    _csv(
        con,
        f"""
        create table io_final as
        select 'wiod2013' as io_table, cast(year as integer) as year,
               {_wiod_region("from_country")} as from_region, from_sector,
               {_wiod_region("to_country")} as to_region, fd_category as category,
               value_musd as value
        from read_parquet($f)
        """,
        f=io / "wiod2013_final_1995_2011.parquet",
    )
    _csv(
        con,
        f"""
        create table io_output as
        select 'wiod2013' as io_table, cast(year as integer) as year,
               {_wiod_region("country")} as region, sector, gross_output_musd as value
        from read_parquet($f)
        """,
        f=io / "wiod2013_output_1995_2011.parquet",
    )
    con.execute(
        """
        create table io_value_added (io_table varchar, year integer, region varchar,
                                     sector varchar, component varchar, value double)
        """
    )
    _csv(
        con,
        """
        create table io_sectors as
        select 'wiod2013' as io_table, wiod_short_code as sector, wiod_index as position,
               wiod_code as code, wiod_sector_name as name, isic_rev3_basis as isic3_basis
        from read_csv($f, header = true, quote = '"', escape = '"', columns = {'wiod_index': 'INTEGER',
             'wiod_short_code': 'VARCHAR', 'wiod_code': 'VARCHAR', 'isic_rev3_basis': 'VARCHAR',
             'wiod_sector_name': 'VARCHAR'})
        """,
        f=d / "concordances/wiod2013_sectors.csv",
    )
    con.execute(
        """
        create table io_regions as
        with r as (select distinct region from io_output where io_table = 'wiod2013')
        select 'wiod2013' as io_table, r.region,
               cast(row_number() over (order by r.region = 'ROW', r.region) as integer) as position,
               case when r.region = 'ROW' then 'Rest of the world' else c.name end as name
        from r left join countries c on c.iso3 = r.region
        """
    )
    con.execute(
        """
        create table io_catalog as
        select 'wiod2013' as io_table, year,
               count(distinct region)::integer as n_regions, count(distinct sector)::integer
                 as n_sectors,
               'million USD (current prices)' as unit,
               'WIOD 2013 release (Timmer et al. 2015)' as source
        from io_output where io_table = 'wiod2013' group by year order by year
        """
    )
    _csv(
        con,
        """
        create table io_upstreamness_ac as
        select 'wiod2013' as io_table, "YEAR" as year, "ISO3C" as region,
               'c' || "WIOT2013_n" as sector, "WIOT2013_n" as position,
               "GVC_Ui" as upstreamness, "GVC_FUGOi" as fugo, "GVC_Di" as downstreamness,
               "GVC_VAGOi" as vago
        from read_csv($f, header = true, quote = '"', escape = '"', columns = {'YEAR': 'INTEGER', 'ISO3C': 'VARCHAR',
             'WIOT2013_n': 'INTEGER', 'GVC_Ui': 'DOUBLE', 'GVC_FUGOi': 'DOUBLE',
             'GVC_Di': 'DOUBLE', 'GVC_VAGOi': 'DOUBLE'})
        """,
        f=io / "wiod2013_gvc_upstreamness_antras_chor.csv",
    )


def load_irio2016(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create the three BPS IRIO 2016 tables (inter-provincial flows, GRDP, province-industry)."""
    io = d / "io_tables"
    _csv(
        con,
        """
        create table irio2016_flows as
        select kode_prov_eks as from_province_code, nama_prov_eks as from_province,
               kode_prov_imp as to_province_code, nama_prov_imp as to_province,
               kode_ind_eks as industry, nama_ind_eks as industry_name,
               case penggunaan when 'Bahan Baku' then 'intermediate'
                               when 'Konsumsi Akhir' then 'final' else penggunaan end as use,
               nilai_mil as value_bn_idr
        from read_parquet($f)
        """,
        f=io / "indonesia_irio2016_interprovincial_flows_52ind.parquet",
    )
    _csv(
        con,
        """
        create table irio2016_grdp as
        select kode_prov as province_code, nama_prov as province, jenis_pdrb as block,
               kode_komp as component, nama_komp as component_name, nilai_jt as value_m_idr
        from read_csv($f, header = true, quote = '"', escape = '"', columns = {'kode_prov': 'VARCHAR',
             'nama_prov': 'VARCHAR', 'jenis_pdrb': 'VARCHAR', 'kode_komp': 'VARCHAR',
             'nama_komp': 'VARCHAR', 'nilai_jt': 'DOUBLE'})
        """,
        f=io / "indonesia_irio2016_grdp_components_by_province.csv",
    )
    _csv(
        con,
        """
        create table irio2016_province_industry as
        select kode_prov as province_code, nama_prov as province, kode_ind as industry,
               nama_ind as industry_name, output_jt as output_m_idr,
               value_added_jt as value_added_m_idr, final_demand as final_demand_m_idr,
               forward, n_forward as forward_norm, backward, n_backward as backward_norm
        from read_csv($f, header = true, quote = '"', escape = '"', columns = {'id': 'VARCHAR', 'kode_prov': 'VARCHAR',
             'nama_prov': 'VARCHAR', 'kode_ind': 'VARCHAR', 'nama_ind': 'VARCHAR',
             'output_jt': 'DOUBLE', 'value_added_jt': 'DOUBLE', 'final_demand': 'DOUBLE',
             'forward': 'DOUBLE', 'n_forward': 'DOUBLE', 'backward': 'DOUBLE',
             'n_backward': 'DOUBLE'})
        """,
        f=io / "indonesia_irio2016_province_industry_output_va_fd_linkages.csv",
    )


# --- concordances -----------------------------------------------------------------------------


def load_concordances(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create the HS vintage, HS -> ISIC/BEC, ISIC -> IO sector and description tables."""
    c = d / "concordances"
    # Adjacent-vintage links: codes lost their leading zeros in the source; pad to 6 digits.
    steps = {
        "2022 to 2017": ("HS22", "HS17"),
        "2017 to 2012": ("HS17", "HS12"),
        "2012 to 2007": ("HS12", "HS07"),
        "2007 to 2002": ("HS07", "HS02"),
        "2002 to 1996": ("HS02", "HS96"),
        "1996 to 1992": ("HS96", "HS92"),
    }
    arms_from = " ".join(f"when '{k}' then '{v[0]}'" for k, v in steps.items())
    arms_to = " ".join(f"when '{k}' then '{v[1]}'" for k, v in steps.items())
    _csv(
        con,
        f"""
        create table hs_vintage_links as
        select case adjustment {arms_from} end as from_revision,
               lpad("code.after", 6, '0') as from_code,
               case adjustment {arms_to} end as to_revision,
               lpad("code.before", 6, '0') as to_code,
               "Relationship" as relationship
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        where adjustment in ({", ".join(f"'{k}'" for k in steps)})
        """,
        f=c / "hs_adjacent_vintage_correlations_comtrade.csv",
    )
    _csv(
        con,
        """
        create table conc_hs_simple as
        select 'HS17' as from_revision, "HS5_6d" as from_code, 'HS92' as to_revision,
               "HS0_6d" as to_code from read_csv($a, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS22', "HS6_6d", 'HS92', "HS0_6d" from read_csv($b, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS22', "HS6_6d", 'HS17', "HS5_6d" from read_csv($c, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        a=c / "hs2017_to_hs1992.csv",
        b=c / "hs2022_to_hs1992.csv",
        c=c / "hs2022_to_hs2017.csv",
    )
    _csv(
        con,
        """
        create table conc_hs_isic3 as
        select 'HS92' as hs_revision, "HS0_6d" as hs6, "ISIC3_4d" as isic3
        from read_csv($a, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS17', "HS5_6d", "ISIC3_4d" from read_csv($b, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS22', "HS6_6d", "ISIC3_4d" from read_csv($c, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        a=c / "hs1992_to_isic3.csv",
        b=c / "hs2017_to_isic3.csv",
        c=c / "hs2022_to_isic3.csv",
    )
    _csv(
        con,
        """
        create table conc_hs_isic4 as
        select distinct "HS_6d" as hs6, "ISIC4_4d" as isic4
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=c / "hs_combined_to_isic4.csv",
    )
    _csv(
        con,
        """
        create table conc_hs_bec4 as
        select 'HS92' as hs_revision, "HS0_6d" as hs6, "BEC4_3d" as bec4
        from read_csv($a, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS17', "HS5_6d", "BEC4_3d" from read_csv($b, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select 'HS22', "HS6_6d", "BEC4_3d" from read_csv($c, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        a=c / "hs1992_to_bec4.csv",
        b=c / "hs2017_to_bec4.csv",
        c=c / "hs2022_to_bec4.csv",
    )
    _csv(
        con,
        """
        create table bec4_enduse as
        select bec4_3d_padded as bec4, bec4_code, bec4_description as description,
               sna_basic_class as end_use
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=c / "bec4_to_sna_enduse.csv",
    )
    _csv(
        con,
        """
        create table bec4_descriptions as
        select code, "desc" as description from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=c / "bec4_descriptions.csv",
    )
    _csv(
        con,
        """
        create table conc_isic4_isic3 as
        select distinct "ISIC4_4d" as isic4, "ISIC3_4d" as isic3
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=c / "isic4_to_isic3.csv",
    )
    _csv(
        con,
        """
        create table conc_isic3_io as
        select distinct 'wiod2013' as io_table, "ISIC3_4d" as isic3,
               'c' || "WIOT2013_n" as sector
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        where "WIOT2013_n" is not null and "WIOT2013_n" <> ''
        """,
        f=c / "isic3_to_wiod2013_sectors.csv",
    )
    _csv(
        con,
        """
        create table isic_descriptions as
        select '3' as revision, code, "desc" as description
        from read_csv($a, header = true, quote = '"', escape = '"', all_varchar = true)
        union all
        select '4', code, "desc" from read_csv($b, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        a=c / "isic3_descriptions.csv",
        b=c / "isic4_descriptions.csv",
    )
    _csv(
        con,
        """
        create table irio52_industries as
        select i.irio52_code as industry, i.irio52_name_id as name_id,
               m.isic4_kbli_divisions as isic4_divisions, m.mapping_type, m.note
        from read_csv($a, header = true, quote = '"', escape = '"', all_varchar = true) i
        left join read_csv($b, header = true, quote = '"', escape = '"', all_varchar = true) m using (irio52_code)
        """,
        a=c / "irio2016_52_industries.csv",
        b=c / "irio52_to_isic4_division_approx.csv",
    )
    _csv(
        con,
        """
        create table gvc_automotive_chain as
        select cast("tierNumber" as integer) as tier,
               cast("GVCactivityNumber" as integer) as activity, lpad("HScode", 6, '0') as hs6,
               'HS17' as hs_revision
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=c / "gvc_automotive_value_chain_hs2017.csv",
    )


# --- MSME -------------------------------------------------------------------------------------


def load_msme(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create the BPS IMK 2025, West Java UMKM and size-definition tables."""
    m = d / "msme"
    imk = "read_csv($f, delim = ';', header = true, all_varchar = false)"
    parts = []
    for cls, suffix in (("micro", "mikro"), ("small", "kecil"), ("total", "total")):
        parts.append(
            f"""
            select pulau as island, provinsi as province, '{cls}' as size_class,
                   jumlah_perusahaan_{suffix}::bigint as firms, jumlah_tk_{suffix}::bigint as workers,
                   nilai_input_{suffix}::double as input_m_idr,
                   nilai_output_{suffix}::double as output_m_idr,
                   nilai_tambah_{suffix}::double as value_added_m_idr,
                   pengeluaran_tk_{suffix}::double as labour_cost_m_idr
            from {imk}
            """
        )
    _csv(
        con,
        "create table msme_imk_province as " + " union all ".join(parts),
        f=m / "bps_imk_2025_by_province_micro_small.csv",
    )
    _csv(
        con,
        f"""
        create table msme_imk_province_support as
        select pulau as island, provinsi as province, internet_tidak::bigint as internet_no,
               internet_ya::bigint as internet_yes, banyak_umk_pinjaman::bigint as firms_with_loans,
               umk_kemitraan_tidak::bigint as partnership_no,
               umk_kemitraan_ya::bigint as partnership_yes
        from {imk}
        """,
        f=m / "bps_imk_2025_by_province_micro_small.csv",
    )
    _csv(
        con,
        """
        create table jabar_umkm as
        select tahun::integer as year, kode_provinsi as province_code,
               kode_kabupaten_kota as regency_code, nama_kabupaten_kota as regency,
               kategori_usaha as category, jumlah_umkm::bigint as units
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=m / "jabar_umkm_count_by_kabkota_category_2017_2021.csv",
    )
    _csv(
        con,
        """
        create table msme_size_definitions as
        select legal_basis, criterion, size_class,
               lower_bound_exclusive_idr::double as lower_exclusive_idr,
               upper_bound_inclusive_idr::double as upper_inclusive_idr,
               lower_bound_workers::integer as lower_workers,
               upper_bound_workers::integer as upper_workers, notes
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=m / "indonesia_msme_size_definitions.csv",
    )


# --- macro, gravity, tariffs, requirements ----------------------------------------------------


def load_macro(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``wdi``, ``weo`` and ``weo_series``."""
    m = d / "macro"
    _csv(
        con,
        """
        create table wdi as
        select iso3, indicator_code as indicator, cast(year as integer) as year, value,
               wdi_last_updated as release
        from read_parquet($f)
        """,
        f=m / "wdi_population_gdp_gdppc_long.parquet",
    )
    _csv(
        con,
        """
        create table weo as
        select iso3, subject_code as subject, cast(year as integer) as year, value,
               raw_flag as flag, is_projection_or_estimate as is_projection
        from read_parquet($f)
        """,
        f=m / "imf_weo_apr2025_countries_long.parquet",
    )
    _csv(
        con,
        """
        create table weo_series as
        select iso3, subject_code as subject, subject_descriptor as descriptor, units, scale,
               estimates_start_after
        from read_parquet($f)
        """,
        f=m / "imf_weo_apr2025_series_metadata.parquet",
    )


def load_gravity(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``distances`` and ``geo`` from CEPII GeoDist, legacy codes mapped to ISO3."""
    g = d / "gravity"
    _csv(
        con,
        f"""
        create table distances as
        select {_legacy_case("iso_o")} as origin, {_legacy_case("iso_d")} as destination,
               contig::integer as contig, comlang_off::integer as comlang_off,
               comlang_ethno::integer as comlang_ethno, colony::integer as colony,
               comcol::integer as comcol, smctry::integer as smctry, dist::double as dist,
               distcap::double as distcap, try_cast(distw as double) as distw,
               try_cast(distwces as double) as distwces
        from read_csv($f, delim = ';', header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=g / "cepii_geodist_dist_cepii.csv",
    )
    _csv(
        con,
        f"""
        create table geo as
        select {_legacy_case("iso3")} as iso3, country as name, continent,
               try_cast(lat as double) as lat, try_cast(lon as double) as lon,
               try_cast(landlocked as integer) as landlocked, try_cast(area as double) as area_km2
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        qualify row_number() over (partition by iso3 order by maincity desc, cap desc) = 1
        """,
        f=g / "cepii_geodist_geo_cepii.csv",
    )


def load_tariffs(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``tariffs_mfn``: WTO MFN simple average by importer and HS chapter (EEC -> EUN)."""
    _csv(
        con,
        """
        create table tariffs_mfn as
        select cast("Year" as integer) as year,
               case "Reporting Economy ISO3A Code" when 'EEC' then 'EUN'
                    else "Reporting Economy ISO3A Code" end as importer,
               'HS' as classification, "Product/Sector Code" as hs2,
               try_cast("Value" as double) as mfn_simple_avg
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        where "Indicator Code" = 'HS_A_0010' and length("Product/Sector Code") = 2
        """,
        f=d / "market_access/wto_hs_mfn_simple_avg_by_hs2_28_importers_2017_2018.csv",
    )


def load_requirements(con: duckdb.DuckDBPyConnection, d: Path) -> None:
    """Create ``market_requirements`` from the sourced fact table."""
    _csv(
        con,
        """
        create table market_requirements as
        select * replace (cast(row_id as integer) as row_id)
        from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
        """,
        f=d / "requirements/market_entry_requirements_indonesia_mse.csv",
    )


LOADERS: tuple[Callable[[duckdb.DuckDBPyConnection, Path], None], ...] = (
    load_hs_sections,
    load_products,
    load_baci_codes,
    load_countries,
    load_exports,
    load_trade_flows,
    load_io_wiod2013,
    load_irio2016,
    load_concordances,
    load_msme,
    load_macro,
    load_gravity,
    load_tariffs,
    load_requirements,
)

_BACI = "CEPII BACI (check CEPII terms)"
_BPS = "BPS Statistics Indonesia (cite BPS)"
DATASETS: tuple[Dataset, ...] = (
    Dataset("Atlas HS92 exports 2016", "exports", "source = 'atlas_hs92_2016'", "year",
            "country x HS92 4-digit product", "Harvard Growth Lab, International Trade Data (HS92)",
            "MIT (repo); Dataverse terms"),
    Dataset("BACI HS92 exports by chapter", "exports", "source = 'baci_hs92_hs2'", "year",
            "country x HS92 chapter", "CEPII BACI HS92, aggregated over importers", _BACI),
    Dataset("BACI HS17 sample (AFG, ZAF)", "trade_flows", "source = 'baci_hs17_sample'", "year",
            "bilateral HS17 6-digit; partial sample, a format fixture", "CEPII BACI V202301", _BACI),
    Dataset("UN Comtrade green coffee", "trade_flows", "source = 'comtrade_coffee'", "year",
            "bilateral HS 090111/090112, reporter-declared exports", "UN Comtrade",
            "UN Comtrade terms"),
    Dataset("BPS Indonesia agri-food exports", "trade_flows", "source = 'bps_exim_agrifood'",
            "year", "IDN exports by HS chapter 01-24 x destination", "BPS Ekspor-Impor", _BPS),
    Dataset("WIOD 2013 intermediate use", "io_intermediate", "io_table = 'wiod2013'", "year",
            "41 regions x 35 sectors", "WIOD 2013 release", "free with citation"),
    Dataset("WIOD 2013 final demand", "io_final", "io_table = 'wiod2013'", "year",
            "41 regions x 35 sectors x 41 regions x 5 categories", "WIOD 2013 release",
            "free with citation"),
    Dataset("WIOD 2013 gross output", "io_output", "io_table = 'wiod2013'", "year",
            "41 regions x 35 sectors", "WIOD 2013 release", "free with citation"),
    Dataset("Antras-Chor upstreamness (WIOD 2013)", "io_upstreamness_ac", "true", "year",
            "41 regions x 35 sectors", "Antras & Chor (2018)", "MIT (repo); cite the paper"),
    Dataset("BPS IRIO 2016 inter-provincial flows", "irio2016_flows", "true", None,
            "34 provinces x 52 industries", "BPS IRIO 2016", _BPS),
    Dataset("BPS IRIO 2016 province-industry", "irio2016_province_industry", "true", None,
            "34 provinces x 52 industries", "BPS IRIO 2016", _BPS),
    Dataset("HS products", "products", "true", None, "HS92, HS17, HS22 at 2/4/6 digits",
            "WCO via UN Comtrade; insongkim/concordance", "ODC-PDDL-1.0 / MIT"),
    Dataset("Countries", "countries", "true", None, "ISO3 codes, WDI regions and income groups",
            "CEPII BACI; World Bank WDI", "CC BY 4.0 (WDI)"),
    Dataset("HS vintage links", "hs_vintage_links", "true", None,
            "many-to-many HS22..HS92 adjacent links", "UNSD via Harvard Growth Lab", "Apache-2.0"),
    Dataset("HS -> ISIC Rev.3", "conc_hs_isic3", "true", None, "HS92/HS17/HS22 6-digit",
            "WITS via insongkim/concordance", "MIT"),
    Dataset("HS -> ISIC Rev.4", "conc_hs_isic4", "true", None, "all HS vintages 6-digit",
            "insongkim/concordance", "MIT"),
    Dataset("HS -> BEC Rev.4", "conc_hs_bec4", "true", None, "HS92/HS17/HS22 6-digit",
            "UNSD via insongkim/concordance", "MIT"),
    Dataset("ISIC Rev.3 -> WIOD sector", "conc_isic3_io", "true", None, "35 WIOD sectors",
            "insongkim/concordance", "MIT"),
    Dataset("BPS micro & small industry 2025", "msme_imk_province", "true", None,
            "38 provinces x micro/small", "BPS IMK 2025", _BPS),
    Dataset("West Java UMKM by regency", "jabar_umkm", "true", "year",
            "27 regencies x 10 categories", "Open Data Jabar", "Open Data Jabar terms"),
    Dataset("Indonesian MSME size definitions", "msme_size_definitions", "true", None,
            "PP 7/2021, UU 20/2008, BPS worker bands", "compiled for gvc from public law",
            "public law"),
    Dataset("WDI population and GDP", "wdi", "true", "year", "217 economies + aggregates",
            "World Bank WDI", "CC BY 4.0"),
    Dataset("IMF WEO April 2025", "weo", "true", "year", "196 countries x 44 subjects",
            "IMF World Economic Outlook", "IMF terms"),
    Dataset("CEPII GeoDist distances", "distances", "true", None, "224 x 224 country pairs",
            "CEPII GeoDist (Mayer & Zignago 2011)", "CEPII terms"),
    Dataset("WTO MFN tariffs by chapter", "tariffs_mfn", "true", "year",
            "28 importers x 96 HS chapters", "WTO Stats HS_A_0010", "WTO terms"),
    Dataset("Market entry requirements", "market_requirements", "true", None,
            "EU, USA, JPN, CHN, GCC, AUS and others", "compiled for gvc; sources per row",
            "public law, sources cited"),
)


def load_datasets_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``datasets``: one row per registered dataset with rows, years and coverage."""
    con.execute(
        """
        create table datasets (name varchar, table_name varchar, rows bigint, years varchar,
                               coverage varchar, source varchar, licence varchar)
        """
    )
    for ds in DATASETS:
        # table and filter are constants of this module, never user input.
        years = f"list(distinct {ds.year_column})" if ds.year_column else "null"
        rows, yrs = con.execute(
            f"select count(*), {years} from {ds.table} where {ds.where}"
        ).fetchone()
        yrs = year_span(sorted(yrs)) if yrs else None
        con.execute(
            "insert into datasets values ($1, $2, $3, $4, $5, $6, $7)",
            [ds.name, ds.table, rows, yrs, ds.coverage, ds.source, ds.licence],
        )


def year_span(years: list[int]) -> str:
    """Write a list of years compactly: '1995-2011', or '2005, 2010, 2015' when not contiguous."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)
