"""Export potential (ITC method): hand cases, identities, invariances, an independent loop check."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvc.analytics import export_potential as ep
from gvc.errors import InvalidInputError

# 3 exporters (A, B, C) x 3 products (p1-p3) x 3 markets (M1-M3)
HAND = pd.DataFrame(
    {
        "exporter": ["A", "A", "A", "B", "B", "B", "C", "C"],
        "importer": ["M1", "M1", "M2", "M1", "M2", "M3", "M2", "M3"],
        "product": ["p1", "p2", "p1", "p2", "p3", "p1", "p2", "p3"],
        "value": [6.0, 2.0, 4.0, 8.0, 5.0, 2.0, 3.0, 10.0],
    }
)


def cell(frame: pd.DataFrame, e: str, m: str, p: str) -> pd.Series:
    hit = frame[(frame["exporter"] == e) & (frame["importer"] == m) & (frame["product"] == p)]
    assert len(hit) == 1, (e, m, p)
    return hit.iloc[0]


def synthetic_flows(seed: int = 7, n_exp: int = 12, n_prod: int = 15, n_mkt: int = 10):
    """SYNTHETIC flows (fixed seed) with ~40 % of cells non-zero, exporters also import."""
    rng = np.random.default_rng(seed)
    countries = [f"C{i:02d}" for i in range(max(n_exp, n_mkt))]
    rows = [
        (countries[i], countries[j], f"P{k:02d}", float(rng.lognormal(3, 1.5)))
        for i in range(n_exp)
        for j in range(n_mkt)
        for k in range(n_prod)
        if i != j and rng.random() < 0.4
    ]
    flows = pd.DataFrame(rows, columns=["exporter", "importer", "product", "value"])
    d = pd.DataFrame(
        [(a, b, float(rng.uniform(300, 15000))) for a in countries for b in countries if a != b],
        columns=["exporter", "importer", "distance"],
    )
    t = pd.DataFrame(
        [
            (countries[j], f"P{k:02d}", float(rng.uniform(0, 20)))
            for j in range(0, n_mkt, 2)
            for k in range(n_prod)
        ],
        columns=["importer", "product", "tariff"],
    )
    return flows, d, t


# -- hand-computed case -----------------------------------------------------------------------


def test_hand_case_no_floor():
    out = ep.export_potential(HAND, rca_floor=None)
    # S_A,p1 = 10/12, S_A,p2 = 2/13; D_M1 = (6, 10); sum S D = 5 + 20/13 = 85/13; E = 8*13/85
    a_m1_p1 = cell(out, "A", "M1", "p1")
    assert a_m1_p1["supply"] == pytest.approx(10 / 12)
    assert a_m1_p1["ease"] == pytest.approx(104 / 85)
    assert a_m1_p1["potential"] == pytest.approx(520 / 85)
    assert cell(out, "A", "M1", "p2")["potential"] == pytest.approx(2080 / 1105)
    # A-M2: sum S D = 10/3 + 6/13 = 148/39, E = 4 * 39 / 148 = 39/37; A sells no p2 to M2
    a_m2_p2 = cell(out, "A", "M2", "p2")
    assert a_m2_p2["value"] == 0
    assert a_m2_p2["ease"] == pytest.approx(39 / 37)
    assert a_m2_p2["potential"] == pytest.approx(18 / 37)
    assert a_m2_p2["untapped"] == pytest.approx(18 / 37)
    assert a_m2_p2["realised_share"] == 0
    # A does not reach M3: no ease, no potential there
    assert not ((out["exporter"] == "A") & (out["importer"] == "M3")).any()
    # C-M3 sells only p3: the whole pair is p3, potential equals trade
    assert cell(out, "C", "M3", "p3")["potential"] == pytest.approx(10.0)


def test_hand_case_rca_floor():
    out = ep.export_potential(HAND, rca_floor=1.0)
    # RCA_A,p2 = (2/12) / (13/40) = 0.5128 < 1: p2 leaves A's supply
    a_m1_p2 = cell(out, "A", "M1", "p2")
    assert a_m1_p2["rca"] == pytest.approx((2 / 12) / (13 / 40))
    assert not a_m1_p2["eligible"]
    assert a_m1_p2["potential"] == 0
    assert a_m1_p2["untapped"] == 0
    # then E_A,M1 = 6 / (5/6 * 6) = 6/5 and PotX(A, M1, p1) = 6 exactly
    a_m1_p1 = cell(out, "A", "M1", "p1")
    assert a_m1_p1["ease"] == pytest.approx(1.2)
    assert a_m1_p1["potential"] == pytest.approx(6.0)
    assert "RCA >= 1" in out.attrs["corrections"]


def test_hand_case_projection_factors():
    sg = pd.DataFrame({"exporter": ["A"], "product": ["p1"], "growth": [0.1]})
    dg = pd.DataFrame({"importer": ["M1"], "growth_factor": [1.5]})
    out = ep.export_potential(
        HAND, rca_floor=None, supply_growth=sg, demand_growth=dg, pass_through=0.5, horizon=2
    )
    c = cell(out, "A", "M1", "p1")
    assert c["supply_growth"] == pytest.approx(1.05**2)
    assert c["demand_growth"] == 1.5
    assert c["potential"] == pytest.approx(520 / 85 * 1.05**2 * 1.5)
    assert c["potential_base"] == pytest.approx(520 / 85)
    other = cell(out, "A", "M2", "p1")  # no growth given for M2: unchanged market
    assert other["demand_growth"] == 1.0


def test_hand_mfn_tariff_and_distance():
    # M1 charges 10 % on p1, M2 0 %: the import-weighted world average on p1 is (6*.1)/(6+4)
    # (M3 has no tariff and is left out of the average and neutral)
    tariffs = pd.DataFrame(
        {"importer": ["M1", "M2"], "product": ["p1", "p1"], "tariff": [10.0, 0.0]}
    )
    out = ep.export_potential(HAND, rca_floor=None, tariffs=tariffs, tariff_elasticity=4.0)
    tbar = 0.6 / 10
    assert cell(out, "A", "M1", "p1")["access"] == pytest.approx((1.1 / (1 + tbar)) ** -4)
    assert cell(out, "A", "M2", "p1")["access"] == pytest.approx((1.0 / (1 + tbar)) ** -4)
    assert cell(out, "B", "M3", "p1")["access"] == 1.0
    # distance: p2 in M1 comes from A (d=100) and B (d=400): dbar = exp((2 ln100 + 8 ln400)/10)
    dist = pd.DataFrame(
        {"exporter": ["A", "B"], "importer": ["M1", "M1"], "distance": [100.0, 400.0]}
    )
    out = ep.export_potential(HAND, rca_floor=None, distances=dist, distance_elasticity=1.0)
    dbar_p2 = math.exp((2 * math.log(100) + 8 * math.log(400)) / 10)
    assert cell(out, "A", "M1", "p2")["distance_factor"] == pytest.approx(dbar_p2 / 100)
    # p1 in M1 comes only from A: relative distance 1
    assert cell(out, "A", "M1", "p1")["distance_factor"] == pytest.approx(1.0)


def test_bilateral_tariffs_relative_to_competitors():
    # M1 imports p2 from A (2) and B (8); A pays 0 %, B pays 5 %: tbar = (2*0 + 8*.05)/10 = .04
    tariffs = pd.DataFrame(
        {
            "exporter": ["A", "B"],
            "importer": ["M1", "M1"],
            "product": ["p2", "p2"],
            "tariff": [0.0, 5.0],
        }
    )
    out = ep.export_potential(HAND, rca_floor=None, tariffs=tariffs, tariff_elasticity=5.0)
    assert cell(out, "A", "M1", "p2")["access"] == pytest.approx((1.0 / 1.04) ** -5)
    assert cell(out, "B", "M1", "p2")["access"] == pytest.approx((1.05 / 1.04) ** -5)
    assert cell(out, "A", "M1", "p1")["access"] == 1.0
    assert "exporter-specific" in out.attrs["corrections"]


# -- an independent loop implementation of the formulas ---------------------------------------


def loop_potential(flows, rca_floor, tariffs, distances, sigma, delta):
    """Plain-Python export potential (dicts and loops), written apart from the vectorised code."""
    X: dict[tuple[str, str, str], float] = {}
    for e, m, p, v in flows.itertuples(index=False):
        if e != m:
            X[(e, m, p)] = X.get((e, m, p), 0.0) + v
    exps = {k[0] for k in X}
    mkts = {k[1] for k in X}
    prods = {k[2] for k in X}
    Xik = {
        (e, p): sum(v for (a, _, b), v in X.items() if a == e and b == p)
        for e in exps
        for p in prods
    }
    Xi = {e: sum(Xik[(e, p)] for p in prods) for e in exps}
    Xk = {p: sum(Xik[(e, p)] for e in exps) for p in prods}
    W = sum(Xk.values())
    Mjk = {
        (m, p): sum(v for (_, b, c), v in X.items() if b == m and c == p)
        for m in mkts
        for p in prods
    }
    t = {(r.importer, r.product): r.tariff / 100 for r in tariffs.itertuples()}
    tbar = {}
    for p in prods:
        num = sum(Mjk[(m, p)] * t[(m, p)] for m in mkts if (m, p) in t)
        den = sum(Mjk[(m, p)] for m in mkts if (m, p) in t)
        tbar[p] = num / den if den else None
    d = {(r.exporter, r.importer): r.distance for r in distances.itertuples()}
    dbar = {}
    for m in mkts:
        for p in prods:
            ws = [
                (v, math.log(d[(e, m)]))
                for (e, b, c), v in X.items()
                if b == m and c == p and (e, m) in d
            ]
            tot = sum(w for w, _ in ws)
            dbar[(m, p)] = sum(w * ld for w, ld in ws) / tot if tot else None
    out = {}
    for e in exps:
        rca = {p: (Xik[(e, p)] / Xi[e]) / (Xk[p] / W) for p in prods if Xk[p] > 0}
        elig = [p for p in prods if Xik[(e, p)] > 0 and rca[p] >= rca_floor]
        for m in mkts:
            D = {}
            for p in elig:
                a = 1.0
                if (m, p) in t and tbar[p] is not None:
                    a = ((1 + t[(m, p)]) / (1 + tbar[p])) ** -sigma
                g = 1.0
                if (e, m) in d and dbar[(m, p)] is not None:
                    g = math.exp(-delta * (math.log(d[(e, m)]) - dbar[(m, p)]))
                D[p] = Mjk[(m, p)] * a * g
            den = sum(Xik[(e, p)] / Xk[p] * D[p] for p in elig)
            xij = sum(X.get((e, m, p), 0.0) for p in elig)
            ease = xij / den if den > 0 else 0.0
            for p in elig:
                out[(e, m, p)] = Xik[(e, p)] / Xk[p] * D[p] * ease
    return out


def test_agrees_with_loop_implementation():
    flows, dist, tariffs = synthetic_flows(seed=3, n_exp=6, n_prod=5, n_mkt=6)
    got = ep.export_potential(
        flows,
        rca_floor=1.0,
        tariffs=tariffs,
        distances=dist,
        tariff_elasticity=3.0,
        distance_elasticity=0.8,
    )
    ref = loop_potential(flows, 1.0, tariffs, dist, 3.0, 0.8)
    got = got[got["eligible"]]
    keyed = {(r.exporter, r.importer, r.product): r.potential_base for r in got.itertuples()}
    nonzero = {k: v for k, v in ref.items() if v > 0}
    assert len(nonzero) > 20
    assert {k for k, v in keyed.items() if v > 0} == set(nonzero)
    for k, v in nonzero.items():
        assert keyed[k] == pytest.approx(v, rel=1e-12)


# -- identities and invariances -----------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calibration_identity_every_pair(seed):
    flows, dist, tariffs = synthetic_flows(seed=seed)
    out = ep.export_potential(flows, rca_floor=1.0, tariffs=tariffs, distances=dist)
    elig = out[out["eligible"]]
    pairs = elig.groupby(["exporter", "importer"])[["value", "potential_base"]].sum()
    np.testing.assert_allclose(pairs["potential_base"], pairs["value"], rtol=1e-10)
    # and every pair with eligible trade is there
    rca = ep.rca(flows)
    ok = rca[rca["rca"] >= 1.0][["exporter", "product"]]
    traded = flows.merge(ok, on=["exporter", "product"]).groupby(["exporter", "importer"])
    assert len(pairs) == traded.ngroups
    # no floor: the pair's potential equals all its trade
    out = ep.export_potential(flows, rca_floor=None, distances=dist)
    pairs = out.groupby(["exporter", "importer"])[["value", "potential_base"]].sum()
    total = flows.groupby(["exporter", "importer"])["value"].sum()
    np.testing.assert_allclose(pairs["potential_base"], total.loc[pairs.index], rtol=1e-10)


@pytest.mark.parametrize("seed", [4, 5])
def test_untapped_never_negative_and_consistent(seed):
    flows, dist, tariffs = synthetic_flows(seed=seed)
    sg = ep.rca(flows).assign(growth=lambda f: np.linspace(-0.9, 0.9, len(f)))
    dg = pd.DataFrame({"importer": flows["importer"].unique()}).assign(growth_factor=0.7)
    out = ep.export_potential(
        flows, tariffs=tariffs, distances=dist, supply_growth=sg, demand_growth=dg
    )
    assert (out["untapped"] >= 0).all()
    np.testing.assert_allclose(out["untapped"], np.maximum(out["potential"] - out["value"], 0))
    pos = out["potential"] > 0
    np.testing.assert_allclose(
        out.loc[pos, "realised_share"], out.loc[pos, "value"] / out.loc[pos, "potential"]
    )
    assert out["supply_growth"].between(0.75**5 - 1e-12, 1.25**5 + 1e-12).all()


def test_invariant_to_row_order():
    flows, dist, tariffs = synthetic_flows(seed=9)
    a = ep.export_potential(flows, tariffs=tariffs, distances=dist)
    shuffled = flows.sample(frac=1.0, random_state=1).reset_index(drop=True)
    b = ep.export_potential(shuffled, tariffs=tariffs.iloc[::-1], distances=dist.iloc[::-1])
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


def test_invariant_to_a_market_without_trade():
    flows, dist, tariffs = synthetic_flows(seed=11)
    a = ep.export_potential(flows, tariffs=tariffs, distances=dist)
    extra = pd.DataFrame(
        {
            "exporter": ["C00", "C01"],
            "importer": ["ZZZ", "ZZZ"],
            "product": ["P00", "P01"],
            "value": [0.0, 0.0],
        }
    )
    more_dist = pd.concat(
        [
            dist,
            pd.DataFrame(
                {"exporter": ["C00", "C01"], "importer": ["ZZZ", "ZZZ"], "distance": [500.0, 900.0]}
            ),
        ]
    )
    more_tar = pd.concat(
        [tariffs, pd.DataFrame({"importer": ["ZZZ"], "product": ["P00"], "tariff": [35.0]})]
    )
    b = ep.export_potential(
        pd.concat([flows, extra], ignore_index=True), tariffs=more_tar, distances=more_dist
    )
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


def test_one_exporter_equals_its_rows_of_all():
    flows, dist, tariffs = synthetic_flows(seed=12)
    everyone = ep.export_potential(flows, tariffs=tariffs, distances=dist)
    one = ep.export_potential(flows, ["C03"], tariffs=tariffs, distances=dist)
    pd.testing.assert_frame_equal(
        everyone[everyone["exporter"] == "C03"].reset_index(drop=True), one
    )
    chunks = list(ep.iter_export_potential(flows, chunk=5, tariffs=tariffs, distances=dist))
    assert len(chunks) == 3
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), everyone)


# -- diversification, competitors, IO flows -----------------------------------------------------


def test_diversification_hand_case():
    density = pd.DataFrame({"product": ["p1", "p2", "p3"], "density": [0.5, 0.4, 0.3]})
    out = ep.diversification(HAND, "A", density)
    # A has RCA >= 1 only in p1 (E_A,M1 = E_A,M2 = 6/5 and 4/(10/3) = 6/5); M3 not reached
    assert set(out["product"]) == {"p2", "p3"}
    assert not (out["importer"] == "M3").any()
    s = {(r.importer, r.product): r.score for r in out.itertuples()}
    assert s[("M1", "p2")] == pytest.approx(0.4 * 10 * 1.2)
    assert s[("M2", "p2")] == pytest.approx(0.4 * 3 * 1.2)
    assert s[("M2", "p3")] == pytest.approx(0.3 * 5 * 1.2)
    first = out.iloc[0]
    assert (first["importer"], first["product"], first["rank"]) == ("M1", "p2", 1)
    ranks = out.groupby("product")["product_rank"].first()
    assert ranks["p2"] == 1
    assert ranks["p3"] == 2


def test_competitors_hand_case():
    out = ep.competitors(HAND, n=2).set_index(["importer", "product"])
    assert out.loc[("M1", "p2"), "competitors"] == "B 80%, A 20%"
    assert out.loc[("M1", "p2"), "top_supplier"] == "B"
    assert out.loc[("M1", "p2"), "top_share"] == pytest.approx(0.8)
    assert len(out) == 7


def test_flows_from_io_two_regions():
    # regions R1, R2; sectors s1, s2; Z region-major
    Z = np.array(
        [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]
    )
    Y = np.zeros((4, 2, 1))
    Y[0, 1, 0] = 10.0  # R1 s1 final sales to R2
    Y[2, 0, 0] = -20.0  # R2 s1 negative final (inventories) to R1: total 10 - 20 < 0
    out = ep.flows_from_io(Z, Y, ["R1", "R2"], ["s1", "s2"])
    got = {(r.exporter, r.importer, r.product): r.value for r in out.itertuples()}
    assert got == {
        ("R1", "R2", "s1"): 3 + 4 + 10,
        ("R1", "R2", "s2"): 7 + 8,
        ("R2", "R1", "s2"): 4 + 5,
    }
    assert out.attrs["negative_cells"] == 1
    assert out.attrs["final"]
    inter = ep.flows_from_io(Z, None, ["R1", "R2"], ["s1", "s2"])  # a table like OECD ICIO
    got = {(r.exporter, r.importer, r.product): r.value for r in inter.itertuples()}
    assert got == {
        ("R1", "R2", "s1"): 3 + 4,
        ("R1", "R2", "s2"): 7 + 8,
        ("R2", "R1", "s1"): 9 + 1,
        ("R2", "R1", "s2"): 4 + 5,
    }
    assert not inter.attrs["final"]


# -- bad input ----------------------------------------------------------------------------------


def test_bad_input():
    with pytest.raises(InvalidInputError, match="missing: value"):
        ep.export_potential(HAND.drop(columns="value"))
    with pytest.raises(InvalidInputError, match="'value' must be >= 0"):
        ep.export_potential(HAND.assign(value=-HAND["value"]))
    with pytest.raises(InvalidInputError, match="'exporters': ZZZ"):
        ep.export_potential(HAND, ["ZZZ"])
    with pytest.raises(InvalidInputError, match="'horizon'"):
        ep.export_potential(HAND, horizon=-1)
    with pytest.raises(InvalidInputError, match="'pass_through'"):
        ep.export_potential(HAND, pass_through=2)
    with pytest.raises(InvalidInputError, match="'distance' must be > 0"):
        ep.export_potential(
            HAND, distances=pd.DataFrame({"exporter": ["A"], "importer": ["M1"], "distance": [0.0]})
        )
    with pytest.raises(InvalidInputError, match="'tariff' must be >= 0"):
        ep.export_potential(
            HAND, tariffs=pd.DataFrame({"importer": ["M1"], "product": ["p1"], "tariff": [-1.0]})
        )
    with pytest.raises(InvalidInputError, match="must be numeric"):
        ep.export_potential(HAND.assign(value="x"))


# -- non-finite input (issue 13 item 3) ---------------------------------------------------------

COFFEE = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "trade_flows"
    / "comtrade_hs0901_green_coffee_bilateral_exports_2005_2010_2015.parquet"
)


@pytest.fixture(scope="module")
def coffee_2015() -> pd.DataFrame:
    raw = pd.read_parquet(COFFEE)
    raw = raw[(raw["year"] == 2015) & (raw["trade_flow"] == "Export")]
    out = pd.DataFrame(
        {
            "exporter": raw["reporter_iso3"].astype(str),
            "importer": raw["partner_iso3"].astype(str),
            "product": raw["cmd_code"].astype(str),
            "value": raw["trade_value_usd"].astype(float),
        }
    )
    return out[out["importer"] != out["exporter"]].reset_index(drop=True)


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_one_non_finite_flow_of_real_data_is_refused(coffee_2015, bad):
    flows = coffee_2015.copy()
    hit = flows.index[(flows["exporter"] == "IDN") & (flows["importer"] == "USA")][0]
    flows.loc[hit, "value"] = bad
    product = flows.loc[hit, "product"]
    with pytest.raises(InvalidInputError) as err:
        ep.export_potential(flows, ["IDN"])
    assert f"row {hit} (exporter IDN, importer USA, product {product}) = {float(bad)!r}" in str(
        err.value
    )
    # the real data without the bad cell calibrate: sum of base potential = IDN's exports
    good = ep.export_potential(coffee_2015, ["IDN"], rca_floor=None)
    idn = coffee_2015[coffee_2015["exporter"] == "IDN"]["value"].sum()
    assert idn > 1e8  # Indonesia exported several hundred million USD of green coffee in 2015
    np.testing.assert_allclose(good["potential_base"].sum(), idn, rtol=1e-9)


def test_infinite_tariff_is_refused_but_missing_tariff_means_unknown():
    tariffs = pd.DataFrame({"importer": ["M1", "M2"], "product": ["p1", "p1"], "tariff": [5.0, 0]})
    with pytest.raises(InvalidInputError, match=r"row 1 \(importer M2, product p1\) = inf"):
        ep.export_potential(HAND, tariffs=tariffs.assign(tariff=[5.0, np.inf]))
    unknown = ep.export_potential(HAND, tariffs=tariffs.assign(tariff=[5.0, np.nan]))
    assert np.isfinite(unknown["potential"]).all()


def test_non_finite_io_arrays_are_refused_naming_the_cell():
    Z = np.ones((4, 4))
    Y = np.ones((4, 2, 1))
    Z[2, 1] = np.nan
    with pytest.raises(InvalidInputError, match=r"row R2 s1, column R1 s2 = nan"):
        ep.flows_from_io(Z, Y, ["R1", "R2"], ["s1", "s2"])
    Z[2, 1] = 1.0
    Y[3, 0, 0] = np.inf
    with pytest.raises(InvalidInputError, match=r"row R2 s2, destination R1 = inf"):
        ep.flows_from_io(Z, Y, ["R1", "R2"], ["s1", "s2"])


@pytest.mark.parametrize("floor", [1.0, None])
def test_rows_come_sorted_by_exporter_product_importer_without_a_text_sort(floor):
    flows, distances, tariffs = synthetic_flows(seed=3)
    out = ep.export_potential(flows, rca_floor=floor, distances=distances, tariffs=tariffs)
    assert (~out["eligible"]).any() == (floor is not None)  # trade below the floor is merged in
    keys = ["exporter", "product", "importer"]
    expected = out.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, expected)
    assert str(out["exporter"].dtype) == "str"
    parts = list(ep.iter_export_potential(flows, ["C03", "C01"], chunk=1, rca_floor=floor))
    assert [p["exporter"].iloc[0] for p in parts] == ["C03", "C01"]  # the order asked for


def test_row_blocks_give_the_same_result_as_one_block(monkeypatch):
    # the margins and the distance means are summed in row blocks (inputs.BLOCK_ROWS): blocks
    # of 7 rows (several per exporter, a ragged last block) must equal one block of all rows;
    # some distances unknown so the known-distance weights are summed too
    flows, dist, tariffs = synthetic_flows(seed=5, n_exp=7, n_prod=6, n_mkt=7)
    dist = dist.iloc[::3]
    ref = ep.export_potential(flows, tariffs=tariffs, distances=dist)
    monkeypatch.setattr(ep.inputs, "BLOCK_ROWS", 7)
    got = ep.export_potential(flows, tariffs=tariffs, distances=dist)
    assert len(flows) > 50
    assert len(got) == len(ref)
    for col in ("potential", "distance_factor", "imports", "untapped"):
        a, b = got[col].to_numpy(), ref[col].to_numpy()
        assert np.array_equal(np.isnan(a), np.isnan(b)), col
        ok = ~np.isnan(a)
        assert np.allclose(a[ok], b[ok], rtol=1e-12, atol=1e-9), col
    assert np.isnan(got["distance_factor"]).sum() < len(got)


def test_codes_are_int16_for_country_and_product_lists_and_int32_beyond():
    flows, _, _ = synthetic_flows(seed=2)
    cube = ep.TradeCube.from_flows(flows)
    assert cube.e.dtype == np.int16
    assert cube.p.dtype == np.int16
    many = pd.DataFrame(
        {
            "exporter": ["A"] * 40_000,
            "importer": ["B"] * 40_000,
            "product": [f"{k:06d}" for k in range(40_000)],  # more labels than int16 holds
            "value": 1.0,
        }
    )
    big = ep.TradeCube.from_flows(many)
    assert big.p.dtype == np.int32
    assert big.p.max() == 39_999
    assert big.Xik.shape == (1, 40_000)
    assert big.Xik.sum() == pytest.approx(40_000, abs=1e-9)
