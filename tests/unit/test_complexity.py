"""Tests of gvc.analytics.complexity: hand-checkable cases and agreement with py-ecomplexity.

The reference runs read the shipped Atlas 2016 HS92 4-digit parquet directly, so the maths is
checked without the database. py-ecomplexity 0.5.3 runs unpatched under pandas 3 on this input
(no NaN values are passed to it: its ``fillna(inplace=True)`` on a column is a no-op under
copy-on-write). Its warnings and prints are silenced in the fixtures.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction as F
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from gvc.analytics import complexity as cx
from gvc.errors import InvalidInputError

DATA = Path(__file__).resolve().parents[2] / "data"
ATLAS = DATA / "trade_flows" / "atlas_hs92_country_hs4_exports_2016.parquet"
WDI = DATA / "macro" / "wdi_population_gdp_gdppc_long.parquet"
COLS = {"time": "year", "loc": "exporter_iso3", "prod": "hs92_4", "val": "export_value_usd"}
RTOL = 1e-6
ATOL = 1e-10  # values within 1e-10 of zero (a few PCI/COG) are compared absolutely

# --------------------------------------------------------------------------------------------------
# A 3 x 4 case small enough to work through by hand
#
#        p1  p2  p3  p4   total          RCA = (X/20) / (15/60) = X/5
#   A    10   0   5   5    20            A: 2 0 1 1   -> M: 1 0 1 1   diversity 3
#   B     0  10  10   0    20            B: 0 2 2 0   -> M: 0 1 1 0   diversity 2
#   C     5   5   0  10    20            C: 1 1 0 2   -> M: 1 1 0 1   diversity 3
#   world 15 15  15  15    60            ubiquity 2 2 2 2
#
# C = M'M = [[2,1,1,2],[1,2,1,1],[1,1,2,1],[2,1,1,2]], so phi = C / 2.
# Mcc = D_c^-1 M D_p^-1 M' = [[1/2,1/6,1/3],[1/4,1/2,1/4],[1/3,1/6,1/2]]: eigenvalues 1, 1/3, 1/6;
# the 1/3 eigenvector is kc = (1, -3, 1) (positively correlated with diversity), and
# kp = 3 D_p^-1 M' kc = (3, -3, -3, 3) (check: D_c^-1 M kp = kc). mean kc = -1/3,
# sd kc = sqrt(32/9) = 4 sqrt(2) / 3.
# --------------------------------------------------------------------------------------------------

X3 = np.array([[10, 0, 5, 5], [0, 10, 10, 0], [5, 5, 0, 10]], dtype=float)
M3 = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], dtype=float)
PHI3 = np.array(
    [[1, 0.5, 0.5, 1], [0.5, 1, 0.5, 0.5], [0.5, 0.5, 1, 0.5], [1, 0.5, 0.5, 1]], dtype=float
)
SD_KC = 4 * math.sqrt(2) / 3
KP3 = np.array([3.0, -3.0, -3.0, 3.0])


def hand_density() -> np.ndarray:
    """Density sum_q M_cq phi_pq / sum_q phi_pq with exact fractions."""
    phi = [[F(x).limit_denominator() for x in row] for row in PHI3.tolist()]
    out = np.zeros((3, 4))
    for c in range(3):
        for p in range(4):
            num = sum(int(M3[c, q]) * phi[p][q] for q in range(4))
            out[c, p] = float(num / sum(phi[p]))
    return out


def test_rca_mcp_diversity_ubiquity_by_hand():
    np.testing.assert_allclose(cx.rca(X3), X3 / 5, rtol=1e-15)
    np.testing.assert_array_equal(cx.mcp(cx.rca(X3)), M3)
    np.testing.assert_array_equal(cx.diversity(M3), [3, 2, 3])
    np.testing.assert_array_equal(cx.ubiquity(M3), [2, 2, 2, 2])


def test_mcp_threshold_is_inclusive_and_continuous_form():
    r = np.array([[0.999, 1.0, 2.0, np.nan]])
    np.testing.assert_array_equal(cx.mcp(r), [[0, 1, 1, 0]])
    np.testing.assert_array_equal(cx.mcp(r, threshold=2.0), [[0, 0, 1, 0]])
    np.testing.assert_allclose(cx.mcp(r, continuous=True), [[0.999 / 1.999, 0.5, 2 / 3, 0.0]])


def test_rpop_by_hand():
    pop = np.array([1.0, 2.0, 1.0])
    # RPOP = (X / pop) / (world_p / 4): world_p = 15, so RPOP = X * 4 / (15 pop)
    expected = X3 * 4 / (15 * pop[:, None])
    np.testing.assert_allclose(cx.rpop(X3, pop), expected, rtol=1e-15)


def test_eci_pci_by_hand():
    out = cx.eci_pci(M3)
    s2 = math.sqrt(2)
    np.testing.assert_allclose(out.eci, [1 / s2, -s2, 1 / s2], rtol=1e-12)
    np.testing.assert_allclose(out.pci, [5 / (2 * s2), -s2, -s2, 5 / (2 * s2)], rtol=1e-12)
    assert out.eigenvalue == pytest.approx(1 / 3, rel=1e-12)
    # ECI is the mean PCI of the products present (a property of the normalisation)
    np.testing.assert_allclose((M3 @ out.pci) / M3.sum(axis=1), out.eci, rtol=1e-12)


def test_proximity_by_hand():
    np.testing.assert_allclose(cx.proximity(M3), PHI3, rtol=1e-15)
    # asymmetric: C_pq / k_p; every k_p is 2 here, so it equals the symmetric one
    np.testing.assert_allclose(cx.proximity(M3, "asymmetric"), PHI3, rtol=1e-15)
    m = np.array([[1, 1, 0], [1, 0, 0], [1, 0, 1]], dtype=float)  # k = 3, 1, 1; C_01 = 1
    asym = cx.proximity(m, "asymmetric")
    assert asym[0, 1] == pytest.approx(1 / 3)  # P(1 | 0)
    assert asym[1, 0] == pytest.approx(1.0)  # P(0 | 1)
    assert cx.proximity(m)[0, 1] == pytest.approx(1 / 3)  # min of the two


def test_continuous_proximity_by_hand():
    r = cx.rca(X3)
    phi = cx.proximity(M3, "continuous", values=r)
    # columns p1 = (2, 0, 1) and p4 = (1, 0, 2): corr = 0.5 -> phi = 0.75
    assert phi[0, 3] == pytest.approx(0.75, rel=1e-12)
    np.testing.assert_allclose(phi, (1 + np.corrcoef(r.T)) / 2, rtol=1e-12, atol=1e-12)


def test_density_distance_by_hand():
    dens = cx.density(M3, PHI3)
    expected = hand_density()
    np.testing.assert_allclose(dens, expected, rtol=1e-12)
    assert dens[0, 1] == pytest.approx(0.6)  # A, p2: (0.5 + 0.5 + 0.5) / 2.5
    np.testing.assert_allclose(cx.distance(dens), 1 - expected, rtol=1e-12)


def test_coi_cog_by_hand():
    dens = hand_density()
    s2 = math.sqrt(2)
    # raw COI: A -> 0.6 * -3, B -> (1/3) * 3 + (1/3) * 3, C -> 0.6 * -3 = (-1.8, 2, -1.8)
    np.testing.assert_allclose(cx.coi(dens, M3, KP3), [-1 / s2, s2, -1 / s2], rtol=1e-12)
    got = cx.cog(M3, PHI3, KP3, SD_KC)
    expected = np.zeros((3, 4))
    expected[0, 1] = (1 / 2.5) * -3 / SD_KC  # A lacks only p2
    expected[1, 0] = expected[1, 3] = ((1 / 3) * 3 + (1 / 3) * 3) / SD_KC  # B lacks p1 and p4
    expected[2, 2] = (1 / 2.5) * -3 / SD_KC  # C lacks only p3
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_full_run_by_hand():
    res = cx.complexity_matrix(X3, ["A", "B", "C"], ["p1", "p2", "p3", "p4"])
    df = res.to_frame()
    assert list(df.columns) == [
        "location",
        "product",
        "export_value",
        "market_share",
        "rca",
        "mcp",
        "diversity",
        "ubiquity",
        "eci",
        "pci",
        "density",
        "distance",
        "coi",
        "cog",
    ]
    assert len(df) == 12
    row = df[(df["location"] == "B") & (df["product"] == "p1")].iloc[0]
    assert row["rca"] == 0.0
    assert row["mcp"] == 0
    assert row["density"] == pytest.approx(1 / 3)
    assert row["eci"] == pytest.approx(-math.sqrt(2))
    assert row["pci"] == pytest.approx(5 / (2 * math.sqrt(2)))
    assert row["cog"] == pytest.approx(2 / SD_KC)
    assert row["market_share"] == 0.0
    a4 = df[(df["location"] == "A") & (df["product"] == "p4")].iloc[0]
    assert a4["market_share"] == pytest.approx(5 / 15)


def test_knn_density_hand_computed_and_reference_defect():
    phi = np.array([[1, 0.8, 0.3, 0.1], [0.8, 1, 0.5, 0.2], [0.3, 0.5, 1, 0.6], [0.1, 0.2, 0.6, 1]])
    m = np.array([[1, 0, 1, 0], [0, 1, 0, 1]], dtype=float)
    # k = 2 nearest neighbours (largest phi, excluding p itself):
    #   p1: p2 (.8), p3 (.3)   p2: p1 (.8), p3 (.5)   p3: p4 (.6), p2 (.5)   p4: p3 (.6), p2 (.2)
    expected = np.array(
        [
            [0.3 / 1.1, (0.8 + 0.5) / 1.3, 0.0, 0.6 / 0.8],
            [0.8 / 1.1, 0.0, (0.6 + 0.5) / 1.1, 0.2 / 0.8],
        ]
    )
    np.testing.assert_allclose(cx.density(m, phi, knn=2), expected, rtol=1e-12)
    # with every other product as a neighbour, kNN density is the full density without the
    # product's own term
    off = PHI3 - np.eye(4)
    np.testing.assert_allclose(
        cx.density(M3, PHI3, knn=3), (M3 @ off.T) / off.sum(axis=1), rtol=1e-12
    )
    # py-ecomplexity 0.5.3 sums the neighbours' presence without the proximity weights
    from ecomplexity.calc_density import calc_density

    ref = calc_density(m, phi, knn=2)
    unweighted = np.array([[1, 2, 0, 1], [1, 0, 2, 1]], dtype=float)
    np.testing.assert_array_equal(ref, unweighted)
    assert not np.allclose(ref, expected)


def test_growth_opportunities_by_hand():
    prods = pd.DataFrame(
        {
            "product": ["a", "b", "c", "d", "e"],
            "rca": [0.2, 0.5, 0.9, 3.0, 0.0],
            "distance": [0.7, 0.8, 0.9, 0.1, 0.75],
            "pci": [1.0, 2.0, 3.0, 0.0, 4.5],
            "cog": [0.1, 0.3, 0.2, 0.0, 0.0],
        }
    )
    out = cx.growth_opportunities(prods, eci=0.5, coi=1.0)  # quadrant -> light touch
    assert out.attrs["strategy"] == "light_touch"
    assert set(out["product"]) == {"a", "b", "c", "e"}  # d has RCA >= 1

    def z(v):
        v = np.asarray(v, dtype=float)
        return (v - v.mean()) / v.std()

    cand = prods[prods["rca"] < 1]
    score = 0.6 * z(-cand["distance"]) + 0.2 * z(cand["pci"]) + 0.2 * z(cand["cog"])
    expected = dict(zip(cand["product"], score, strict=True))
    for _, row in out.iterrows():
        assert row["score"] == pytest.approx(expected[row["product"]], rel=1e-12)
    assert list(out["score"]) == sorted(out["score"], reverse=True)
    assert list(out["rank"]) == [1, 2, 3, 4]

    # the PCI ceiling (GDP per capita <= 6,000) drops PCI > ECI + 2 = 2.5: c and e go
    capped = cx.growth_opportunities(prods, 0.5, 1.0, gdp_per_capita=4000.0, pci_ceiling=True)
    assert set(capped["product"]) == {"a", "b"}
    assert capped.attrs["pci_ceiling_applied"]
    # long jumps allow ECI + 2.5 = 3.0: c stays
    lj = cx.growth_opportunities(prods, 0.5, 1.0, "long_jumps", 4000.0, pci_ceiling=True)
    assert set(lj["product"]) == {"a", "b", "c"}
    # richer countries get no ceiling
    rich = cx.growth_opportunities(prods, 0.5, 1.0, gdp_per_capita=9000.0, pci_ceiling=True)
    assert len(rich) == 4
    assert not rich.attrs["pci_ceiling_applied"]
    with pytest.warns(UserWarning, match="GDP per capita is not known"):
        cx.growth_opportunities(prods, 0.5, 1.0, gdp_per_capita=None, pci_ceiling=True)
    with pytest.raises(InvalidInputError, match="strategy must be one of"):
        cx.growth_opportunities(prods, 0.5, 1.0, strategy="moonshot")


@pytest.mark.parametrize(
    ("eci", "coi", "strategy"),
    [
        (0.5, 0.1, "light_touch"),
        (0.0, 0.0, "light_touch"),
        (-0.5, 0.1, "parsimonious"),
        (0.5, -0.1, "strategic_bets"),
        (-0.5, -0.1, "strategic_bets"),
    ],
)
def test_quadrant_strategy(eci, coi, strategy):
    assert cx.quadrant_strategy(eci, coi) == strategy


def test_strategy_weights_sum_to_one():
    for name, weights in cx.STRATEGIES.items():
        assert sum(weights) == pytest.approx(1.0), name


def test_market_share_cagr_rca_change():
    np.testing.assert_allclose(cx.market_share(X3)[0], [10 / 15, 0, 5 / 15, 5 / 15])
    np.testing.assert_allclose(cx.cagr([100.0, 0.0, 50.0], [121.0, 5.0, 50.0], 2), [0.1, np.nan, 0])
    np.testing.assert_allclose(cx.rca_change([1.0, 2.0], [1.5, 0.5]), [0.5, -1.5])
    start = np.array([[[0.4, 0.4]], [[0.2, 0.6]], [[0.3, 0.8]]])  # 3 years x 1 loc x 2 products
    end = np.array([[[1.2, 1.0]], [[0.9, 1.1]], [[1.2, 1.3]]])
    np.testing.assert_array_equal(cx.new_products(start, end), [[True, False]])
    with pytest.raises(InvalidInputError, match="must be positive"):
        cx.cagr([1.0], [2.0], 0)


def test_product_space_graph_matches_networkx_maximum_spanning_tree():
    rng = np.random.default_rng(7)  # synthetic presence matrix for a graph check
    m = (rng.random((25, 30)) < 0.3).astype(float)
    m[:, m.sum(axis=0) == 0] = 1.0
    phi = cx.proximity(m)
    labels = [f"p{i}" for i in range(30)]
    g = cx.product_space_graph(phi, labels, min_proximity=None)
    full = nx.Graph()
    for i in range(30):
        for j in range(i + 1, 30):
            if phi[i, j] > 0:
                full.add_edge(labels[i], labels[j], weight=phi[i, j])
    ref = nx.maximum_spanning_tree(full)
    assert g.number_of_edges() == ref.number_of_edges() == 29
    ours = sum(d["proximity"] for *_, d in g.edges(data=True))
    assert ours == pytest.approx(ref.size(weight="weight"), rel=1e-12)
    assert nx.is_tree(g)


def test_product_space_graph_extra_edges_and_attributes():
    nodes = pd.DataFrame({"pci": [1.0, 2.0, 3.0, 4.0]}, index=["p1", "p2", "p3", "p4"])
    g = cx.product_space_graph(PHI3, ["p1", "p2", "p3", "p4"], nodes, min_proximity=0.5)
    # tree: p1-p4 (1.0) plus two 0.5 links; every other pair has 0.5 >= threshold
    assert g.number_of_edges() == 6
    assert sum(d["backbone"] for *_, d in g.edges(data=True)) == 3
    assert g.edges["p1", "p4"]["backbone"]
    assert g.nodes["p3"]["pci"] == 3.0
    capped = cx.product_space_graph(
        PHI3, ["p1", "p2", "p3", "p4"], min_proximity=None, max_extra_edges=1
    )
    assert capped.number_of_edges() == 4


def test_atlas_filters():
    exports = pd.Series({"A": 2e9, "B": 5e9, "C": 3e9})
    pop = pd.Series({"A": 5e6, "B": 1e6, "D": 9e9})
    assert list(cx.atlas_location_filter(exports, pop)) == ["A"]  # B too small, C unknown
    x = np.array([[100.0, 1.0, 50.0, 10.0], [100.0, 0.0, 50.0, 10.0], [100.0, 0.0, 50.0, 9.0]])
    keep = cx.atlas_product_filter(x, pd.Index(["0101", "0102", "7108", "0104"]), 0.0, 0.5, 0)
    # 0102: one exporter (effective exporters 1 <= 0.5? no) but world trade 1 >= 1; 7108 noisy
    assert list(keep) == [True, True, False, True]
    keep_default = cx.atlas_product_filter(x, pd.Index(["0101", "0102", "7108", "0104"]))
    assert not keep_default[1]  # one effective exporter, ubiquity 1


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------


def _frame(rows):
    return pd.DataFrame(rows, columns=["location", "product", "export_value"])


def test_empty_input_is_an_error():
    with pytest.raises(InvalidInputError, match="empty"):
        cx.complexity(_frame([]))
    with pytest.raises(InvalidInputError, match="non-empty 2-D"):
        cx.complexity_matrix(np.zeros((0, 3)))
    with pytest.raises(InvalidInputError, match="all zero"):
        cx.complexity_matrix(np.zeros((3, 3)))


def test_negative_values_are_an_error():
    with pytest.raises(InvalidInputError, match="non-negative"):
        cx.complexity(_frame([("A", "p", -1.0), ("B", "q", 2.0)]))
    with pytest.raises(InvalidInputError, match="non-negative"):
        cx.complexity_matrix(-X3)


def test_missing_columns_are_an_error():
    with pytest.raises(InvalidInputError, match="missing"):
        cx.complexity(pd.DataFrame({"location": ["A"], "value": [1.0]}))


def test_nan_values_are_refused_naming_the_row():
    rows = [(loc, f"p{p + 1}", X3[i, p]) for i, loc in enumerate("ABC") for p in range(4)]
    rows.append(("A", "p9", np.nan))
    with pytest.raises(InvalidInputError, match=r"row 12: location 'A', product 'p9' = nan"):
        cx.complexity(_frame(rows))
    rows[-1] = ("A", "p9", "n/a")  # text that is not a number is named with what arrived
    with pytest.raises(InvalidInputError, match=r"product 'p9' \(raw 'n/a'\) = nan"):
        cx.complexity(_frame(rows))


def test_non_finite_matrix_is_refused_naming_location_and_product():
    x = X3.copy()
    x[1, 2] = np.inf
    with pytest.raises(InvalidInputError, match=r"location 'B', product 'p3' = inf"):
        cx.complexity_matrix(x, list("ABC"), ["p1", "p2", "p3", "p4"])
    x[1, 2] = np.nan
    with pytest.raises(InvalidInputError, match=r"location 1, product 2 = nan"):
        cx.complexity_matrix(x)


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_one_non_finite_cell_in_the_atlas_year_is_refused(atlas, bad):
    """Issue 13: one inf made every RCA infinite (ECI correlation 0.20) with only a warning."""
    data = atlas.copy()
    hit = data.index[(data["exporter_iso3"] == "IDN") & (data["hs92_4"] == "0901")]
    assert len(hit) == 1
    data.loc[hit, "export_value_usd"] = bad
    row = int(data.index.get_loc(hit[0]))
    with pytest.raises(InvalidInputError) as err:
        run_gvc(data)
    msg = str(err.value)
    assert f"row {row}: exporter_iso3 'IDN', hs92_4 '0901' = {float(bad)!r}" in msg
    assert "'export_value_usd'" in msg
    # the same data without the bad cell runs, and IDN's ECI is finite
    clean = run_gvc(atlas)
    assert np.isfinite(clean.eci[list(clean.locations).index("IDN")])


def test_all_zero_country_and_zero_product_are_dropped_with_a_warning():
    x = np.zeros((4, 5))
    x[:3, :4] = X3
    with pytest.warns(UserWarning, match="zero") as rec:
        res = cx.complexity_matrix(x, list("ABCD"), ["p1", "p2", "p3", "p4", "p5"])
    assert len(rec) == 2
    assert res.dropped_locations == ["D"]
    assert res.dropped_products == ["p5"]
    assert list(res.locations) == ["A", "B", "C"]
    np.testing.assert_allclose(res.eci, cx.eci_pci(M3).eci, rtol=1e-12)


def test_duplicates_are_summed_with_a_warning():
    rows = [(loc, f"p{p + 1}", X3[i, p]) for i, loc in enumerate("ABC") for p in range(4)]
    rows[0] = ("A", "p1", 4.0)
    rows.append(("A", "p1", 6.0))
    with pytest.warns(UserWarning, match="duplicate"):
        res = cx.complexity(_frame(rows))
    np.testing.assert_allclose(res.export_value, X3)


def test_zero_diversity_after_threshold_gives_nan_and_a_warning():
    with pytest.warns(UserWarning, match="zero diversity"):
        out = cx.eci_pci(np.array([[1, 0, 1, 1], [0, 0, 0, 0], [1, 1, 0, 1], [0, 1, 1, 0.0]]))
    assert np.isnan(out.eci[1])
    assert np.isfinite(out.eci[[0, 2, 3]]).all()


def test_bad_options_are_errors():
    with pytest.raises(InvalidInputError, match="presence must be one of"):
        cx.complexity_matrix(X3, presence="both")
    with pytest.raises(InvalidInputError, match="proximity must be one of"):
        cx.complexity_matrix(X3, proximity_kind="cosine")
    with pytest.raises(InvalidInputError, match="needs a population"):
        cx.complexity_matrix(X3, presence="rpop")
    with pytest.raises(InvalidInputError, match="knn must be"):
        cx.density(M3, PHI3, knn=4)
    with pytest.raises(InvalidInputError, match="population must be positive"):
        cx.rpop(X3, np.array([1.0, np.nan, 2.0]))


# --------------------------------------------------------------------------------------------------
# Agreement with py-ecomplexity on the shipped Atlas 2016 data
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atlas() -> pd.DataFrame:
    df = pd.read_parquet(ATLAS)
    df["year"] = df["year"].astype("int64")
    return df


def run_reference(data: pd.DataFrame, **kwargs) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(data, COLS, check_logsupermodularity=False, verbose=False, **kwargs)


def run_gvc(data: pd.DataFrame, **options) -> cx.ComplexityResult:
    return cx.complexity(
        data, location="exporter_iso3", product="hs92_4", value="export_value_usd", **options
    )


def assert_agrees(ref: pd.DataFrame, res: cx.ComplexityResult, columns: list[str]) -> None:
    ours = res.to_frame()
    merged = ref.merge(
        ours,
        left_on=["exporter_iso3", "hs92_4"],
        right_on=["location", "product"],
        suffixes=("_ref", ""),
        validate="one_to_one",
    )
    assert len(merged) == len(ref) == len(ours)
    for col in columns:
        if col == "mcp":
            np.testing.assert_array_equal(merged["mcp"], merged["mcp_ref"])
            continue
        np.testing.assert_allclose(
            merged[col].to_numpy(float),
            merged[f"{col}_ref"].to_numpy(float),
            rtol=RTOL,
            atol=ATOL,
            err_msg=col,
        )


ALL = ["rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]


def test_matches_py_ecomplexity_defaults_on_atlas_2016(atlas):
    res = run_gvc(atlas)
    assert res.export_value.shape == (234, 1239)
    assert "5209|5211" in set(res.products)
    assert_agrees(run_reference(atlas), res, ALL)


def test_proximity_matches_py_ecomplexity_on_atlas_2016(atlas):
    from ecomplexity import proximity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = proximity(atlas, COLS)
    res = run_gvc(atlas)
    pos = {p: i for i, p in enumerate(res.products)}
    i = ref["hs92_4_1"].map(pos).to_numpy()
    j = ref["hs92_4_2"].map(pos).to_numpy()
    assert len(ref) == 1239 * 1239
    np.testing.assert_allclose(
        res.proximity[i, j], ref["proximity"].to_numpy(float), rtol=RTOL, atol=ATOL
    )
    np.testing.assert_allclose(np.diag(res.proximity), 1.0)


@pytest.mark.parametrize(
    ("ref_kwargs", "options"),
    [
        ({"asymmetric": True}, {"proximity_kind": "asymmetric"}),
        ({"continuous": True}, {"proximity_kind": "continuous"}),
    ],
    ids=["asymmetric", "continuous-proximity"],
)
def test_matches_py_ecomplexity_options_on_atlas_2016(atlas, ref_kwargs, options):
    assert_agrees(run_reference(atlas, **ref_kwargs), run_gvc(atlas, **options), ALL)


def test_matches_py_ecomplexity_rpop_on_atlas_2016(atlas):
    wdi = pd.read_parquet(WDI)
    wdi = wdi[(wdi["indicator_code"] == "SP.POP.TOTL") & (wdi["year"] == 2016)]
    pop = pd.Series(wdi["value"].to_numpy(), index=wdi["iso3"].astype(str).to_numpy())
    data = atlas[atlas["exporter_iso3"].isin(pop.index)]
    pop = pop.reindex(sorted(data["exporter_iso3"].unique()))
    ref_pop = pd.DataFrame({"year": 2016, "exporter_iso3": pop.index, "pop": pop.to_numpy()})
    ref = run_reference(data, presence_test="rpop", pop=ref_pop)
    res = run_gvc(data, presence="rpop", population=pop)
    assert_agrees(ref, res, ["rpop", *ALL])


def test_matches_py_ecomplexity_continuous_presence_on_atlas_2016(atlas):
    # the reference has no continuous presence; give it M = RCA / (1 + RCA) as a manual Mcp
    x, locs, prods = cx.pivot_values(atlas, "exporter_iso3", "hs92_4", "export_value_usd")
    m = cx.mcp(cx.rca(x), continuous=True)
    manual = pd.DataFrame(
        {
            "year": 2016,
            "exporter_iso3": np.repeat(np.asarray(locs), len(prods)),
            "hs92_4": np.tile(np.asarray(prods), len(locs)),
            "export_value_usd": m.ravel(),
        }
    )
    ref = run_reference(manual, presence_test="manual").drop(columns="rca")
    res = run_gvc(atlas, presence="continuous")
    assert_agrees(ref, res, ALL[1:])  # mcp (the continuous M) compared exactly
