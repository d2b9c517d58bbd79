"""HS revision conversion with the UN adjacent-vintage correlations (equal and trade weights)."""

from __future__ import annotations

import pandas as pd
import pytest

from gvc.errors import InvalidInputError
from gvc.importers.hsconvert import steps


def test_steps_walk_adjacent_vintages() -> None:
    assert steps("HS17", "HS92") == [
        ("HS17", "HS12"),
        ("HS12", "HS07"),
        ("HS07", "HS02"),
        ("HS02", "HS96"),
        ("HS96", "HS92"),
    ]
    assert steps("HS92", "HS17")[0] == ("HS92", "HS96")
    assert steps("HS22", "HS17") == [("HS22", "HS17")]
    assert steps("HS17", "HS17") == []


def _one_to_n(con, a: str, b: str) -> tuple[str, list[str]]:
    (src,) = (
        con.store.cursor()
        .execute(
            "select from_code from hs_vintage_links where from_revision = $a and to_revision = $b"
            " group by 1 having count(distinct to_code) = 2 and bool_and(relationship = '1:n')"
            " order by 1 limit 1",
            {"a": a, "b": b},
        )
        .fetchone()
    )
    dst = [
        r[0]
        for r in con.store.cursor()
        .execute(
            "select distinct to_code from hs_vintage_links where from_revision = $a and"
            " from_code = $c order by 1",
            {"a": a, "c": src},
        )
        .fetchall()
    ]
    return src, dst


def test_equal_split_of_a_one_to_two_link(con) -> None:
    src, dst = _one_to_n(con, "HS96", "HS92")
    frame = pd.DataFrame(
        {
            "year": [2000, 2000],
            "exporter": ["IDN", "VNM"],
            "hs_revision": ["HS96", "HS96"],
            "product": [src, src],
            "value_usd": [100.0, 30.0],
        }
    )
    out = con.convert_hs(frame, to="HS92")
    assert list(out.columns) == list(frame.columns)
    got = {(r.exporter, r.product): r.value_usd for r in out.itertuples()}
    assert got == {
        ("IDN", dst[0]): 50.0,
        ("IDN", dst[1]): 50.0,
        ("VNM", dst[0]): 15.0,
        ("VNM", dst[1]): 15.0,
    }
    assert set(out["hs_revision"]) == {"HS92"}


def test_trade_weighted_split_uses_world_trade_at_targets(con) -> None:
    # HS22 -> HS17: the BACI HS17 sample gives world trade at the HS17 targets.
    cur = con.store.cursor()
    row = cur.execute(
        """with t as (select product, sum(value_usd) as v from trade_flows
                      where hs_revision = 'HS17' and level = 6 group by 1),
           l as (select from_code, to_code from hs_vintage_links
                 where from_revision = 'HS22' and to_revision = 'HS17' and relationship = '1:n')
           select from_code, list(to_code order by to_code), list(coalesce(v, 0) order by to_code)
           from l left join t on t.product = l.to_code group by 1
           having count(*) = 2 and min(coalesce(v, 0)) > 0 order by 1 limit 1"""
    ).fetchone()
    src, targets, world = row
    frame = pd.DataFrame({"hs_revision": ["HS22"], "product": [src], "value_usd": [1000.0]})
    out = con.convert_hs(frame, to="HS17", weights="trade").set_index("product")["value_usd"]
    total = world[0] + world[1]
    assert out[targets[0]] == pytest.approx(1000.0 * world[0] / total, rel=1e-12)
    assert out[targets[1]] == pytest.approx(1000.0 * world[1] / total, rel=1e-12)


def test_real_baci_sample_value_is_conserved(con) -> None:
    flows = con.trade_flows(year=2020, exporter="AFG", source="baci_hs17_sample")
    flows = flows.drop(columns=["source", "level", "quantity_unit"])
    known = {
        r[0]
        for r in con.store.cursor()
        .execute("select from_code from hs_vintage_links where from_revision = 'HS17'")
        .fetchall()
    }
    kept = flows[flows["product"].isin(known)]
    if len(kept) < len(flows):
        with pytest.warns(UserWarning, match="missing from the HS17 correlation table"):
            out = con.convert_hs(flows, to="HS92")
    else:
        out = con.convert_hs(flows, to="HS92")
    assert out["value_usd"].sum() == pytest.approx(kept["value_usd"].sum(), rel=1e-9)
    assert out["quantity"].sum() == pytest.approx(kept["quantity"].sum(), rel=1e-9)
    # per exporter-importer pair, value is conserved too
    a = kept.groupby("importer")["value_usd"].sum()
    b = out.groupby("importer")["value_usd"].sum()
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), rtol=1e-9)


def test_bad_input(con) -> None:
    frame = pd.DataFrame({"hs_revision": ["HS17"], "product": ["0901"], "value_usd": [1.0]})
    with pytest.raises(InvalidInputError, match="6-digit"):
        con.convert_hs(frame)
    with pytest.raises(InvalidInputError, match="'to'"):
        con.convert_hs(frame.assign(product="090111"), to="HS07")
    with pytest.raises(InvalidInputError, match="no column 'product'"):
        con.convert_hs(frame.rename(columns={"product": "k"}))
