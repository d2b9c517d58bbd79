"""Ingest: turn the embedded source files into gvc's canonical tables.

Every canonical table has one SQL file, ``gvc/sql/ingest/<table>.sql`` (as dbt keeps models),
that reads one or a few files of the data folder with declared column types (HS codes stay
strings with their leading zeros; countries become ISO3) and creates the table. :data:`INGESTS`
lists the tables in build order with the data files each reads; the files are named here, never
by the user, and reach DuckDB only as bound ``$name`` parameters, as do the constants of
:data:`PARAMETERS`. The build fingerprint hashes the SQL files (:func:`ingest_files`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
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

INGEST_DIR = Path(__file__).resolve().parent / "sql" / "ingest"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
#: Constants bound to the ingest SQL where a statement names them.
PARAMETERS: dict[str, object] = {
    "legacy_from": list(LEGACY_ISO3),
    "legacy_to": list(LEGACY_ISO3.values()),
    "comtrade_rev_from": list(COMTRADE_REVISIONS),
    "comtrade_rev_to": list(COMTRADE_REVISIONS.values()),
    "comtrade_non_countries": list(COMTRADE_NON_COUNTRIES),
}


@dataclass(frozen=True)
class Dataset:
    """One entry of the ``datasets`` table: a canonical table and where its rows come from."""

    name: str
    table: str
    key: tuple[str, str] | None  # (column, value) selecting the dataset's rows; None = all
    year_column: str | None
    coverage: str
    source: str
    licence: str


def ingest_files() -> list[Path]:
    """Return the ingest SQL files (``gvc/sql/ingest/*.sql``); the build fingerprint hashes them."""
    return sorted(INGEST_DIR.glob("*.sql"))


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def statements(table: str) -> list[str]:
    """Return the statements of ``gvc/sql/ingest/<table>.sql`` (split at a ``;`` ending a line)."""
    path = INGEST_DIR / f"{table}.sql"
    if not path.is_file():
        raise DatabaseError(f"no ingest SQL file for table {table!r} ({path})")
    parts = re.split(r";[ \t]*(?:\n|$)", path.read_text(encoding="utf-8"))
    return [p.strip() for p in parts if _strip_comments(p).strip()]


def run_ingest(con: duckdb.DuckDBPyConnection, table: str, d: Path, files: dict[str, str]) -> None:
    """Run ``gvc/sql/ingest/<table>.sql`` with its data files bound as ``$name`` parameters.

    ``files`` maps parameter names to paths relative to the data folder ``d``; the constants of
    :data:`PARAMETERS` are bound too. Each statement gets exactly the parameters it names.
    """
    paths = {k: d / v for k, v in files.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise DatabaseError(f"embedded data file missing: {missing[0]} (re-copy data/ from the repo)")
    values: dict[str, object] = {**PARAMETERS, **{k: str(p) for k, p in paths.items()}}
    for sql in statements(table):
        names = set(_PARAM.findall(_strip_comments(sql)))
        unknown = sorted(names - values.keys())
        if unknown:
            raise DatabaseError(f"ingest/{table}.sql: no value for parameter(s) {unknown}")
        con.execute(sql, {k: values[k] for k in names})


@dataclass(frozen=True)
class Ingest:
    """One canonical table: its ingest SQL file and the data files it reads (the build's steps)."""

    table: str
    files: dict[str, str] = field(default_factory=dict)

    def __call__(self, con: duckdb.DuckDBPyConnection, d: Path) -> None:
        """Create the table in ``con`` from the data folder ``d``."""
        run_ingest(con, self.table, d, self.files)


_C = "concordances/"
_IO = "io_tables/"
_TF = "trade_flows/"
_IMK = "msme/bps_imk_2025_by_province_micro_small.csv"
_BPS_NAMES = _C + "bps_destination_names_to_iso3.csv"
#: Canonical tables in build order, each with the data files its ``.sql`` reads.
INGESTS: tuple[Ingest, ...] = (
    Ingest("hs_sections", {"sections": "hs_codes/hs_sections.csv"}),
    Ingest("products", {"hs17": "hs_codes/hs2017_harmonized_system.csv",
                        "hs22": "hs_codes/hs2022_harmonized_system.csv",
                        "hs92": "hs_codes/hs1992_descriptions_wco.csv"}),
    Ingest("baci_country_codes", {"baci": _TF + "baci_country_codes_V202301.csv"}),
    Ingest("countries", {"baci": _TF + "baci_country_codes_V202301.csv",
                         "wdi": "macro/wdi_country_metadata.csv"}),
    Ingest("exports", {"atlas": _TF + "atlas_hs92_country_hs4_exports_2016.parquet",
                       "baci": _TF + "baci_hs92_exports_by_exporter_hs2_2011_2020.parquet"}),
    Ingest("trade_flows", {
        "baci": _TF + "baci_hs17_V202301_partial_exports_AFG_ZAF_2020_2021.parquet",
        "coffee": _TF + "comtrade_hs0901_green_coffee_bilateral_exports_2005_2010_2015.parquet",
        "bps_agrifood": _TF + "bps_indonesia_exports_hs2_agrifood_by_destination_2023_2025.csv",
        "bps_hs84_85": _TF + "bps_indonesia_exports_hs84_85_by_destination_2020_2025.csv",
        "names": _BPS_NAMES}),
    Ingest("bps_destination_names", {"names": _BPS_NAMES}),
    Ingest("partner_trade", {"f": _TF + "comtrade_idn_total_exports_imports_by_partner_2000_2024.csv"}),
    Ingest("idn_nonoil_exports_chapter", {"f": _TF + "idn_nonoil_exports_by_hs2_2020_2025.csv"}),
    Ingest("idn_nonoil_exports_country", {
        "f": _TF + "idn_nonoil_exports_by_country_2020_2025.csv",
        "names": _C + "idn_nonoil_country_names_to_iso3.csv"}),
    Ingest("published_eci", {"hs92": _TF + "atlas_published_eci_hs92_1995_2023.csv",
                             "sitc": _TF + "atlas_published_eci_sitc_1995_2023.csv"}),
    Ingest("published_pci", {"f": _TF + "atlas_published_pci_hs92_1995_2023.csv"}),
    Ingest("io_intermediate", {"wiod": _IO + "wiod2013_inter_1995_2011.parquet",
                               "icio": _IO + "oecd_icio2025_2022_intermediate_80x50.parquet"}),
    Ingest("io_final", {"wiod": _IO + "wiod2013_final_1995_2011.parquet"}),
    Ingest("io_output", {"wiod": _IO + "wiod2013_output_1995_2011.parquet",
                         "icio": _IO + "oecd_icio2025_2022_output_80x50.parquet"}),
    Ingest("io_output_detail", {"icio": _IO + "oecd_icio2025_2022_output_80x50.parquet"}),
    Ingest("io_value_added"),
    Ingest("io_sectors", {"wiod": _C + "wiod2013_sectors.csv",
                          "icio": _C + "oecd_icio2025_sectors.csv"}),
    Ingest("io_regions"),
    Ingest("io_catalog"),
    Ingest("io_upstreamness_ac", {"ac": _IO + "wiod2013_gvc_upstreamness_antras_chor.csv"}),
    Ingest("adb_economies", {"economies": _C + "adb_mrio_economies.csv"}),
    Ingest("adb_sectors", {"sectors": _C + "adb_mrio_35_sectors.csv"}),
    Ingest("adb_gvc_participation", {"f": _IO + "adb_mrio72_gvc_participation_2017_2022.parquet"}),
    Ingest("adb_production_lengths", {"f": _IO + "adb_mrio72_production_lengths_2017_2022.parquet"}),
    Ingest("adb_mrio62_summary", {"f": _IO + "adb_mrio62_country_sector_summary_2000_2022.parquet"}),
    Ingest("irio2016_flows", {"flows": _IO + "indonesia_irio2016_interprovincial_flows_52ind.parquet"}),
    Ingest("irio2016_grdp", {"grdp": _IO + "indonesia_irio2016_grdp_components_by_province.csv"}),
    Ingest("irio2016_province_industry", {
        "pi": _IO + "indonesia_irio2016_province_industry_output_va_fd_linkages.csv"}),
    Ingest("hs_vintage_links", {"links": _C + "hs_adjacent_vintage_correlations_comtrade.csv"}),
    Ingest("conc_hs_simple", {"hs17_hs92": _C + "hs2017_to_hs1992.csv",
                              "hs22_hs92": _C + "hs2022_to_hs1992.csv",
                              "hs22_hs17": _C + "hs2022_to_hs2017.csv"}),
    Ingest("conc_hs_isic3", {"hs92": _C + "hs1992_to_isic3.csv", "hs17": _C + "hs2017_to_isic3.csv",
                             "hs22": _C + "hs2022_to_isic3.csv"}),
    Ingest("conc_hs_isic4", {"f": _C + "hs_combined_to_isic4.csv"}),
    Ingest("conc_hs_bec4", {"hs92": _C + "hs1992_to_bec4.csv", "hs17": _C + "hs2017_to_bec4.csv",
                            "hs22": _C + "hs2022_to_bec4.csv"}),
    Ingest("bec4_enduse", {"f": _C + "bec4_to_sna_enduse.csv"}),
    Ingest("bec4_descriptions", {"f": _C + "bec4_descriptions.csv"}),
    Ingest("conc_isic4_isic3", {"f": _C + "isic4_to_isic3.csv"}),
    Ingest("conc_isic4_adb35", {"f": _C + "isic4_to_adb_mrio35.csv"}),
    Ingest("conc_hs02_adb35", {"f": _C + "hs2002_to_adb_mrio35.csv"}),
    Ingest("isic_descriptions", {"isic3": _C + "isic3_descriptions.csv",
                                 "isic4": _C + "isic4_descriptions.csv"}),
    Ingest("conc_isic4_io", {"map": _C + "isic4_to_oecd_icio2025_sectors.csv"}),
    Ingest("conc_isic3_io", {"f": _C + "isic3_to_wiod2013_sectors.csv",
                             "icio": _C + "isic3_to_oecd_icio2025_sectors.csv"}),
    Ingest("irio52_industries", {"industries": _C + "irio2016_52_industries.csv",
                                 "isic4": _C + "irio52_to_isic4_division_approx.csv"}),
    Ingest("gvc_automotive_chain", {"f": _C + "gvc_automotive_value_chain_hs2017.csv"}),
    Ingest("search_synonyms_id", {"f": "hs_codes/search_synonyms_id.csv"}),
    Ingest("product_names_id", {"btki": "hs_codes/btki2022_indonesian_tariff_nomenclature.csv",
                                "chapters": _TF + "idn_nonoil_exports_by_hs2_2020_2025.csv"}),
    Ingest("msme_imk_province", {"imk": _IMK}),
    Ingest("msme_imk_province_support", {"imk": _IMK}),
    Ingest("jabar_umkm", {"f": "msme/jabar_umkm_count_by_kabkota_category_2017_2021.csv"}),
    Ingest("msme_size_definitions", {"f": "msme/indonesia_msme_size_definitions.csv"}),
    Ingest("wdi", {"f": "macro/wdi_population_gdp_gdppc_long.parquet"}),
    Ingest("weo", {"f": "macro/imf_weo_apr2025_countries_long.parquet"}),
    Ingest("weo_series", {"f": "macro/imf_weo_apr2025_series_metadata.parquet"}),
    Ingest("distances", {"f": "gravity/cepii_geodist_dist_cepii.csv"}),
    Ingest("geo", {"f": "gravity/cepii_geodist_geo_cepii.csv"}),
    Ingest("tariffs_mfn", {
        "f": "market_access/wto_hs_mfn_simple_avg_by_hs2_28_importers_2017_2018.csv"}),
    Ingest("market_requirements", {"f": "requirements/market_entry_requirements_indonesia_mse.csv"}),
)
#: The build's steps (called with the connection and the data folder).
LOADERS: tuple[Callable[[duckdb.DuckDBPyConnection, Path], None], ...] = INGESTS

_BACI = "CEPII BACI (check CEPII terms)"
_BPS = "BPS Statistics Indonesia (cite BPS)"
_OECD = "OECD terms (attribute OECD ICIO)"
_ADB = "MIT (repo); ADB data terms not stated"
DATASETS: tuple[Dataset, ...] = (
    Dataset("Atlas HS92 exports 2016", "exports", ("source", "atlas_hs92_2016"), "year",
            "country x HS92 4-digit product", "Harvard Growth Lab, International Trade Data (HS92)",
            "MIT (repo); Dataverse terms"),
    Dataset("BACI HS92 exports by chapter", "exports", ("source", "baci_hs92_hs2"), "year",
            "country x HS92 chapter", "CEPII BACI HS92, aggregated over importers", _BACI),
    Dataset("BACI HS17 sample (AFG, ZAF)", "trade_flows", ("source", "baci_hs17_sample"), "year",
            "bilateral HS17 6-digit; partial sample, a format fixture", "CEPII BACI V202301", _BACI),
    Dataset("UN Comtrade green coffee", "trade_flows", ("source", "comtrade_coffee"), "year",
            "bilateral HS 090111/090112, reporter-declared exports", "UN Comtrade",
            "UN Comtrade terms"),
    Dataset("BPS Indonesia agri-food exports", "trade_flows", ("source", "bps_exim_agrifood"),
            "year", "IDN exports by HS chapter 01-24 x destination", "BPS Ekspor-Impor", _BPS),
    Dataset("WIOD 2013 intermediate use", "io_intermediate", ("io_table", "wiod2013"), "year",
            "41 regions x 35 sectors", "WIOD 2013 release", "free with citation"),
    Dataset("WIOD 2013 final demand", "io_final", ("io_table", "wiod2013"), "year",
            "41 regions x 35 sectors x 41 regions x 5 categories", "WIOD 2013 release",
            "free with citation"),
    Dataset("WIOD 2013 gross output", "io_output", ("io_table", "wiod2013"), "year",
            "41 regions x 35 sectors", "WIOD 2013 release", "free with citation"),
    Dataset("BPS Indonesia exports of chapters 84-85", "trade_flows",
            ("source", "bps_exim_hs84_85"), "year",
            "IDN exports of HS chapters 84, 85 x destination (2025 = Jan-Oct)",
            "BPS Ekspor-Impor portal (summed over ports and months)", _BPS),
    Dataset("UN Comtrade Indonesia exports and imports by partner", "partner_trade", None, "year",
            "IDN total merchandise x partner x flow (no products)",
            "UN Comtrade, reported by Indonesia", "UN Comtrade terms"),
    Dataset("Indonesia non-oil exports by HS chapter", "idn_nonoil_exports_chapter", None, "year",
            "IDN non-oil exports x all 98 HS chapters (2024, 2025 also Jan-May)",
            "BPS data in the Ministry of Trade's table layout", _BPS),
    Dataset("Indonesia non-oil exports by country", "idn_nonoil_exports_country", None, "year",
            "IDN non-oil exports x destination (2024, 2025 also Jan-May)",
            "BPS data in the Ministry of Trade's table layout", _BPS),
    Dataset("Atlas published ECI", "published_eci", None, "year",
            "country x year, HS92 and SITC rankings", "Harvard Growth Lab, Atlas of Economic "
            "Complexity (published)", "Atlas terms (believed CC BY-NC-SA 4.0)"),
    Dataset("Atlas published PCI", "published_pci", None, "year", "HS92 4-digit product x year",
            "Harvard Growth Lab, Atlas of Economic Complexity (published)",
            "Atlas terms (believed CC BY-NC-SA 4.0)"),
    Dataset("OECD ICIO 2025 intermediate use", "io_intermediate", ("io_table", "icio2025"),
            "year", "80 economies x 50 ISIC Rev.4 industries, cells >= 0.1 million USD; "
            "no value added, no final demand by destination", "OECD ICIO 2025 edition "
            "(via the sanction-simulator package)", "OECD terms (attribute OECD ICIO)"),
    Dataset("OECD ICIO 2025 gross output", "io_output", ("io_table", "icio2025"), "year",
            "80 economies x 50 industries", "OECD ICIO 2025 edition", _OECD),
    Dataset("OECD ICIO 2025 final-and-RoW sales", "io_output_detail", ("io_table", "icio2025"),
            "year", "80 economies x 50 industries: one total per region-industry",
            "OECD ICIO 2025 edition", _OECD),
    Dataset("ADB MRIO GVC participation", "adb_gvc_participation", None, "year",
            "72 economies x total / 35 sectors / 15 and 5 groups", "ADB MRIO; ADB Key Indicators "
            "2021 method (Borin-Mancini), computed by ksreyes/mrio-processing", _ADB),
    Dataset("ADB MRIO production lengths", "adb_production_lengths", None, "year",
            "72 economies x total / 35 sectors / groups", "ADB MRIO; Wang-Wei-Yu-Zhu (2017)",
            _ADB),
    Dataset("ADB MRIO 62-economy summary", "adb_mrio62_summary", None, "year",
            "63 economies x 35 sectors: output, inputs, VA, sales", "ADB MRIO (current prices)",
            _ADB),
    Dataset("ADB MRIO sector concordances", "conc_isic4_adb35", None, None,
            "ISIC Rev.4 class -> ADB 35 sectors (and HS02 in conc_hs02_adb35)",
            "ksreyes/mrio-processing", _ADB),
    Dataset("ISIC Rev.4 -> OECD ICIO 2025 industry", "conc_isic4_io", ("io_table", "icio2025"),
            None, "ISIC Rev.4 classes -> 50 ICIO industries", "compiled for gvc from the ICIO "
            "industry codes", "gvc (data/SOURCES.md section 13)"),
    Dataset("Indonesian search words", "search_synonyms_id", None, None,
            "everyday words BTKI does not use -> the BTKI word (mebel -> perabotan)",
            "compiled for gvc", "gvc (data/SOURCES.md section 14)"),
    Dataset("Indonesian product names (BTKI 2022)", "product_names_id", None, None,
            "HS22 headings, subheadings and BTKI 8-digit lines in Indonesian and English",
            "DJBC, Buku Tarif Kepabeanan Indonesia 2022", "official publication"),
    Dataset("Antras-Chor upstreamness (WIOD 2013)", "io_upstreamness_ac", None, "year",
            "41 regions x 35 sectors", "Antras & Chor (2018)", "MIT (repo); cite the paper"),
    Dataset("BPS IRIO 2016 inter-provincial flows", "irio2016_flows", None, None,
            "34 provinces x 52 industries", "BPS IRIO 2016", _BPS),
    Dataset("BPS IRIO 2016 province-industry", "irio2016_province_industry", None, None,
            "34 provinces x 52 industries", "BPS IRIO 2016", _BPS),
    Dataset("HS products", "products", None, None, "HS92, HS17, HS22 at 2/4/6 digits",
            "WCO via UN Comtrade; insongkim/concordance", "ODC-PDDL-1.0 / MIT"),
    Dataset("Countries", "countries", None, None, "ISO3 codes, WDI regions and income groups",
            "CEPII BACI; World Bank WDI", "CC BY 4.0 (WDI)"),
    Dataset("HS vintage links", "hs_vintage_links", None, None,
            "many-to-many HS22..HS92 adjacent links", "UNSD via Harvard Growth Lab", "Apache-2.0"),
    Dataset("HS -> ISIC Rev.3", "conc_hs_isic3", None, None, "HS92/HS17/HS22 6-digit",
            "WITS via insongkim/concordance", "MIT"),
    Dataset("HS -> ISIC Rev.4", "conc_hs_isic4", None, None, "all HS vintages 6-digit",
            "insongkim/concordance", "MIT"),
    Dataset("HS -> BEC Rev.4", "conc_hs_bec4", None, None, "HS92/HS17/HS22 6-digit",
            "UNSD via insongkim/concordance", "MIT"),
    Dataset("ISIC Rev.3 -> WIOD sector", "conc_isic3_io", ("io_table", "wiod2013"), None,
            "35 WIOD sectors", "insongkim/concordance", "MIT"),
    Dataset("ISIC Rev.3 -> OECD ICIO 2025 industry", "conc_isic3_io", ("io_table", "icio2025"),
            None, "ISIC Rev.3 classes -> 50 ICIO industries (HS products' industries)",
            "compiled for gvc from the ISIC Rev.3 -> Rev.4 structure",
            "gvc (data/SOURCES.md section 13)"),
    Dataset("BPS micro & small industry 2025", "msme_imk_province", None, None,
            "38 provinces x micro/small", "BPS IMK 2025", _BPS),
    Dataset("West Java UMKM by regency", "jabar_umkm", None, "year",
            "27 regencies x 10 categories", "Open Data Jabar", "Open Data Jabar terms"),
    Dataset("Indonesian MSME size definitions", "msme_size_definitions", None, None,
            "PP 7/2021, UU 20/2008, BPS worker bands", "compiled for gvc from public law",
            "public law"),
    Dataset("WDI population and GDP", "wdi", None, "year", "217 economies + aggregates",
            "World Bank WDI", "CC BY 4.0"),
    Dataset("IMF WEO April 2025", "weo", None, "year", "196 countries x 44 subjects",
            "IMF World Economic Outlook", "IMF terms"),
    Dataset("CEPII GeoDist distances", "distances", None, None, "224 x 224 country pairs",
            "CEPII GeoDist (Mayer & Zignago 2011)", "CEPII terms"),
    Dataset("WTO MFN tariffs by chapter", "tariffs_mfn", None, "year",
            "28 importers x 96 HS chapters", "WTO Stats HS_A_0010", "WTO terms"),
    Dataset("Market entry requirements", "market_requirements", None, None,
            "EU, USA, JPN, CHN, GCC, AUS and others", "compiled for gvc; sources per row",
            "public law, sources cited"),
)


def load_datasets_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``datasets``: one row per registered dataset with rows, years and coverage.

    Rows and years are counted with DuckDB's relational API (the table is a name DuckDB resolves,
    the filter a bound constant), then ``ingest/datasets.sql`` writes the table in one statement.
    """
    cols: dict[str, list[object]] = {k: [] for k in (
        "name", "table_name", "rows", "years", "coverage", "source", "licence")}
    for ds in DATASETS:
        rel = con.table(ds.table)
        if ds.key is not None:
            column, value = ds.key
            rel = rel.filter(duckdb.ColumnExpression(column) == duckdb.ConstantExpression(value))
        count = duckdb.FunctionExpression("count", duckdb.StarExpression())
        row = rel.aggregate([count]).fetchall()[0]
        years: str | None = None
        if ds.year_column:
            found = rel.select(duckdb.ColumnExpression(ds.year_column)).distinct().fetchall()
            loaded = sorted(int(r[0]) for r in found if r[0] is not None)
            years = year_span(loaded) if loaded else None
        for k, v in (("name", ds.name), ("table_name", ds.table), ("rows", row[0]),
                     ("years", years), ("coverage", ds.coverage), ("source", ds.source),
                     ("licence", ds.licence)):
            cols[k].append(v)
    values: dict[str, object] = dict(cols)
    for sql in statements("datasets"):
        con.execute(sql, {k: values[k] for k in set(_PARAM.findall(_strip_comments(sql)))})


def year_span(years: list[int]) -> str:
    """Write a list of years compactly: '1995-2011', or '2005, 2010, 2015' when not contiguous."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)
