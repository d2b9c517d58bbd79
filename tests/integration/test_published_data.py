"""The current tables embedded for issue 14: OECD ICIO 2025 (2022), ADB MRIO GVC indicators,
Indonesia's partners (UN Comtrade), Atlas published ECI/PCI, Indonesia's non-oil exports, BPS
chapters 84-85 and the BTKI 2022 Indonesian names, and the read-only API that serves them.

Every expected number below is a check value of /work/shared/data/SOURCES.md sections 10-11 (or
of the source file itself), written down before the ingest was run.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gvc.errors import DataNotFoundError, InvalidInputError
from tests.helpers import DATA


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _one(con, sql: str, **params: object):
    return con.store.cursor().execute(sql, params).fetchone()


# --- OECD ICIO 2025, year 2022 ------------------------------------------------------------------


def test_icio2025_is_an_80_by_50_system_with_indonesia_output_2407_bn(con):
    system = con.io("icio2025", 2022, balanced=False)
    assert system.Z.shape == (4000, 4000)
    labels = system.labels
    assert labels["region"].nunique() == 80
    assert labels["sector"].nunique() == 50
    assert "ROW" not in set(labels["region"])  # the rest of the world is not in the table
    idn = system.x[(labels["region"] == "IDN").to_numpy()].sum()
    assert_allclose(idn / 1e3, 2407.4, atol=0.05)  # SOURCES.md: 2,407.4 bn USD
    assert_allclose(system.x.sum() / 1e6, 192.4, atol=0.05)  # world output 192.4 trn USD


def test_icio2025_blocks_keep_the_wiod_layout_and_leave_the_missing_ones_empty(con):
    cur = con.store.cursor()
    cat = cur.execute("select * from io_catalog where io_table = 'icio2025'").df()
    assert cat[["year", "n_regions", "n_sectors"]].to_dict("records") == [
        {"year": 2022, "n_regions": 80, "n_sectors": 50}
    ]
    for table in ("io_final", "io_value_added"):
        assert _one(con, f"select count(*) from {table} where io_table = 'icio2025'")[0] == 0
    cols = {
        t: [r[0] for r in cur.execute(f"describe {t}").fetchall()]
        for t in ("io_intermediate", "io_output")
    }
    assert cols["io_intermediate"] == [
        "io_table", "year", "from_region", "from_sector", "to_region", "to_sector", "value"
    ]
    # IDN output minus intermediate inputs 1,280.1 bn; intermediate exports to the 79 other
    # economies 212.7 bn (CHN 67.7, IND 22.5, JPN 21.9, KOR 13.7, USA 11.1).
    va = _one(con, "select sum(output_less_inputs) from io_output_detail where region = 'IDN'")[0]
    assert_allclose(va / 1e3, 1280.1, atol=0.05)
    by_dest = dict(cur.execute(
        "select to_region, sum(value) / 1e3 from io_intermediate where io_table = 'icio2025'"
        " and from_region = 'IDN' and to_region <> 'IDN' group by 1"
    ).fetchall())
    assert_allclose(sum(by_dest.values()), 212.7, atol=0.3)  # cells < 0.1 m USD were dropped
    for dest, bn in {"CHN": 67.7, "IND": 22.5, "JPN": 21.9, "KOR": 13.7, "USA": 11.1}.items():
        assert_allclose(by_dest[dest], bn, atol=0.1)
    # identity of the stored blocks: output = intermediate sales + final-and-RoW sales, to
    # within 2 million USD per region-industry (measured 1.8, ISL G; the package clipped the
    # final-and-RoW sales at 0, so output >= intermediate sales + 0 where it clipped)
    gap = cur.execute(
        "select min(o.value - d.intermediate_sales - d.final_and_row_sales),"
        " max(abs(o.value - d.intermediate_sales - d.final_and_row_sales))"
        " filter (where d.final_and_row_sales > 0)"
        " from io_output o join io_output_detail d using (io_table, year, region, sector)"
    ).fetchone()
    assert gap[0] > -0.01
    assert gap[1] < 2.0


# --- ADB MRIO ------------------------------------------------------------------------------------


def test_adb_gvc_indicators_for_indonesia(con):
    idn = con.gvc_indicators("IDN", years=2022)
    assert len(idn) == 1
    row = idn.iloc[0]
    assert_allclose(row["exports_musd"] / 1e3, 323.1, atol=0.05)
    assert_allclose(row["gvcp_trade"], 0.378, atol=5e-4)
    assert idn.attrs["table"].startswith("adb_gvc_participation")
    assert "ADB's published method" in idn.attrs["method"]
    assert idn.attrs["years"] == [2022]
    series = con.gvc_indicators(["IDN", "VNM", "THA"])
    assert set(series["economy"]) == {"IDN", "VNM", "THA"}
    assert sorted(series["year"].unique()) == list(range(2017, 2023))
    food = con.gvc_indicators("IDN", sector="c3", years=2022)
    assert food["sector_name"].tolist() == ["Food, beverages and tobacco"]
    every = con.gvc_indicators("IDN", sector="all", years=2022)
    assert len(every) == 35
    # the shares are fractions of exports: forward + backward = total
    assert_allclose(every["gvcp_trade_forward"] + every["gvcp_trade_backward"],
                    every["gvcp_trade"], rtol=1e-9, atol=1e-12)


def test_adb_tables_map_every_economy_to_iso3_and_summary_checks(con):
    assert _one(con, "select count(*) from adb_economies where iso3 is null")[0] == 0
    assert _one(con, "select count(distinct iso3) from adb_economies")[0] == 73
    x, va, exports = _one(
        con, "select sum(output_musd), sum(va_musd), sum(exports_musd) from adb_mrio62_summary"
             " where economy = 'IDN' and year = 2022")
    assert_allclose([x / 1e3, va / 1e3], [2383.7, 1298.0], atol=0.05)
    assert_allclose(exports / 1e3, 323, atol=0.5)


def test_gvc_indicators_bad_inputs(con):
    with pytest.raises(DataNotFoundError, match="72 economies"):
        con.gvc_indicators("XXX")
    with pytest.raises(InvalidInputError, match="aggregation"):
        con.gvc_indicators("IDN", sector="c3", aggregation=0)
    with pytest.raises(DataNotFoundError, match="ADB GVC indicators"):
        con.gvc_indicators("IDN", years=2016)


# --- UN Comtrade partners, Atlas ECI -------------------------------------------------------------


def test_partner_trade_world_totals_and_top_partners(con):
    ex = con.partner_trade("export")
    world = ex.groupby("year")["world_usd"].first() / 1e9
    assert_allclose(world.loc[[2019, 2022, 2023, 2024]].to_numpy(),
                    [167.7, 292.2, 259.5, 266.3], atol=0.05)
    top = ex[ex["year"] == 2023].head(4)
    assert top["partner"].tolist() == ["CHN", "USA", "JPN", "IND"]
    assert_allclose(top["value_usd"].to_numpy() / 1e9, [65.0, 23.3, 20.8, 20.3], atol=0.05)
    assert ex.attrs["table"] == "partner_trade"
    assert ex.attrs["years"][-1] == 2024
    assert not ex["partner"].isin(["W00", "S19", "_X"]).any()
    imports = con.partner_trade("import", years=2024, partner="chn")
    assert imports["partner"].tolist() == ["CHN"]
    assert imports["value_usd"].iloc[0] > 50e9
    with pytest.raises(InvalidInputError, match="flow"):
        con.partner_trade("re-export")


def test_published_eci_and_pci(con):
    eci = con.published_eci(["IDN", "VNM", "THA", "MYS"])
    y23 = eci[eci["year"] == 2023].set_index("country")["eci"]
    assert_allclose(y23.loc[["IDN", "VNM", "THA", "MYS"]].to_numpy(),
                    [-0.129, 0.116, 0.978, 1.050], atol=5e-4)
    assert eci["year"].min() == 1995
    assert eci["year"].max() == 2023
    assert "3-year" in eci.attrs["method"]
    assert eci["ranked_countries"].min() >= 133
    assert eci["ranked_countries"].max() <= 145
    # the rank is among the ranked countries of the year (the source column counts up to 234
    # locations: IDN 2023 132), in the source column's order
    idn = eci[(eci["country"] == "IDN") & (eci["year"] == 2023)].iloc[0]
    assert (idn["eci_rank"], idn["ranked_countries"], idn["source_rank"]) == (67, 145, 132)
    every = con.published_eci()
    one = every[every["year"] == 2023]
    assert one["eci_rank"].min() == 1
    assert one["eci_rank"].max() <= len(one)  # equal ECI values share a rank
    assert one["eci_rank"].corr(one["source_rank"], method="spearman") > 0.9999
    sitc = con.published_eci("IDN", classification="SITC")
    assert len(sitc) == 29
    pci = _one(con, "select count(*), min(year), max(year) from published_pci")
    assert pci == (35897, 1995, 2023)


# --- Indonesia's exports by chapter and destination ----------------------------------------------


def test_nonoil_chapters_all_98_and_totals(con):
    ch = con.chapter_exports(years=2024)
    assert len(ch) == 98
    assert ch["chapter"].str.fullmatch(r"\d{2}").all()
    # chapter sum 2024 = 250,652.7 vs the file's NON MIGAS total 250,652.3 (rounding)
    assert_allclose(ch["value_musd"].sum(), 250652.3, atol=1.0)
    hs85 = ch.set_index("chapter").loc["85"]
    assert_allclose(hs85["value_musd"], 15165.9, atol=0.05)
    assert hs85["chapter_name_id"].startswith("Mesin dan perlengkapan elektrik")
    jan_may = con.chapter_exports(years=2025, months=5)
    assert_allclose(jan_may["value_musd"].sum(), 106059.4, atol=1.0)
    assert jan_may.attrs["note"] == "January-May"


def test_nonoil_countries_every_name_mapped(con):
    names = _rows(DATA / "concordances/idn_nonoil_country_names_to_iso3.csv")
    assert all(r["match"] for r in names)
    unmapped = {r["name"] for r in names if not r["iso3"]}
    assert unmapped
    assert all(n.startswith("OTHER ") or "BATAM" in n for n in unmapped)
    by = con.chapter_exports(by="country", years=2024)
    assert by["destination"].isna().sum() == len(unmapped)
    top = by.head(2)
    assert top["destination"].tolist() == ["CHN", "USA"]  # "REPUBLIC OF CHINA" is the PRC
    assert_allclose(top["value_musd"].to_numpy(), [60520.8, 26538.2], atol=0.05)
    with pytest.raises(InvalidInputError, match="by='destination'"):
        con.chapter_exports("85", by="country")


def test_bps_chapter_destinations(con):
    hs85 = con.chapter_exports("85", by="destination", years=2024)
    assert_allclose(hs85["value_usd"].sum() / 1e9, 15.17, atol=0.005)
    top = hs85.head(4)
    assert top["destination"].tolist() == ["USA", "SGP", "JPN", "KOR"]
    assert_allclose(top["value_usd"].to_numpy() / 1e9, [4.23, 1.86, 1.71, 1.27], atol=0.005)
    coffee = con.chapter_exports(9, by="destination")
    assert sorted(coffee["year"].unique()) == [2023, 2024, 2025]
    with pytest.raises(DataNotFoundError, match="gvc import bps_exim"):
        con.chapter_exports("44", by="destination", years=2020)
    with pytest.raises(InvalidInputError, match="chapter"):
        con.chapter_exports("9a")


def test_every_bps_destination_name_is_mapped(con):
    rows = _rows(DATA / "concordances/bps_destination_names_to_iso3.csv")
    upper = [r["bps_name"].upper() for r in rows]
    assert len(set(upper)) == len(upper)
    assert all(len(r["iso3"]) == 3 and r["iso3"].isupper() for r in rows)
    known = set(upper)
    for name in ("bps_indonesia_exports_hs84_85_by_destination_2020_2025.csv",
                 "bps_indonesia_exports_hs2_agrifood_by_destination_2023_2025.csv"):
        got = {r["negara"].upper() for r in _rows(DATA / "trade_flows" / name)}
        # the 84-85 file has one destination the portal left unnamed ("None"): left out
        assert got - known <= {"NONE"}, name
    n = _one(con, "select count(*) from trade_flows where source = 'bps_exim_hs84_85'")[0]
    assert n == 2079  # 2,080 rows, one for the unnamed destination


# --- BTKI 2022 Indonesian names ------------------------------------------------------------------


def test_btki_indonesian_names(con):
    cur = con.store.cursor()
    names = dict(cur.execute(
        "select code, name_id from product_names_id where hs_revision = 'HS22'"
    ).fetchall())
    assert names["0901"].startswith("Kopi, digongseng")
    assert names["9403"] == "Perabotan lain dan bagiannya."
    assert names["140120"].endswith("— Rotan")
    assert names["94"] == "Perabotan"  # chapter titles from the non-oil export table
    missing = cur.execute(
        "select list(code) from products where hs_revision = 'HS22' and level = 6 and code not in"
        " (select code from product_names_id where hs_revision = 'HS22' and level = 6)"
    ).fetchone()[0]
    assert missing == ["999999"]
    lines = _one(con, "select count(*) from product_names_id where hs_revision = 'BTKI22'")[0]
    assert lines == 11552
    batik = _one(con, "select count(*) from product_names_id where hs_revision = 'BTKI22'"
                      " and name_id ilike '%batik%'")[0]
    assert batik > 0
    # other revisions get a name only where the code means the same (here: unchanged 090111)
    same = cur.execute("select hs_revision from product_names_id where code = '090111'").fetchall()
    assert {r[0] for r in same} == {"HS22", "HS17", "HS92"}


def test_datasets_list_the_new_tables_with_years(con):
    ds = con.datasets().set_index("name")
    expect = {
        "OECD ICIO 2025 intermediate use": "2022",
        "OECD ICIO 2025 gross output": "2022",
        "ADB MRIO GVC participation": "2017-2022",
        "UN Comtrade Indonesia exports and imports by partner": "2000-2024",
        "Atlas published ECI": "1995-2023",
        "Indonesia non-oil exports by HS chapter": "2020-2025",
        "BPS Indonesia exports of chapters 84-85": "2020-2025",
    }
    for name, years in expect.items():
        assert ds.loc[name, "years"] == years, name
        assert ds.loc[name, "rows"] > 0
        assert ds.loc[name, "licence"]
    assert ds.loc["Indonesian product names (BTKI 2022)", "table_name"] == "product_names_id"
    assert np.isnan(ds.loc["Indonesian product names (BTKI 2022)", "years"])


def test_isic4_classes_map_to_one_icio_industry(con):
    cur = con.store.cursor()
    n, classes, sectors = cur.execute(
        "select count(*), count(distinct isic4), count(distinct sector) from conc_isic4_io"
    ).fetchone()
    assert n == classes  # one industry per class
    assert sectors == 50
    unmapped = cur.execute(
        "select list(code) from isic_descriptions where revision = '4'"
        " and regexp_full_match(code, '[0-9]{4}') and code not in (select isic4 from conc_isic4_io)"
    ).fetchone()[0]
    assert unmapped == ["9900"]  # extraterritorial organisations are not an ICIO industry
    by_class = dict(cur.execute("select isic4, sector from conc_isic4_io").fetchall())
    expect = {"3100": "C31T33", "0220": "A02", "1610": "C16", "1312": "C13T15", "1410": "C13T15",
              "2219": "C22", "1079": "C10T12", "2410": "C24A", "2432": "C24B", "3011": "C301",
              "3030": "C302T309", "4610": "G"}
    assert {k: by_class[k] for k in expect} == expect
