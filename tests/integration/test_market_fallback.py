"""Market targets for every product: the labelled fallback chain when product flows are missing.

Issue: "gvc targets --exporter IDN --product 9403 --year 2016 returns a labelled fallback ranking
and the message, not an error; with a BACI year imported it returns the product-level ranking".
The expected grains were written from the embedded data's coverage before looking at the output:
chapters 01-24 and 84-85 have BPS destinations, every other manufactured product has an ICIO 2022
industry, coffee in 2015 has UN Comtrade product flows.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.cli import main
from gvc.errors import DataNotFoundError
from gvc.services import market_fallback as fb
from tests.helpers import DATA, private_home

#: product -> (grain, source, year of the answer) for a question about 2016 (no flows then).
EXPECTED_2016 = {
    "9403": ("icio", "icio2025", 2022),  # wooden furniture: ICIO C31T33
    "4403": ("icio", "icio2025", 2022),  # logs: ICIO A02 forestry
    "5208": ("icio", "icio2025", 2022),  # cotton fabric: ICIO C13T15
    "6205": ("icio", "icio2025", 2022),  # men's shirts: ICIO C13T15
    "0901": ("bps", "bps_exim_agrifood", 2025),  # coffee: BPS chapter 09
    "1511": ("bps", "bps_exim_agrifood", 2025),  # palm oil: BPS chapter 15
    "8471": ("bps", "bps_exim_hs84_85", 2025),  # computers: BPS chapter 84
}
SECTORS = {"9403": "C31T33", "4403": "A02", "5208": "C13T15", "6205": "C13T15"}


@pytest.mark.parametrize("product", sorted(EXPECTED_2016))
def test_every_product_gets_a_labelled_answer(con, product):
    grain, source, year = EXPECTED_2016[product]
    t = con.market_targets("IDN", product, 2016)
    assert len(t) >= 10
    assert t["grain"].eq(grain).all()
    assert t["source"].eq(source).all()
    assert t["year"].eq(year).all()
    assert list(t["rank"]) == list(range(1, len(t) + 1))
    assert t["value"].is_monotonic_decreasing  # never alphabetical
    assert not t["importer"].isin(["ROW", "WLD"]).any()
    assert t["share"].sum() == pytest.approx(1.0)
    info = t.attrs["fallback"]
    assert info["reason"] == "year"
    assert info["command"].startswith("gvc download baci")
    assert "HS12" in info["command"]  # BACI's revision that covers 2016
    en, idn = fb.message(info, "en"), fb.message(info, "id")
    assert f"HS {product}" in en
    assert "2016" in en
    assert info["command"] in en
    assert "belum dimuat" in idn
    assert info["command"] in idn
    assert t["basis"].iloc[0] in en


@pytest.mark.parametrize("product", sorted(SECTORS))
def test_icio_answer_reconciles_with_the_table(con, product):
    t = con.market_targets("IDN", product, 2016)
    assert t.attrs["fallback"]["sector"] == SECTORS[product]
    ref = con.io("icio2025", 2022).intermediate_exports("IDN", SECTORS[product], by="destination")
    ref = ref[ref["destination"] != "ROW"].set_index("destination")["value"] * 1e6
    got = t.set_index("importer")["value"]
    pd.testing.assert_series_equal(got.sort_index(), ref.sort_index(), check_names=False,
                                   rtol=1e-12, atol=1e-6)
    assert t["top_buyer"].str.len().gt(0).all()


def test_bps_answer_reconciles_with_current_markets(con):
    t = con.market_targets("IDN", "1511", 2016)
    cm = con.current_markets("IDN", "15", 2025).set_index("importer")
    got = t.set_index("importer")
    np.testing.assert_allclose(got["value"], cm.loc[got.index, "value"], rtol=1e-12)
    np.testing.assert_allclose(got["growth_pct"], cm.loc[got.index, "growth_pct"], rtol=1e-9)
    # a BPS year asked for is the year answered
    assert con.market_targets("IDN", "1511", 2024)["year"].eq(2024).all()


def test_product_level_flows_are_used_where_loaded(con):
    t = con.market_targets("IDN", "0901", 2015)
    assert t["grain"].eq("hs").all()
    assert t["source"].eq("comtrade_coffee").all()
    assert "fallback" not in t.attrs
    assert t["basis"].iloc[0].startswith("export potential of HS 0901")


def test_no_fallback_keeps_the_error(con):
    with pytest.raises(DataNotFoundError, match="2016"):
        con.market_targets("IDN", "9403", 2016, fallback=False)


def test_exporter_missing_from_the_year_source_is_said(con):
    # 2020 is held by the BACI sample (AFG, ZAF only)
    t = con.market_targets("IDN", "9403", 2020)
    assert t.attrs["fallback"]["reason"] == "exporter"
    assert "baci_hs17_sample 2020 holds no exports of IDN" in t.attrs["message"]
    assert "HS17" in t.attrs["fallback"]["command"]


def test_years_offered_all_answer(con):
    years = con.target_years("IDN", "0901")
    assert years["year"].tolist() == [2005, 2010, 2015, 2023, 2024, 2025]
    assert years.set_index("year")["grain"].to_dict()[2015] == "hs"
    assert years.set_index("year")["grain"].to_dict()[2024] == "bps"
    for y, grain in zip(years["year"], years["grain"], strict=True):
        t = con.market_targets("IDN", "0901", int(y))
        assert len(t) > 0
        assert t["grain"].eq(grain).all()
    assert con.target_years("IDN", "9403")["year"].tolist() == [2022]


def test_wiod_sector_grain_when_nothing_finer(con):
    """(c) of the chain, with the finer grains taken away: WIOD potential, RoW left out."""
    cat = con.io_tables()
    wiod_years = sorted(int(y) for y in cat.loc[cat["io_table"] == "wiod2013", "year"])

    def no_icio(table: str, year: int) -> object:
        raise DataNotFoundError("no ICIO in this test")

    def targets(sector: str, year: int) -> pd.DataFrame:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return con.market_targets("IDN", sector, year, grain="io", fallback=False)

    reason = {"reason": "year", "source": None, "loaded": "none"}
    common = {"exporter": "IDN", "year": 2016, "reason": reason, "names": {}, "io_system": no_icio,
                  "sector_names": lambda table: {}, "sector_targets": targets, "wiod_years": wiod_years}
    t = fb.fallback_targets(con.store, prefix="4412", **common)  # plywood: WIOD c6
    assert t["grain"].eq("wiod").all()
    assert t["year"].eq(2011).all()
    assert not t["importer"].isin(["ROW"]).any()
    assert t["untapped"].iloc[0] > 0
    assert t["untapped"].is_monotonic_decreasing
    ref = targets("c6", 2011).set_index("importer")["untapped"] * 1e6
    np.testing.assert_allclose(t.set_index("importer")["untapped"], ref.loc[t["importer"]],
                               rtol=1e-12)
    # furniture (WIOD c16) has no potential in 2011: ranked by current exports, and said so
    f = fb.fallback_targets(con.store, prefix="9403", **common)
    assert f.attrs["fallback"]["grain"] == "wiod_none"
    assert "no untapped potential" in f.attrs["message"]
    assert f["value"].is_monotonic_decreasing
    assert f["importer"].tolist() != sorted(f["importer"])


def test_io_grain_sector_without_potential_is_ranked_by_exports(con):
    t = con.market_targets("IDN", "c16", 2011, grain="io")
    assert t.attrs["no_potential"]
    assert t["value"].is_monotonic_decreasing
    assert t["importer"].iloc[0] == "USA"
    assert not t["importer"].isin(["ROW"]).any()


def test_unknown_product_still_errors(con):
    with pytest.raises(DataNotFoundError, match="no markets for HS 9999"):
        con.market_targets("IDN", "9999", 2016)


def test_cli_prints_the_message_and_the_ranking(con, capsys):
    rc = main(["--db", str(con.path), "targets", "--exporter", "IDN", "--product", "9403",
               "--year", "2016", "--top", "5"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "No product-level bilateral trade for HS 9403 in 2016" in out
    assert "gvc download baci --release V202501 --revision HS12" in out
    assert "United States" in out
    assert "top_buyer" in out
    rc = main(["--db", str(con.path), "targets", "--exporter", "IDN", "--product", "1511",
               "--year", "2016", "--lang", "id", "--top", "3"])
    assert rc == 0
    assert "belum dimuat" in capsys.readouterr().out


# -- with product-level flows imported --------------------------------------------------------------

#: Synthetic BACI HS12 2016 rows (generated here, not real data): 5 exporters x 6 importers x
#: 3 furniture subheadings, values from a fixed seed. BACI numeric codes: IDN 360, VNM 704,
#: CHN 156, MYS 458, DEU 276; importers USA 842, JPN 392, GBR 826, AUS 36, FRA 251, NLD 528.
EXPORTERS = [360, 704, 156, 458, 276]
IMPORTERS = [842, 392, 826, 36, 251, 528]
PRODUCTS = ["940360", "940350", "940161"]


def _synthetic_baci(path: Path) -> None:
    rng = np.random.default_rng(2016)
    rows = [
        (2016, i, j, k, round(float(rng.uniform(10, 900)), 3), round(float(rng.uniform(1, 50)), 3))
        for i in EXPORTERS for j in IMPORTERS for k in PRODUCTS if i != j
    ]
    pd.DataFrame(rows, columns=["t", "i", "j", "k", "v", "q"]).to_csv(path, index=False)


def test_imported_baci_year_gives_the_product_level_ranking(tmp_path_factory):
    home = tmp_path_factory.mktemp("fallback_home")
    with private_home(home, build=True):
        src = tmp_path_factory.mktemp("baci") / "BACI_HS12_Y2016_V202501.csv"
        _synthetic_baci(src)
        con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
        try:
            before = con.market_targets("IDN", "9403", 2016)
            assert before["grain"].eq("icio").all()
            con.import_file("baci", src)
            con.close()  # the old snapshot keeps its data; a fresh connection sees the import
            con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
            after = con.market_targets("IDN", "9403", 2016)
            assert after["grain"].eq("hs").all()
            assert after["source"].eq("baci_hs12_V202501").all()
            assert "fallback" not in after.attrs
            assert set(after["importer"]) <= {"USA", "JPN", "GBR", "AUS", "FRA", "NLD"}
            raw = pd.read_csv(src, dtype={"k": str})
            usa = raw[(raw["i"] == 360) & (raw["j"] == 842) & raw["k"].str.startswith("9403")]
            got = after.set_index("importer").loc["USA", "value"]
            assert got == pytest.approx(usa["v"].sum() * 1000)  # BACI v is in thousand USD
            assert 2016 in set(con.target_years("IDN", "9403")["year"])
        finally:
            con.close()


def test_bps_destination_codes_are_iso3(con):
    """Every BPS destination code is a country of the database (Romania was CEPII's ROM)."""
    names = pd.read_csv(DATA / "concordances/bps_destination_names_to_iso3.csv",
                        keep_default_na=False)
    known = set(con.countries(include_aggregates=True)["iso3"])
    assert set(names["iso3"]) - known == {"GLP", "MTQ", "REU", "GUF", "UMI"}
    assert names.set_index("bps_name").loc["Romania", "iso3"] == "ROU"


def test_products_reach_their_icio_industry(con):
    """HS92 -> ISIC Rev.3 -> ICIO: the main industry of products a user would check by hand."""
    expected = {"9403": "C31T33", "4403": "A02", "5208": "C13T15", "6205": "C13T15",
                "0901": "C10T12", "1511": "C10T12", "3004": "C21", "4011": "C22", "8703": "C29"}
    for product, sector in expected.items():
        m = con.store.sql("market_product_sectors", prefix=product)
        top = m[m["io_table"] == "icio2025"].iloc[0]
        assert top["sector"] == sector, product
    # every HS92 code with an ISIC Rev.3 class (but 9999, not classified) has an ICIO industry
    missing = con.store.cursor().execute(
        """select count(*) from conc_hs_isic3 c
           left join conc_isic3_io io on io.isic3 = c.isic3 and io.io_table = 'icio2025'
           where c.hs_revision = 'HS92' and c.isic3 is not null and c.isic3 <> '9999'
             and io.sector is null"""
    ).fetchone()[0]
    assert missing == 0
