"""IO tables without final demand by destination or value added (OECD ICIO 2025 edition, 2022).

A 2-region x 2-sector table is worked through by hand; the real ICIO 2022 table (80 economies x
50 ISIC Rev.4 industries, intermediate flows >= 0.1 million USD and gross output; SOURCES.md
section 10) is read straight from its parquet files: the identity x = L f, Indonesia's gross
output and intermediate exports against the figures published with the file, linkages,
upstreamness and supplier paths. Non-finite cells in real WIOD and ICIO tables are refused.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvc.analytics.io_linkages import (
    ALL_DESTINATIONS,
    TOTAL_FINAL,
    IOSystem,
    IOTable,
    intermediate_exports,
)
from gvc.analytics.paths import structural_paths
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError

REPO = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/data")
ICIO_FILES = (
    "oecd_icio2025_2022_intermediate_80x50.parquet",
    "oecd_icio2025_2022_output_80x50.parquet",
)


def _icio_dir() -> Path | None:
    """data/io_tables/ of the repo when it holds the ICIO files, else the shared data folder."""
    for base in (REPO / "data", SHARED):
        if all((base / "io_tables" / f).exists() for f in ICIO_FILES):
            return base
    return None


# --------------------------------------------------------------------------------------------------
# A 2-region x 2-sector table by hand
#
# regions A, B; sectors s1, s2; Z region-major (row sells to column), published output x:
#          A s1  A s2  B s1  B s2 | Z 1   x    f = x - Z 1
#   A s1     1     2     3     4  |  10   20   10
#   A s2     2     1     1     0  |   4   30   26
#   B s1     1     1     2     2  |   6   25   19
#   B s2     0     2     4     2  |   8   40   32
# Intermediate exports of A s1: to B s1 3, to B s2 4 (total 7: shares 3/7, 4/7), coefficients
# 3/25 and 4/40; of B s2: to A s2 2 (the only foreign buyer).
# --------------------------------------------------------------------------------------------------

Z2 = np.array([[1, 2, 3, 4], [2, 1, 1, 0], [1, 1, 2, 2], [0, 2, 4, 2]], dtype=float)
X2 = np.array([20.0, 30.0, 25.0, 40.0])
F2 = np.array([10.0, 26.0, 19.0, 32.0])


def hand_table(Z: np.ndarray = Z2) -> IOTable:
    rows, cols = np.nonzero(Z)
    inter = pd.DataFrame({"row": rows, "col": cols, "value": Z[rows, cols]})
    output = pd.DataFrame({"row": np.arange(4), "value": X2})
    return IOTable.from_positions(
        ["A", "B"],
        ["s1", "s2"],
        [],
        inter,
        None,
        output,
        None,
        sector_names={"s1": "wood", "s2": "furniture"},
        residual_va=False,
    )


@pytest.fixture(scope="module")
def hand() -> IOSystem:
    return IOSystem(hand_table(), name="handmade", year=2022)


def test_hand_table_has_one_final_column_the_residual(hand):
    t = hand.table
    assert t.Y.shape == (4, 1, 1)
    assert t.categories == (TOTAL_FINAL,)
    assert t.destinations == (ALL_DESTINATIONS,)
    assert not t.final_by_destination
    assert not t.has_value_added
    assert t.lacks() == ["final demand by destination", "value-added rows"]
    np.testing.assert_allclose(hand.y_array, F2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(hand.x_array, X2, rtol=0, atol=1e-12)  # balanced = published
    np.testing.assert_allclose(hand.A_array, Z2 / X2[None, :], rtol=1e-15, atol=0)
    L = np.linalg.inv(np.eye(4) - Z2 / X2[None, :])
    np.testing.assert_allclose(hand.L_array, L, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(L @ F2, X2, rtol=1e-12)  # x = L f
    assert list(hand.Y.columns) == [(ALL_DESTINATIONS, TOTAL_FINAL)]


def test_hand_intermediate_exports_by_buying_industry(hand):
    out = hand.intermediate_exports("A", "s1")
    assert list(out["destination"]) == ["B", "B"]
    assert list(out["buyer_sector"]) == ["s2", "s1"]
    assert list(out["buyer_sector_name"]) == ["furniture", "wood"]
    np.testing.assert_allclose(out["value"], [4.0, 3.0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(out["share"], [4 / 7, 3 / 7], rtol=1e-12)
    np.testing.assert_allclose(out["cumulative_share"], [4 / 7, 1.0], rtol=1e-12)
    np.testing.assert_allclose(out["coefficient"], [4 / 40, 3 / 25], rtol=1e-12)
    assert out.attrs["total"] == pytest.approx(7.0, abs=1e-12)
    dom = hand.intermediate_exports("A", "s1", domestic=True)
    assert dom.attrs["total"] == pytest.approx(10.0, abs=1e-12)
    assert set(zip(dom["destination"], dom["buyer_sector"], strict=True)) == {
        ("A", "s1"),
        ("A", "s2"),
        ("B", "s1"),
        ("B", "s2"),
    }
    by_dest = hand.intermediate_exports("B", "s2", by="destination")
    assert by_dest[["destination", "buyers", "top_buyer_sector"]].values.tolist() == [
        ["A", 1, "s2"]
    ]
    np.testing.assert_allclose(by_dest["value"], [2.0], rtol=0, atol=1e-12)
    # the pure function on arrays gives the same
    pure = intermediate_exports(Z2, ["A", "B"], ["s1", "s2"], "A", "s1")
    np.testing.assert_allclose(pure["value"], out["value"], rtol=0, atol=0)
    assert "coefficient" not in pure
    with pytest.raises(UnknownCodeError):
        intermediate_exports(Z2, ["A", "B"], ["s1", "s2"], "IDN", "s1")
    with pytest.raises(InvalidInputError, match="'by'"):
        intermediate_exports(Z2, ["A", "B"], ["s1", "s2"], "A", "s1", by="sector")  # type: ignore[arg-type]


def test_hand_multipliers_linkages_upstreamness_work(hand):
    L = np.linalg.inv(np.eye(4) - Z2 / X2[None, :])
    mult = hand.multipliers()
    assert list(mult.columns) == ["region", "sector", "sector_name", "output_multiplier"]
    np.testing.assert_allclose(mult["output_multiplier"], L.sum(axis=0), rtol=1e-12)
    link = hand.linkages()
    np.testing.assert_allclose(link["backward"], 4 * L.sum(axis=0) / L.sum(), rtol=1e-12)
    B = Z2 / X2[:, None]
    up = hand.upstreamness()
    np.testing.assert_allclose(up["upstreamness"], np.linalg.solve(np.eye(4) - B, np.ones(4)))
    np.testing.assert_allclose(up["fugo"], F2 / X2, rtol=1e-12)
    assert up["vago"].isna().all()
    ext = hand.extraction("s1", "A")
    xb = np.zeros(4)
    keep = [1, 2, 3]
    xb[keep] = np.linalg.solve(np.eye(3) - (Z2 / X2[None, :])[np.ix_(keep, keep)], F2[keep])
    np.testing.assert_allclose(ext["output_after"], [xb[:2].sum(), xb[2:].sum()], rtol=1e-12)


def test_hand_paths_to_total_final_demand_and_supplier_paths(hand):
    A = Z2 / X2[None, :]
    paths, graph = hand.paths(("A", "s1"), None, kind="total_final_demand", cutoff=0, top=None)
    # gross-output paths: the total is the start's output (x = L f), depth 0 its own final use
    assert paths.attrs["measure"] == graph.graph["measure"] == "gross_output"
    assert paths.attrs["total"] == pytest.approx(X2[0], rel=1e-12)
    own = paths[paths["depth"] == 0]
    assert own["value"].tolist() == pytest.approx([F2[0]], rel=1e-12)
    one = paths[paths["path"] == "A s1 -> B s2"]
    assert one["value"].tolist() == pytest.approx([A[0, 3] * F2[3]], rel=1e-12)
    sup, sgraph = hand.supplier_paths(("B", "s2"), None, kind="total_final_demand", cutoff=0)
    L = np.linalg.inv(np.eye(4) - A)
    assert sup.attrs["total"] == pytest.approx(L[:, 3].sum() * F2[3], rel=1e-12)
    assert (sup["end"] == "B s2").all()
    depth1 = sup[sup["path"] == "A s1 -> B s2"]
    assert depth1["value"].tolist() == pytest.approx([A[0, 3] * F2[3]], rel=1e-12)
    assert sgraph.graph["end"] == "B s2"
    inter, _ = hand.paths(("A", "s1"), "A", kind="intermediate_exports", cutoff=0, top=None)
    f = np.array([7.0, 1.0, 0.0, 0.0])  # A's intermediate sales to B
    assert inter.attrs["total"] == pytest.approx((L @ f)[0], rel=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.value_added_in_exports("A"),
        lambda s: s.participation(),
        lambda s: s.fva_origin("A"),
        lambda s: s.exports_by_destination("A"),
        lambda s: s.multipliers(value_added=True),
        lambda s: s.paths(("A", "s1"), "B"),
        lambda s: s.paths(("A", "s1"), "B", kind="final_demand"),
        lambda s: s.supplier_paths(("A", "s1"), "B", kind="exports"),
        lambda s: s.e_array,
        lambda s: s.va_array,
    ],
)
def test_hand_measures_needing_va_or_destinations_raise(hand, call):
    with pytest.raises(DataNotFoundError) as err:
        call(hand)
    msg = str(err.value)
    assert "IO table handmade 2022" in msg
    assert "final demand by destination" in msg or "value-added rows" in msg
    assert "wiod2013" in msg


def test_empty_final_rows_without_categories_mean_no_final_by_destination():
    rows, cols = np.nonzero(Z2)
    inter = pd.DataFrame({"row": rows, "col": cols, "value": Z2[rows, cols]})
    empty = pd.DataFrame({"row": [], "dest": [], "category": [], "value": []})
    out = pd.DataFrame({"row": np.arange(4), "value": X2})
    t = IOTable.from_positions(["A", "B"], ["s1", "s2"], [], inter, empty, out, None)
    assert not t.final_by_destination
    np.testing.assert_allclose(t.Y.ravel(), F2, rtol=0, atol=1e-12)


def test_hand_aggregation_keeps_the_single_final_column(hand):
    agg = hand.table.aggregate({"AB": ["A", "B"]}, {"all": ["s1", "s2"]})
    assert agg.Y.shape == (1, 1, 1)
    assert not agg.final_by_destination
    assert not agg.residual_va
    assert agg.Y.sum() == pytest.approx(F2.sum(), abs=1e-12)
    assert IOSystem(agg).x_array.tolist() == pytest.approx([X2.sum()], abs=1e-9)


def test_hand_non_finite_cells_are_refused_naming_them():
    Z = Z2.copy()
    Z[2, 1] = np.nan
    with pytest.raises(InvalidInputError, match=r"'Z' must hold finite numbers: got row B s1, "):
        hand_table(Z)
    with pytest.raises(InvalidInputError, match=r"column A s2 = nan"):
        hand_table(Z)
    with pytest.raises(InvalidInputError, match="needs 'final_total' or the published 'output'"):
        IOTable.from_positions(
            ["A"], ["s1"], [], pd.DataFrame({"row": [0], "col": [0], "value": [1.0]}), None
        )


# --------------------------------------------------------------------------------------------------
# The real OECD ICIO 2025 edition, year 2022
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def icio_blocks() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    base = _icio_dir()
    if base is None:
        pytest.skip(f"OECD ICIO 2022 files {ICIO_FILES} in neither data/io_tables nor {SHARED}")
    inter = pd.read_parquet(base / "io_tables" / ICIO_FILES[0]).rename(
        columns={"value_musd": "value"}
    )
    output = pd.read_parquet(base / "io_tables" / ICIO_FILES[1])
    conc = base / "concordances" / "oecd_icio2025_sectors.csv"
    if not conc.exists():
        conc = SHARED / "concordances" / "oecd_icio2025_sectors.csv"
    sectors = pd.read_csv(conc, dtype=str)["code"].tolist()
    return inter, output, sectors


def icio_table(inter: pd.DataFrame, output: pd.DataFrame, sectors: list[str]) -> IOTable:
    return IOTable.from_long(
        inter,
        None,
        output.rename(columns={"gross_output_musd": "value"})[["region", "sector", "value"]],
        sectors=sectors,
        residual_va=False,
    )


@pytest.fixture(scope="module")
def icio(icio_blocks) -> IOSystem:
    return IOSystem(icio_table(*icio_blocks), name="icio2025", year=2022)


def test_icio_shape_output_and_x_equals_L_f(icio, icio_blocks):
    _, output, _ = icio_blocks
    assert (icio.R, icio.S) == (80, 50)
    assert "IDN" in icio.table.regions
    assert "ROW" not in icio.table.regions
    idn = icio.x.loc["IDN"].sum()
    # SOURCES.md section 10: IDN gross output 2,407.4 bn USD; world output 192.4 trn USD
    assert idn / 1e3 == pytest.approx(2407.4, abs=0.05)
    assert icio.x_array.sum() / 1e6 == pytest.approx(192.4, abs=0.05)
    published = output.set_index(["region", "sector"])["gross_output_musd"]
    np.testing.assert_allclose(
        icio.x.to_numpy(), published.reindex(icio.x.index).to_numpy(), rtol=1e-12, atol=1e-6
    )
    # f = final demand of all destinations + sales to the rest of the world >= 0; x = L f
    f = icio.y_array
    assert (f >= -1e-6).all()
    np.testing.assert_allclose(icio.solver.right(f), icio.x_array, rtol=1e-9, atol=1e-6)
    check = icio.output_check()
    assert check["relative_residual"].max() < 1e-9


def test_icio_indonesian_intermediate_exports_match_the_published_check(icio):
    # SOURCES.md section 10: IDN intermediate exports to the 79 other economies 212.7 bn USD
    # (CHN 67.7, IND 22.5, JPN 21.9, KOR 13.7, USA 11.1 bn)
    rows = [icio.intermediate_exports("IDN", s, by="destination") for s in icio.table.sectors]
    by_dest = pd.concat(rows).groupby("destination")["value"].sum() / 1e3
    assert by_dest.sum() == pytest.approx(212.7, abs=0.05)
    assert "IDN" not in by_dest
    assert 70 <= len(by_dest) <= 79  # cells under 0.1 million USD are not in the file
    for dest, bn in {"CHN": 67.7, "IND": 22.5, "JPN": 21.9, "KOR": 13.7, "USA": 11.1}.items():
        assert by_dest[dest] == pytest.approx(bn, abs=0.05), dest
    assert list(by_dest.nlargest(3).index) == ["CHN", "IND", "JPN"]


def test_icio_who_uses_indonesian_wood_and_rubber(icio):
    wood = icio.intermediate_exports("IDN", "C16")
    # set before looking: wood goes into construction, furniture, wood and paper industries
    users = {"F", "C31T33", "C16", "C17_18"}
    assert set(wood["buyer_sector"].head(5)) & users
    assert (wood["destination"] != "IDN").all()
    np.testing.assert_allclose(wood["share"].sum(), 1.0, rtol=1e-12)
    assert wood["cumulative_share"].is_monotonic_increasing
    x = icio.x
    first = wood.iloc[0]
    assert first["coefficient"] == pytest.approx(
        first["value"] / x.loc[(first["destination"], first["buyer_sector"])], rel=1e-12
    )
    rubber = icio.intermediate_exports("IDN", "C22", by="destination")
    np.testing.assert_allclose(rubber["value"].sum(), rubber.attrs["total"], rtol=1e-12)
    assert rubber.attrs["total"] > 1e3  # over 1 bn USD of rubber and plastics sold as inputs
    # rubber's buyers include the motor-vehicle industry somewhere (tyres): plausibility
    detail = icio.intermediate_exports("IDN", "C22")
    assert "C29" in set(detail["buyer_sector"].head(20))


def test_icio_linkages_upstreamness_multipliers(icio):
    link = icio.linkages()
    assert len(link) == 4000
    # normalised indices average 1 over the n country-sectors
    assert link["backward"].mean() == pytest.approx(1.0, abs=1e-12)
    assert link["forward"].mean() == pytest.approx(1.0, abs=1e-12)
    assert np.isfinite(link[["backward", "forward", "backward_domestic"]].to_numpy()).all()
    up = icio.upstreamness()
    u = up["upstreamness"].to_numpy()
    assert (u >= 1 - 1e-9).all()
    # U = 1 + B U row by row (Antras-Chor), with B = diag(x)^-1 Z
    x = icio.x_array
    bu = (icio.table.Z @ u) * np.where(x != 0, 1 / np.where(x != 0, x, 1), 0)
    np.testing.assert_allclose(u, 1 + bu, rtol=1e-9, atol=1e-9)
    mult = icio.multipliers()
    assert "va_multiplier" not in mult
    assert (mult["output_multiplier"] >= 1 - 1e-9).all()
    with pytest.raises(DataNotFoundError, match=r"IO table icio2025 2022.*wiod2013"):
        icio.participation("IDN")


def test_icio_supplier_and_downstream_path_outputs(icio):
    end = ("IDN", "C16")
    i = icio.table.region_index("IDN") * 50 + icio.table.sector_index("C16")
    f = icio.y_array
    sup, graph = icio.supplier_paths(end, None, kind="total_final_demand", top=30, cutoff=1e-4)
    colsum = icio.solver.left(np.ones(icio.n))[i]
    assert sup.attrs["total"] == pytest.approx(colsum * f[i], rel=1e-9)
    assert (sup["end"] == "IDN C16").all()
    assert sup["value"].is_monotonic_decreasing
    assert sup.iloc[0]["path"] == "IDN C16"
    assert sup.iloc[0]["value"] == pytest.approx(f[i])
    # every depth-1 path is a_(origin, end) f_end
    A = icio.A_array
    for _, row in sup[sup["depth"] == 1].iterrows():
        r, s = row["start"].split()
        j = icio.table.region_index(r) * 50 + icio.table.sector_index(s)
        assert row["value"] == pytest.approx(A[j, i] * f[i], rel=1e-9)
    assert graph.graph["measure"] == "gross_output"
    down, _ = icio.paths(end, None, kind="total_final_demand", top=20)
    assert down.attrs["total"] == pytest.approx(icio.x_array[i], rel=1e-9)  # x = L f, row i
    # the pure function gives the same total from the arrays
    ref, _ = structural_paths(icio.A_array, f, i, top=5, solver=icio.solver)
    assert ref.attrs["total"] == pytest.approx(down.attrs["total"], rel=1e-12)


def test_icio_one_nan_cell_is_refused(icio_blocks):
    inter, output, sectors = icio_blocks
    bad = inter.copy()
    hit = bad.index[(bad["from_region"] == "IDN") & (bad["from_sector"] == "C16")][0]
    bad.loc[hit, "value"] = np.nan
    where = f"row IDN C16, column {bad.loc[hit, 'to_region']} {bad.loc[hit, 'to_sector']} = nan"
    with pytest.raises(InvalidInputError, match=where):
        icio_table(bad, output, sectors)
