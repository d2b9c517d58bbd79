"""Export potential and market targets on the real embedded data (coffee, WIOD 2013, BPS)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from gvc.analytics import export_potential as ep
from gvc.cli import main
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError
from gvc.services.markets import EU28, PotentialOptions


@pytest.fixture(scope="module")
def coffee(con):
    return con.export_potential("IDN", 2015)


@pytest.fixture(scope="module")
def wiod(con):
    return con.export_potential("IDN", 2011, grain="io")


def _identity(frame: pd.DataFrame) -> None:
    elig = frame[frame["eligible"]]
    pairs = elig.groupby("importer")[["value", "potential_base"]].sum()
    np.testing.assert_allclose(pairs["potential_base"], pairs["value"], rtol=1e-9)


# -- HS grain: UN Comtrade green coffee ---------------------------------------------------------


def test_coffee_identity_and_untapped(con, coffee):
    assert set(coffee["source"]) == {"comtrade_coffee"}
    assert set(coffee["product"]) <= {"090111", "090112"}
    _identity(coffee)
    assert (coffee["untapped"] >= 0).all()
    # the pair's trade covers every market IDN sold eligible coffee to
    raw = con.trade_flows(2015, exporter="IDN", source="comtrade_coffee")
    assert coffee["value"].sum() == pytest.approx(raw["value_usd"].sum())
    # SOURCES.md: IDN -> USA green coffee 2015 = 281 m USD
    usa = coffee[(coffee["importer"] == "USA") & (coffee["product"] == "090111")].iloc[0]
    assert usa["value"] == pytest.approx(281.08e6, rel=1e-3)


def test_coffee_corrections_from_real_data(con, coffee):
    text = coffee.attrs["corrections"]
    for part in ("IMF WEO", "TM_RPCH", "WTO MFN", "CEPII", "baci_hs92_hs2 2015"):
        assert part in text
    assert (coffee["corrections"] == text).all()
    # demand growth: USA import volume growth 2016-2020 compounded, straight from the weo table
    g = (
        con.store.cursor()
        .execute(
            "select value from weo where iso3 = 'USA' and subject = 'TM_RPCH' "
            "and year between 2016 and 2020 order by year"
        )
        .fetchall()
    )
    factor = float(np.prod([1 + v[0] / 100 for v in g]))
    usa = coffee[coffee["importer"] == "USA"]
    assert usa["demand_growth"].iloc[0] == pytest.approx(factor, rel=1e-12)
    # market access: JPN's MFN on chapter 09 (2017) relative to the import-weighted average of
    # the MFN rates of the markets with a tariff (EU expanded), sigma = 5
    mfn = (
        con.store.cursor()
        .execute(
            "select importer, mfn_simple_avg from tariffs_mfn where year = 2017 and hs2 = '09'"
        )
        .df()
    )
    rates = dict(zip(mfn["importer"], mfn["mfn_simple_avg"], strict=True))
    for m in EU28:
        rates.setdefault(m, rates["EUN"])
    flows = con.store.sql("market_flows", source="comtrade_coffee", year=2015)
    imp = flows[flows["product"] == "090111"].groupby("importer")["value"].sum()
    known = imp[imp.index.isin(rates.keys())]
    tbar = sum(known[m] * rates[m] for m in known.index) / known.sum() / 100
    jpn = coffee[(coffee["importer"] == "JPN") & (coffee["product"] == "090111")].iloc[0]
    assert jpn["access"] == pytest.approx(((1 + rates["JPN"] / 100) / (1 + tbar)) ** -5)
    # a market without tariff data is neutral
    kor = coffee[(coffee["importer"] == "KOR") & (coffee["product"] == "090111")]
    assert (kor["access"] == 1.0).all()


def test_coffee_without_corrections_is_plain_itc(con):
    plain = con.export_potential(
        "IDN", 2015, horizon=0, tariffs=None, distances=False, rca_floor=None
    )
    _identity(plain)
    np.testing.assert_allclose(plain["potential"], plain["potential_base"])
    assert (plain["access"] == 1).all()
    assert (plain["distance_factor"] == 1).all()


def test_coffee_targets(con, coffee):
    t = con.market_targets("IDN", "0901", 2015, top=15)
    assert list(t["rank"]) == list(range(1, 16))
    assert t["untapped"].is_monotonic_decreasing
    assert t["product"].eq("0901").all()
    usa = t[t["importer"] == "USA"].iloc[0]
    both = coffee[coffee["importer"] == "USA"]
    assert usa["value"] == pytest.approx(both["value"].sum())
    assert usa["potential"] == pytest.approx(both["potential"].sum())
    flows = con.store.sql("market_flows", source="comtrade_coffee", year=2015)
    usa_imports = flows[flows["importer"] == "USA"]["value"].sum()
    assert usa["imports"] == pytest.approx(usa_imports)
    assert usa["market_share"] == pytest.approx(usa["value"] / usa_imports)
    assert "IDN" not in usa["competitors"]
    top = flows[(flows["importer"] == "USA") & (flows["exporter"] != "IDN")]
    assert usa["top_supplier"] == top.groupby("exporter")["value"].sum().idxmax()


def test_baci_sample_same_path(con):
    out = con.export_potential("ZAF", 2021, source="baci_hs17_sample", tariffs=None)
    assert out["product"].nunique() > 100
    _identity(out)
    assert "RCA computed from the flows" in out.attrs["corrections"]


# -- IO grain: WIOD 2013 -------------------------------------------------------------------------


def test_wiod_flows_match_io_exports(con):
    """Our MRIO bilateral flows agree with the IO module's exports_by_destination (IDN)."""
    with warnings.catch_warnings():  # warned once, on the first WIOD 2011 load (memoised later)
        warnings.filterwarnings("ignore", ".*negative gross output", UserWarning)
        t = con.services.io.base_table("wiod2013", 2011)
        system = con.io("wiod2013", 2011)
    flows = ep.flows_from_io(t.Z, t.Y, t.regions, t.sectors)
    ref = system.exports_by_destination("IDN")
    ref = ref[ref["total"] > 0].set_index(["sector", "destination"])["total"]
    ours = flows[flows["exporter"] == "IDN"].set_index(["product", "importer"])["value"]
    ours.index.names = ["sector", "destination"]
    pd.testing.assert_series_equal(ours.sort_index(), ref.sort_index(), check_names=False)


def test_wiod_identity_and_targets(con, wiod):
    _identity(wiod)
    assert (wiod["untapped"] >= 0).all()
    assert wiod["unit"].eq("million USD").all()
    # wood (ISIC 20 = WIOD c6), textiles (c4), food (c3)
    for code, sector in (("20", "c6"), ("c4", "c4"), ("Food, Beverages and Tobacco", "c3")):
        t = con.market_targets("IDN", code, 2011, grain="io")
        assert t["product"].eq(sector).all()
        assert t["untapped"].is_monotonic_decreasing
        assert not t["importer"].isin(["ROW"]).any()  # the rest of the world is no target
        rows = wiod[(wiod["product"] == sector) & (wiod["importer"] != "ROW")]
        assert t["value"].sum() == pytest.approx(rows["value"].sum())
        assert t["potential"].sum() == pytest.approx(rows["potential"].sum())
    # tariffs reach only sectors with HS codes (HS6 -> ISIC3 -> sector concordance)
    mapped = set(con.store.sql("market_io_tariffs", io_table="wiod2013", year=2011)["sector"])
    elig = wiod[wiod["eligible"].to_numpy()]
    unmapped = elig[~elig["product"].isin(mapped).to_numpy()]
    assert len(unmapped) > 0
    assert (unmapped["access"] == 1.0).all()
    assert (elig[elig["product"] == "c3"]["access"] != 1.0).any()


def test_wiod_diversification(con):
    d = con.export_diversification("IDN", 2011, grain="io")
    assert (d["rca"] < 1).all()
    assert d["rank"].min() == 1
    np.testing.assert_allclose(d["score"], d["density"] * d["demand"] * d["ease"],
                               atol=1e-12 * float(d["score"].abs().max()))
    assert "density" in d.attrs["corrections"]


# -- BPS current markets ------------------------------------------------------------------------


def test_current_markets(con):
    cm = con.current_markets("IDN", "09", 2025)
    assert cm["share"].sum() == pytest.approx(1.0)
    raw = con.trade_flows(2025, exporter="IDN", source="bps_exim_agrifood", product="09")
    assert cm["value"].sum() == pytest.approx(raw["value_usd"].sum())
    usa = cm[cm["importer"] == "USA"].iloc[0]
    prev = con.trade_flows(
        2024, exporter="IDN", importer="USA", source="bps_exim_agrifood", product="09"
    )["value_usd"].sum()
    assert usa["growth_pct"] == pytest.approx(100 * (usa["value"] / prev - 1))
    world = con.exports(2020, product="09", source="baci_hs92_hs2")
    assert usa["world_exports_usd"] == pytest.approx(world["value_usd"].sum())
    assert usa["world_year"] == 2020


# -- errors and CLI -----------------------------------------------------------------------------


def test_errors(con):
    with pytest.raises(DataNotFoundError, match="no bilateral trade source holds 2016"):
        con.export_potential("IDN", 2016)
    with pytest.raises(InvalidInputError, match="single exporter"):
        con.export_potential("IDN", 2024, source="bps_exim_agrifood")
    with pytest.raises(UnknownCodeError, match="IDN"):
        con.export_potential("IDNN", 2015)
    with pytest.raises(InvalidInputError, match="grain"):
        con.export_potential("IDN", 2015, grain="sitc")
    with pytest.raises(UnknownCodeError, match="sector"):
        con.market_targets("IDN", "c99", 2011, grain="io")
    with pytest.raises(DataNotFoundError, match="holds no exports of USA"):
        con.current_markets("USA")
    with pytest.raises(InvalidInputError, match="'tariffs' must have columns"):
        con.export_potential("IDN", 2015, tariffs=pd.DataFrame({"x": [1]}))


def test_user_tariffs_and_projections(con, tmp_path):
    path = tmp_path / "tariffs.csv"
    pd.DataFrame(
        {
            "importer": ["USA", "JPN"],
            "exporter": ["IDN", "IDN"],
            "product": ["09", "09"],
            "tariff": ["0", "10"],
        }
    ).to_csv(path, index=False)
    proj = pd.DataFrame({"iso3": ["USA"] * 5, "year": range(2016, 2021), "value": [10.0] * 5})
    out = con.export_potential("IDN", 2015, tariffs=path, projections=proj, distances=False)
    usa = out[(out["importer"] == "USA") & (out["product"] == "090111")].iloc[0]
    assert usa["demand_growth"] == pytest.approx(1.1**5)
    assert "tariff table given" in out.attrs["corrections"]
    # JPN pays 10 %, no other supplier has a rate: tbar = 10 %, relative access 1
    jpn = out[(out["importer"] == "JPN") & (out["product"] == "090111")].iloc[0]
    assert jpn["access"] == pytest.approx(1.0)
    _identity(out)


def test_cli_targets(con, tmp_path, capsys):
    out = tmp_path / "targets.csv"
    rc = main(
        [
            "--db",
            str(con.path),
            "targets",
            "--exporter",
            "IDN",
            "--year",
            "2011",
            "--grain",
            "io",
            "--sector",
            "c3",
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    df = pd.read_csv(out)
    assert df["product"].eq("c3").all()
    assert df["corrections"].str.contains("WIOD|wiod2013").all()
    rc = main(
        ["--db", str(con.path), "targets", "--exporter", "IDN", "--year", "2015", "--sector", "c3"]
    )
    assert rc == 2
    assert "--grain io" in capsys.readouterr().err


def test_market_targets_reuse_the_exporters_potential(con):
    a = con.services.markets.recent_potential("IDN", 2015, "hs", None, PotentialOptions())
    assert con.services.markets.recent_potential("idn", 2015, "hs", None, PotentialOptions()) is a
    b = con.services.markets.recent_potential("IDN", 2015, "hs", None, PotentialOptions(horizon=3))
    assert b is not a
    first = con.market_targets("IDN", "090111", 2015, top=5)
    again = con.market_targets("IDN", "090111", 2015, top=5)
    pd.testing.assert_frame_equal(first, again)
    fresh = con.export_potential("IDN", 2015)
    pd.testing.assert_frame_equal(fresh, a)


def test_product_after_product_reads_the_flows_once(con, monkeypatch):
    """A cluster's list asks market_targets for one heading after another of one year: the
    year's flows are read once and sliced by product (they were read and scanned per product:
    221 s for Garut batik after importing a 2M-row BACI year, 17 s now)."""
    store = con.services.markets.store
    reads: list[object] = []
    real = store.sql_coded

    def counting(name: str, **params: object):
        if name == "market_flows":
            reads.append(params.get("year"))
        return real(name, **params)

    monkeypatch.setattr(store, "sql_coded", counting)
    store._lrus.pop("market_flows", None)
    store._lrus.pop("market_flows_by_product", None)
    store._lrus.pop("export_potential", None)
    got = {c: con.market_targets("IDN", c, 2015, top=5) for c in ("0901", "090111", "090121")}
    assert reads.count(2015) == 1  # before: once per product (and once more for the potential)
    assert set(got["090111"]["product"]) == {"090111"}
    # the slice holds the same rows as a mask over the whole year
    sliced = con.services.markets.inputs.product_rows(
        got["0901"]["source"].iloc[0], 2015, "0901"
    )
    all_rows = con.services.markets.inputs.flows(got["0901"]["source"].iloc[0], 2015)
    mask = all_rows[all_rows["product"].str.startswith("0901")]
    assert len(sliced) == len(mask) > 0
    assert sliced["value"].sum() == pytest.approx(mask["value"].sum(), rel=1e-12)


@pytest.mark.parametrize(("source", "year"), [("comtrade_coffee", 2010),
                                              ("baci_hs17_sample", 2020)])
def test_the_earlier_years_exports_give_the_supply_growth_of_its_flows(con, source, year):
    """Supply growth reads the earlier year as exporter x product sums (market_exports), not
    its bilateral flows: RCA and world shares are the same to rounding."""
    md = con.services.markets.inputs
    full = con.store.sql("market_flows", source=source, year=year)
    sums = md.exports(source, year)
    assert set(sums["importer"].astype(str)) == {"WLD"}
    assert len(sums) == len(full.groupby(["exporter", "product"]))
    assert sums["value"].sum() == pytest.approx(full["value"].sum(), rel=1e-12)
    a, b = ep.rca(full), ep.rca(sums)
    both = a.merge(b, on=["exporter", "product"], suffixes=("_flows", "_sums"))
    assert len(both) == len(a) == len(b)
    np.testing.assert_allclose(both["rca_sums"], both["rca_flows"], rtol=1e-12, atol=0)
    from gvc.analytics import market_inputs as mi

    s1, s2 = mi.world_shares(full), mi.world_shares(sums)
    both = s1.merge(s2, on=["exporter", "product"], suffixes=("_flows", "_sums"))
    assert len(both) == len(s1)
    np.testing.assert_allclose(both["share_sums"], both["share_flows"], rtol=1e-12, atol=0)
