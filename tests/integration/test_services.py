"""The services layer: honest trade defaults, the snapshot-checked cache, per-user registries,
and the pure market maths moved out of the service (hand-checked numbers)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from numpy.testing import assert_allclose

import gvc
from gvc.analytics import market_inputs as mi
from gvc.services.store import Store

# -- honest defaults (issue 13 item 3) ------------------------------------------------------------


def _sum(con: gvc.Gvc, source: str, year: int) -> float:
    row = con.store.cursor().execute(
        "select sum(value_usd) from exports where source = $s and year = $y", {"s": source, "y": year}
    ).fetchone()
    return float(row[0])


def test_exports_default_is_one_source_at_one_level(con) -> None:
    """World exports 2016: the Atlas HS4 rows alone (about USD 16.2 trillion; WTO reports 15.96
    trillion of merchandise exports for 2016), not Atlas plus the BACI HS2 totals (31.6)."""
    df = con.exports(year=2016)
    assert df.attrs == {"source": "atlas_hs92_2016", "level": 4}
    assert set(df["source"]) == {"atlas_hs92_2016"}
    assert set(df["level"]) == {4}
    total = float(df["value_usd"].sum())
    assert 15.5e12 < total < 16.5e12
    assert_allclose(total, 16.17e12, rtol=1e-3)
    assert_allclose(total, _sum(con, "atlas_hs92_2016", 2016), rtol=1e-12, atol=1.0)


def test_exports_mix_only_when_asked(con) -> None:
    both = con.exports(year=2016, source="all")
    assert set(both["source"]) == {"atlas_hs92_2016", "baci_hs92_hs2"}
    want = _sum(con, "atlas_hs92_2016", 2016) + _sum(con, "baci_hs92_hs2", 2016)
    assert_allclose(float(both["value_usd"].sum()), want, rtol=1e-12, atol=1.0)
    assert 31e12 < want < 32.5e12  # the double count the default avoids
    chapters = con.exports(year=2016, level=2)
    assert set(chapters["source"]) == {"baci_hs92_hs2"}
    assert_allclose(float(chapters["value_usd"].sum()), _sum(con, "baci_hs92_hs2", 2016),
                    rtol=1e-12, atol=1.0)
    choices = con.export_sources(year=2016)
    assert choices[["source", "level"]].values.tolist() == [["atlas_hs92_2016", 4],
                                                            ["baci_hs92_hs2", 2]]


def test_exports_default_follows_the_filters(con) -> None:
    """A year only BACI holds gives BACI; an HS4 product gives the HS4 source."""
    y2020 = con.exports(year=2020, exporter="IDN")
    assert set(y2020["source"]) == {"baci_hs92_hs2"}
    palm = con.exports(year=2016, exporter="IDN", product="1511")
    assert set(palm["source"]) == {"atlas_hs92_2016"}
    assert len(palm) == 1


def test_trade_flows_default_is_one_source(con) -> None:
    df = con.trade_flows(exporter="IDN")
    assert df["source"].nunique() == 1
    assert df.attrs["source"] == df["source"].iloc[0]
    every = con.trade_flows(exporter="IDN", source="all")
    assert every["source"].nunique() > 1


def test_source_choice_is_checked(con) -> None:
    with pytest.raises(gvc.InvalidInputError, match="'source'"):
        con.exports(year=2016, source="atlas")


# -- the cache is keyed by the snapshot it was computed from (issue 18 item 7) ---------------------


def test_a_result_computed_on_another_snapshot_is_not_stored(home_copy, monkeypatch) -> None:
    """The race of issue 18 item 7: the key names fingerprint A but the connection read B."""
    store = Store(home_copy / "gvc.duckdb", home_copy)
    calls: list[int] = []
    frame = pd.DataFrame({"a": [1, 2]})
    real = store.read_fingerprint()
    monkeypatch.setattr(store, "read_fingerprint", lambda: "a-newer-snapshot")
    got = store.cached_frame("race_fp", {}, lambda: calls.append(1) or frame)
    pd.testing.assert_frame_equal(got, frame)
    monkeypatch.setattr(store, "read_fingerprint", lambda: real)
    store.cached_frame("race_fp", {}, lambda: calls.append(2) or frame)
    assert calls == [1, 2]  # the first result was not stored under the old key
    store.cached_frame("race_fp", {}, lambda: calls.append(3) or frame)
    assert calls == [1, 2]  # a consistent result is
    store.close()


# -- per-user state --------------------------------------------------------------------------------


def test_session_shares_store_and_services_not_registries(con) -> None:
    view = con.session()
    assert view.store is con.store
    assert view.services is con.services
    assert view._registries is not con._registries
    assert view.fingerprint == con.fingerprint
    assert view.path == con.path
    view.close()
    assert con.store.cursor().execute("select 1").fetchone() == (1,)


def test_store_checks_stay_strict(con) -> None:
    assert con.store.check_country("idn") == "IDN"
    assert con.store.check_year("exports", 2016) == 2016
    with pytest.raises(gvc.DataNotFoundError, match="loaded in exports"):
        con.store.check_year("exports", 1990)
    with pytest.raises(gvc.InvalidInputError, match="no table"):
        con.store.sql_on("store_years", "products; drop table x")


# -- pure market maths (hand-checked) ---------------------------------------------------------------


def test_compound_growth_needs_every_year() -> None:
    proj = pd.DataFrame({
        "iso3": ["AAA", "AAA", "BBB", "AAA"],
        "year": [2021, 2022, 2021, 2030],
        "value": [10.0, 20.0, 5.0, 99.0],
    })
    f = mi.compound_growth(proj, 2020, 2022)
    assert list(f.index) == ["AAA"]  # BBB lacks 2022; 2030 is outside the span
    assert_allclose(f["AAA"], 1.1 * 1.2, rtol=1e-12, atol=0)
    assert_allclose(mi.annual_rate(1.21, 2), 0.1, rtol=1e-12, atol=1e-15)


def test_expand_union_keeps_members_own_rows() -> None:
    mfn = pd.DataFrame({"importer": ["EUN", "FRA", "USA"], "tariff": [4.0, 9.0, 2.0]})
    out = mi.expand_union(mfn, "EUN", ["DEU", "FRA"])
    assert dict(zip(out["importer"], out["tariff"], strict=True)) == {
        "DEU": 4.0, "FRA": 9.0, "USA": 2.0}


def test_match_prefixes_longest_code_wins() -> None:
    table = pd.DataFrame({"importer": ["X", "X"], "product": ["09", "0901"], "tariff": [5.0, 3.0]})
    out = mi.match_prefixes(table, ["090111", "090210", "100190"]).sort_values("product")
    assert out[["product", "tariff"]].values.tolist() == [["090111", 3.0], ["090210", 5.0]]


def test_target_totals_recompute_untapped_on_sums() -> None:
    """Two products in one market: potential 10 and 5, exports 12 and 0. Untapped on the sums
    is max(15 - 12, 0) = 3, not the per-product 0 + 5 = 5."""
    pot = pd.DataFrame({
        "importer": ["M", "M"], "value": [12.0, 0.0], "potential": [10.0, 5.0],
        "potential_base": [9.0, 4.0], "demand_growth": [1.21, 1.21],
    })
    flows = pd.DataFrame({"importer": ["M", "M", "M"], "value": [12.0, 30.0, 18.0]})
    out = mi.target_totals(pot, flows, horizon=2).iloc[0]
    assert_allclose(
        [out["untapped"], out["realised_share"], out["imports"], out["market_share"],
         out["demand_growth_pct"]],
        [3.0, 0.8, 60.0, 0.2, 10.0], rtol=1e-12, atol=1e-12,
    )


def test_world_chapter_growth_and_markets() -> None:
    world = pd.DataFrame({"year": [2010, 2012], "chapter": ["09", "09"],
                          "world_usd": [100.0, 121.0], "exporter_usd": [1.0, 12.1]})
    last, first, w = mi.world_chapter_growth(world)
    assert (last, first) == (2012, 2010)
    assert_allclose([w.loc["09", "world_growth_pct"], w.loc["09", "exporter_world_share"]],
                    [10.0, 0.1], rtol=1e-12, atol=1e-12)
    now = pd.DataFrame({"chapter": ["09", "09"], "importer": ["A", "B"], "value": [30.0, 10.0]})
    prev = pd.DataFrame({"chapter": ["09"], "importer": ["A"], "value": [20.0]})
    out = mi.chapter_markets(now, prev)
    assert out["rank"].tolist() == [1, 2]
    assert_allclose(out["share"], [0.75, 0.25], rtol=1e-12, atol=0)
    assert_allclose(out["growth_pct"].iloc[0], 50.0, rtol=1e-12, atol=1e-12)
    assert out["growth_pct"].isna().tolist() == [False, True]


# -- the import service ------------------------------------------------------------------------------


def test_a_failed_rebuild_names_the_input_file(tmp_path, monkeypatch) -> None:
    """Issue 18 item 10: a disk-full during the post-commit rebuild gave ``AttributeError: 'str'
    object has no attribute 'name'`` (a loop variable shadowed the input path). Now the error
    names the file and the manifest is put back."""
    import duckdb

    from gvc.services import imports as imports_service
    from tests.helpers import DATA, baci_csv, private_home

    with private_home(tmp_path / "home", build=True) as home:
        csv = tmp_path / "BACI_HS17_Y2020_V202301.csv"
        baci_csv(csv, 2020, "i = 4")
        manifest = home / "imports/manifest.json"

        def entries() -> list[object]:
            return json.loads(manifest.read_text())["entries"] if manifest.is_file() else []

        before = entries()

        def disk_full(*args: object, **kwargs: object) -> None:
            raise duckdb.IOException("No space left on device")

        monkeypatch.setattr(imports_service.build_mod, "build", disk_full)
        con = gvc.connect(home / "gvc.duckdb", data_dir=DATA, build=False)
        with pytest.raises(gvc.ImportValidationError, match=r"^BACI_HS17_Y2020_V202301\.csv: "):
            con.import_file("baci", csv)
        con.close()
        assert entries() == before  # the manifest is put back: nothing was imported
