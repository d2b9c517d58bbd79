"""Tests of the complexity API and CLI on the real database (the session ``con`` fixture).

Independent checks: every API figure is recomputed here from the shipped parquet files with
plain pandas/numpy (or with the pure functions already checked against py-ecomplexity in
``test_complexity.py``), never copied from the API's own output.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from gvc.analytics import complexity as cx
from gvc.cli import main
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError

DATA = Path(__file__).resolve().parents[2] / "data"
ATLAS = DATA / "trade_flows" / "atlas_hs92_country_hs4_exports_2016.parquet"
BACI = DATA / "trade_flows" / "baci_hs92_exports_by_exporter_hs2_2011_2020.parquet"
WDI = DATA / "macro" / "wdi_population_gdp_gdppc_long.parquet"


@pytest.fixture(scope="module")
def atlas_run() -> cx.ComplexityResult:
    df = pd.read_parquet(ATLAS)
    return cx.complexity(df, location="exporter_iso3", product="hs92_4", value="export_value_usd")


@pytest.fixture(scope="module")
def cx2016(con) -> pd.DataFrame:
    return con.complexity(2016)


def test_complexity_2016_matches_the_pure_run_on_the_parquet(cx2016, atlas_run):
    assert len(cx2016) == 234 * 1239
    assert list(cx2016.columns[:2]) == ["location", "product"]
    for col in ("rca", "mcp", "eci", "pci", "density", "distance", "coi", "cog"):
        assert col in cx2016.columns
    ref = atlas_run.to_frame()
    merged = ref.merge(
        cx2016.astype({"location": str, "product": str}),
        on=["location", "product"],
        suffixes=("_ref", ""),
    )
    assert len(merged) == len(ref)
    for col in ("export_value", "rca", "eci", "pci", "density", "coi", "cog"):
        np.testing.assert_allclose(
            merged[col], merged[f"{col}_ref"], rtol=1e-9, atol=1e-12, err_msg=col
        )
    np.testing.assert_array_equal(merged["mcp"], merged["mcp_ref"])


def test_complexity_is_cached_and_country_filter(con, cx2016):
    again = con.complexity(2016)
    pd.testing.assert_frame_equal(again, cx2016)
    idn = con.complexity(2016, country="idn")
    assert len(idn) == 1239
    assert set(idn["location"].astype(str)) == {"IDN"}
    expected = cx2016[cx2016["location"] == "IDN"]["eci"].iloc[0]
    assert idn["eci"].iloc[0] == expected


def test_complexity_bad_input(con):
    with pytest.raises(DataNotFoundError, match="2013"):
        con.complexity(2013)
    with pytest.raises(InvalidInputError, match="level"):
        con.complexity(2016, level=3)
    with pytest.raises(InvalidInputError, match="presence"):
        con.complexity(2016, presence="both")
    with pytest.raises(InvalidInputError, match="revision"):
        con.complexity(2016, revision="HS1900")
    with pytest.raises(UnknownCodeError, match="IDN"):
        con.complexity(2016, country="IDX")
    with pytest.raises(DataNotFoundError, match="source"):
        con.complexity(2016, source="nope")


def test_level_two_prefers_the_source_stored_at_that_level_and_rolls_up_on_request(con):
    sources = con.complexity_sources(2016, level=2)
    assert set(sources["source"]) == {"atlas_hs92_2016", "baci_hs92_hs2"}
    baci = con.complexity(2016, level=2)
    assert baci["product"].astype(str).str.len().eq(2).all()
    rolled = con.complexity(2016, level=2, source="atlas_hs92_2016")
    raw = pd.read_parquet(ATLAS)
    by_hs2 = raw.groupby(raw["hs92_4"].str[:2])["export_value_usd"].sum()
    world = rolled.groupby(rolled["product"].astype(str))["export_value"].sum()
    np.testing.assert_allclose(world.reindex(by_hs2.index), by_hs2, rtol=1e-12)


def test_rpop_warns_about_locations_without_population(con):
    with pytest.warns(UserWarning, match="no WDI population"):
        df = con.complexity(2016, presence="rpop")
    wdi = pd.read_parquet(WDI)
    have = set(
        wdi.loc[(wdi["indicator_code"] == "SP.POP.TOTL") & (wdi["year"] == 2016), "iso3"].astype(
            str
        )
    )
    assert set(df["location"].astype(str)) <= have
    assert "rpop" in df.columns


def test_atlas_filters_keep_big_countries_and_rank_japan_first(con):
    ranking = con.complexity_rankings(2016, atlas_filters=True)
    wdi = pd.read_parquet(WDI)
    pop = wdi[(wdi["indicator_code"] == "SP.POP.TOTL") & (wdi["year"] == 2016)]
    pop = pd.Series(pop["value"].to_numpy(), index=pop["iso3"].astype(str))
    raw = pd.read_parquet(ATLAS)
    totals = raw.groupby("exporter_iso3")["export_value_usd"].sum()
    expected = {
        c for c in totals.index if totals[c] >= 1e9 and pop.get(c, 0) >= cx.ATLAS_MIN_POPULATION
    }
    assert set(ranking["location"]) == expected
    # the Atlas of Economic Complexity ranks Japan first in 2016
    assert ranking["location"].iloc[0] == "JPN"
    assert ranking["eci"].is_monotonic_decreasing


def test_proximity_long_table(con, atlas_run):
    prox = con.proximity(2016, min_value=0.5)
    assert (prox["proximity"] > 0.5).all()
    assert (prox["product_1"] != prox["product_2"]).all()
    pos = {p: i for i, p in enumerate(atlas_run.products)}
    i = prox["product_1"].map(pos).to_numpy()
    j = prox["product_2"].map(pos).to_numpy()
    np.testing.assert_allclose(prox["proximity"], atlas_run.proximity[i, j], rtol=1e-12, atol=1e-15)
    # symmetric: every pair appears both ways
    assert len(prox) == 2 * int((np.triu(atlas_run.proximity, 1) > 0.5).sum())


def test_growth_opportunities_idn(con, cx2016):
    out = con.growth_opportunities("IDN", 2016)
    idn = cx2016[cx2016["location"] == "IDN"]
    eci, coi = idn["eci"].iloc[0], idn["coi"].iloc[0]
    assert out.attrs["strategy"] == cx.quadrant_strategy(eci, coi)
    assert (out["rca"] < 1).all()
    assert len(out) == int((idn["rca"] < 1).sum())
    assert out["score"].is_monotonic_decreasing
    assert out["description"].notna().mean() > 0.95
    w = cx.STRATEGIES[out.attrs["strategy"]]
    z = out[["z_distance", "z_pci", "z_cog"]].to_numpy()
    np.testing.assert_allclose(out["score"], z @ np.array(w), rtol=1e-12, atol=1e-12)


def test_growth_opportunities_pci_ceiling_uses_wdi_gdp_per_capita(con):
    wdi = pd.read_parquet(WDI)
    gdppc = wdi[
        (wdi["indicator_code"] == "NY.GDP.PCAP.CD")
        & (wdi["year"] == 2016)
        & (wdi["iso3"].astype(str) == "IDN")
    ]["value"].iloc[0]
    assert gdppc <= cx.PCI_CEILING_GDPPC_USD
    out = con.growth_opportunities("IDN", 2016, strategy="strategic_bets", pci_ceiling=True)
    assert out.attrs["gdp_per_capita"] == pytest.approx(gdppc)
    assert out.attrs["pci_ceiling_applied"]
    assert (out["pci"] <= out.attrs["eci"] + 2.0 + 1e-12).all()
    top = con.growth_opportunities("IDN", 2016, top=10)
    assert len(top) == 10
    with pytest.raises(InvalidInputError, match="strategy"):
        con.growth_opportunities("IDN", 2016, strategy="moonshot")


def test_product_space_graph(con, cx2016):
    g = con.product_space(2016, country="IDN")
    assert g.number_of_nodes() == 1239
    assert nx.is_connected(g)
    backbone = [e for e in g.edges(data=True) if e[2]["backbone"]]
    assert len(backbone) == 1238
    assert all(d["proximity"] >= 0.55 for *_, d in g.edges(data=True) if not d["backbone"])
    idn = cx2016[cx2016["location"] == "IDN"]
    idn = idn.set_index(idn["product"].astype(str))
    node = g.nodes["0901"]
    assert node["rca"] == pytest.approx(idn.loc["0901", "rca"])
    assert node["pci"] == pytest.approx(idn.loc["0901", "pci"])
    assert "coffee" in node["description"].lower()
    raw = pd.read_parquet(ATLAS)
    assert node["world_trade"] == pytest.approx(
        raw.loc[raw["hs92_4"] == "0901", "export_value_usd"].sum()
    )
    assert g.graph["country"] == "IDN"


def test_export_dynamics_matches_a_pandas_recomputation(con):
    out = con.export_dynamics(2011, 2020, country="IDN")
    raw = pd.read_parquet(BACI)
    v = raw.pivot_table(
        index=["year", "exporter_iso3"], columns="hs92_2", values="value_musd", aggfunc="sum"
    ).fillna(0.0)

    def rca_of(year):
        x = v.loc[year]
        return (x.div(x.sum(axis=1), axis=0) / (x.sum(axis=0) / x.to_numpy().sum())).loc["IDN"]

    def share_of(year):
        x = v.loc[year]
        return (x / x.sum(axis=0)).loc["IDN"]

    out = out.set_index("product")
    np.testing.assert_allclose(out["rca_start"], rca_of(2011).reindex(out.index), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(out["rca_end"], rca_of(2020).reindex(out.index), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        out["market_share_end"], share_of(2020).reindex(out.index), rtol=1e-9, atol=1e-15
    )
    start = v.loc[2011].loc["IDN"].reindex(out.index)
    end = v.loc[2020].loc["IDN"].reindex(out.index)
    expected = np.where(start > 0, (end / start) ** (1 / 9) - 1, np.nan)
    np.testing.assert_allclose(out["cagr"], expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(out["rca_change"], out["rca_end"] - out["rca_start"], atol=1e-12)
    with pytest.raises(InvalidInputError, match="after"):
        con.export_dynamics(2020, 2011)
    with pytest.raises(DataNotFoundError):
        con.export_dynamics(2011, 2030)


def test_cli_complexity_and_growth(con, tmp_path, capsys):
    out = tmp_path / "cx.parquet"
    assert main(["--db", str(con.path), "complexity", "--year", "2016", "--out", str(out)]) == 0
    df = pd.read_parquet(out).astype({"product": str})
    assert len(df) == 234 * 1239
    assert df["product"].str.len().eq(4).sum() == 1239 * 234 - 234  # 5209|5211 is longer
    g = tmp_path / "g.csv"
    args = ["--db", str(con.path), "growth", "--country", "IDN", "--year", "2016"]
    assert main([*args, "--strategy", "long_jumps", "--top", "20", "--out", str(g)]) == 0
    grown = pd.read_csv(g, dtype={"product": str})
    assert len(grown) == 20
    assert (grown["strategy"] == "long_jumps").all()
    capsys.readouterr()
    assert main(["--db", str(con.path), "complexity", "--year", "2016", "--atlas-filters"]) == 0
    printed = capsys.readouterr().out
    assert "JPN" in printed
    assert main(["--db", str(con.path), "growth", "--country", "IDN", "--year", "2013"]) == 2
    assert "2013" in capsys.readouterr().err
