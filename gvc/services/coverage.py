"""What the loaded data cover: the analyses each dataset feeds, and the gaps for one product.

An administrator opening the Data page (or ``gvc info --product 9403``) should see at a glance
which analyses a product gets, at which grain and year, and the one command that adds what is
missing (``gvc download ...`` / ``gvc import ...``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gvc import i18n, validate
from gvc.download import baci_command

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from gvc.services.store import Store

__all__ = ["FEEDS", "data_gaps", "feeds"]

#: table -> the analyses it feeds (pages and API calls), in words.
FEEDS: dict[str, str] = {
    "trade_flows": "market targets and export potential (product level), diversification, "
    "current markets (BPS destinations)",
    "exports": "complexity (RCA, ECI, PCI), growth opportunities, product space, trends, "
    "country comparison",
    "io_intermediate": "IO linkages, multipliers, upstreamness, linkage paths, sector explorer, "
    "foreign buyers (ICIO), cluster linkage scores",
    "io_final": "final demand by destination: GVC participation, DVA/FVA, sector market targets",
    "io_output": "Leontief and Ghosh models, multipliers",
    "io_output_detail": "ICIO 2022 final-and-RoW sales (Leontief on ICIO)",
    "io_value_added": "value added in exports (DVA, FVA), participation",
    "io_upstreamness_ac": "upstreamness check against the published values",
    "adb_gvc_participation": "GVC participation 2017-2022 (Country overview), beside gvc's own",
    "adb_production_lengths": "production lengths and GVC position (ADB)",
    "adb_mrio62_summary": "sector output and value added 2000-2022 (ADB)",
    "partner_trade": "current partners and their trends (Country overview, Market targets)",
    "published_eci": "published ECI rank next to gvc's computed ECI",
    "published_pci": "published PCI next to gvc's computed PCI",
    "idn_nonoil_exports_chapter": "chapter exports 2020-2025 for every product (Trends)",
    "idn_nonoil_exports_country": "destinations of non-oil exports 2020-2025",
    "irio2016_flows": "domestic chains: buyers and input sources by province (Province page)",
    "irio2016_province_industry": "province-industry output, value added and linkages",
    "jabar_umkm": "cluster registry of West Java, cluster size and growth",
    "msme_imk_province": "provincial readiness priors of clusters (loans, partnerships, internet)",
    "msme_size_definitions": "MSE size classes (graduation)",
    "market_requirements": "requirement gaps per target market (cluster opportunities)",
    "tariffs_mfn": "export potential: tariff correction",
    "distances": "export potential: distance correction; maps",
    "weo": "export potential: market growth projections",
    "wdi": "complexity filters (population, GDP), country figures",
    "products": "product search, HS names and conversions",
    "product_names_id": "Indonesian product names and search (BTKI 2022)",
    "countries": "country codes, names, groups",
}

#: How to add each kind of data (the commands a user with internet runs).
COMMANDS = {
    "icio": "gvc download icio --url URL (an OECD ICIO release CSV)",
    "atlas": "gvc download atlas --file hs92_country_product_year_4.csv",
    "bps": "gvc import bps_exim FILE.xlsx (BPS portal, 'Ekspor HS 2/8 Digit')",
    "wiod": "gvc import wiod2016 FILE (WIOD 2016 release)",
}


def feeds(table_name: str) -> str:
    """Return the analyses ``table_name`` feeds ('' for concordances and lookups)."""
    if table_name.startswith("conc_"):
        return "concordances: HS, ISIC, KBLI and IO industries"
    return FEEDS.get(table_name, "")


def _span(years: list[int]) -> str:
    """Return the years compactly (:func:`gvc.catalog.year_span`); "" when there are none."""
    from gvc.catalog import year_span

    return year_span(sorted({int(y) for y in years})) if years else ""


def data_gaps(store: Store, product: str, exporter: str = "IDN", lang: str = "en") -> pd.DataFrame:
    """Say, analysis by analysis, what the loaded data give for one product of one exporter.

    Parameters
    ----------
    store : Store
        The snapshot.
    product : str
        An HS code or prefix (``"9403"``).
    exporter : str
        ISO3 (default IDN).
    lang : str
        Language of the grain texts ("en" or "id").

    Returns
    -------
    DataFrame
        Columns key (a stable name of the analysis), analysis, grain, status ("loaded" or
        "missing"), years, source, command (what adds the missing data; empty when loaded).
    """
    import pandas as pd

    code = store.check_country(exporter, name="exporter")
    p = validate.hs_code(product, name="product")
    rows: list[dict[str, str]] = []

    def add(key: str, analysis: str, grain: str, years: list[int], source: str,
            command: str) -> None:
        rows.append({"key": key, "analysis": analysis, "grain": grain,
                     "status": "loaded" if years else "missing", "years": _span(years),
                     "source": source if years else "", "command": "" if years else command})

    flows = store.sql("market_product_years", exporter=code, prefix=p)
    add("product_targets", "market targets: export potential by market",
        i18n.text("gap.grain.product", lang, code=p), [int(y) for y in flows["year"]],
        ", ".join(sorted(set(flows["source"]))),
        baci_command(2022))
    bps = store.sql("market_bps_destinations", exporter=code, prefix=p, chapter=p[:2])
    add("bps", "current destinations", i18n.text("gap.grain.bps", lang, code=p[:2]),
        [int(y) for y in bps["year"]], ", ".join(sorted(set(bps["source"]))), COMMANDS["bps"])
    sectors = store.sql("market_product_sectors", prefix=p)
    cat = store.sql("core_io_tables")
    for table, label, cmd in (("icio2025", "foreign industry buyers (intermediate use)", "icio"),
                              ("wiod2013", "IO-sector market targets", "wiod")):
        m = sectors[(sectors["io_table"] == table).to_numpy()]
        years = [int(y) for y in cat.loc[cat["io_table"] == table, "year"]] if len(m) else []
        grain = (i18n.text("gap.grain.io", lang, sector=m["sector"].iloc[0], table=table)
                 if len(m) else i18n.text("gap.grain.io_none", lang, table=table))
        add(cmd, label, grain, years, table, COMMANDS[cmd])
    cov = store.sql("core_product_coverage", exporter=code, prefix=p)
    ex = cov[(cov["kind"] == "exports").to_numpy()]
    fine = ex[(ex["level"] >= min(4, len(p))).to_numpy()]
    add("complexity", "complexity: RCA, PCI, product space",
        i18n.text("gap.grain.complexity", lang, code=p[:4]),
        [y for ys in fine["years"] for y in ys], ", ".join(fine["source"]), COMMANDS["atlas"])
    chap = ex[(ex["level"] == 2).to_numpy()]
    add("chapter_world", "chapter exports by country (world market)",
        i18n.text("gap.grain.chapter", lang, code=p[:2]),
        [y for ys in chap["years"] for y in ys], ", ".join(chap["source"]), baci_command(2022))
    pci = cov[(cov["kind"] == "published_pci").to_numpy()]
    add("pci", "published PCI (Atlas)", i18n.text("gap.grain.pci", lang, code=p[:4]),
        [y for ys in pci["years"] for y in ys],
        ", ".join(pci["source"]), COMMANDS["atlas"])
    non = cov[(cov["kind"] == "nonoil_chapter").to_numpy()]
    add("nonoil", "Indonesia's chapter exports 2020-2025",
        i18n.text("gap.grain.nonoil", lang, code=p[:2]),
        [y for ys in non["years"] for y in ys], ", ".join(non["source"]), COMMANDS["bps"])
    return pd.DataFrame(rows)
