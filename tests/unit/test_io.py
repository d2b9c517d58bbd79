"""Tests of the input-output maths (gvc.analytics.io_linkages, gvc.analytics.paths).

Textbook cases are checked against hand-derived values; the real WIOD 2013 tables against pymrio
and against the Antras-Chor upstreamness values shipped in data/io_tables.
"""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pymrio
import pytest

from gvc.analytics.io_linkages import (
    REGION_PRESETS,
    IOSystem,
    IOTable,
    allocation_coefficients,
    upstreamness_vector,
)
from gvc.analytics.paths import structural_paths, supplier_paths
from gvc.errors import InvalidInputError, UnknownCodeError

DATA = Path(__file__).resolve().parents[2] / "data" / "io_tables"
CATEGORIES = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
SECTORS = [f"c{i}" for i in range(1, 36)]


def wiod_blocks(year: int | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read one WIOD 2013 year (all when None) from the shipped parquet files, canonical names."""
    flt = None if year is None else [("year", "=", year)]
    inter = pd.read_parquet(DATA / "wiod2013_inter_1995_2011.parquet", filters=flt).rename(
        columns={"from_country": "from_region", "to_country": "to_region", "value_musd": "value"}
    )
    final = pd.read_parquet(DATA / "wiod2013_final_1995_2011.parquet", filters=flt).rename(
        columns={
            "from_country": "from_region",
            "to_country": "to_region",
            "value_musd": "value",
            "fd_category": "category",
        }
    )
    output = pd.read_parquet(DATA / "wiod2013_output_1995_2011.parquet", filters=flt).rename(
        columns={"country": "region", "gross_output_musd": "value"}
    )
    iso = {"ROM": "ROU", "RoW": "ROW"}  # as gvc's ingest does: WIOD regions become ISO3 codes
    for frame in (inter, final, output):
        for col in ("from_region", "to_region", "region"):
            if col in frame:
                frame[col] = frame[col].replace(iso)
    return inter, final, output


def wiod_table(year: int) -> IOTable:
    inter, final, output = wiod_blocks(year)
    return IOTable.from_long(inter, final, output, sectors=SECTORS, categories=CATEGORIES)


def system(table: IOTable, **kw: object) -> IOSystem:
    """IOSystem, accepting only the negative-output warning the rounded WIOD years raise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = IOSystem(table, **kw)  # type: ignore[arg-type]
    for w in caught:
        assert "negative gross output" in str(w.message)
    return s


@pytest.fixture(scope="module")
def wiod2011() -> IOSystem:
    table = wiod_table(2011)
    with pytest.warns(UserWarning, match=r"negative gross output in 2 .*LUX c5"):
        return IOSystem(table, name="wiod2013", year=2011)


# ---------------------------------------------------------------------------------------------
# Textbook cases
# ---------------------------------------------------------------------------------------------


def miller_blair() -> IOTable:
    """Miller & Blair (2009), section 2.3: two sectors, Z = [[150, 500], [200, 100]]."""
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    Y = np.array([350.0, 1700.0]).reshape(2, 1, 1)
    return IOTable(Z, Y, ("R",), ("s1", "s2"), ("F",), x_published=np.array([1000.0, 2000.0]))


def two_regions() -> IOTable:
    """Two regions with one sector each; every number below is derived by hand."""
    Z = np.array([[10.0, 20.0], [5.0, 30.0]])
    Y = np.zeros((2, 2, 1))
    Y[0, :, 0] = [50.0, 20.0]  # region a's product to final demand in a and b
    Y[1, :, 0] = [10.0, 55.0]
    return IOTable(Z, Y, ("a", "b"), ("s",), ("F",))


def test_miller_blair_leontief_inverse():
    s = IOSystem(miller_blair())
    np.testing.assert_allclose(s.x_array, [1000.0, 2000.0])
    np.testing.assert_allclose(s.A_array, [[0.15, 0.25], [0.20, 0.05]], rtol=1e-15)
    det = 0.85 * 0.95 - 0.25 * 0.20  # det(I - A) = 0.7575
    expected = np.array([[0.95, 0.25], [0.20, 0.85]]) / det  # M&B eq. (2.13): 1.254, 0.330 ...
    np.testing.assert_allclose(s.L_array, expected, rtol=1e-12)
    np.testing.assert_allclose(s.L_array, [[1.254, 0.330], [0.264, 1.122]], atol=5e-4)
    m = s.multipliers()
    np.testing.assert_allclose(m["output_multiplier"], expected.sum(axis=0), rtol=1e-12)
    # residual VA = x - colsum(Z) = (650, 1400): v = (0.65, 0.70) and v L = 1'
    np.testing.assert_allclose(m["va_coefficient"], [0.65, 0.70], rtol=1e-12)
    np.testing.assert_allclose(m["va_multiplier"], [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(m["va_multiplier_type1"], [1 / 0.65, 1 / 0.70], rtol=1e-12)


def test_miller_blair_linkages_and_upstreamness():
    s = IOSystem(miller_blair())
    det = 0.7575
    colsum = np.array([0.95 + 0.20, 0.25 + 0.85]) / det
    lk = s.linkages()
    np.testing.assert_allclose(lk["backward"], 2 * colsum / colsum.sum(), rtol=1e-12)
    # Ghosh: B = diag(x)^-1 Z = [[0.15, 0.5], [0.1, 0.05]]
    G = np.linalg.inv(np.eye(2) - np.array([[0.15, 0.5], [0.1, 0.05]]))
    rowsum = G.sum(axis=1)
    np.testing.assert_allclose(lk["forward"], 2 * rowsum / rowsum.sum(), rtol=1e-12)
    # one region: the domestic block is the whole system
    np.testing.assert_allclose(lk["backward_domestic"], lk["backward"], rtol=1e-12)
    np.testing.assert_allclose(lk["forward_domestic"], lk["forward"], rtol=1e-12)
    no_diag = s.linkages(diagonal=False)
    np.testing.assert_allclose(no_diag["backward"], 2 * (colsum - 1) / (colsum - 1).sum())
    up = s.upstreamness()
    np.testing.assert_allclose(up["upstreamness"], rowsum, rtol=1e-12)  # no inventories
    np.testing.assert_allclose(up["downstreamness"], colsum, rtol=1e-12)


def test_two_region_value_added_in_exports_by_hand():
    s = IOSystem(two_regions())
    np.testing.assert_allclose(s.x_array, [100.0, 100.0])
    det = 0.9 * 0.7 - 0.2 * 0.05  # I - A = [[0.9, -0.2], [-0.05, 0.7]]
    L = np.array([[0.7, 0.2], [0.05, 0.9]]) / det
    np.testing.assert_allclose(s.L_array, L, rtol=1e-12)
    v = np.array([0.85, 0.5])  # 1 - colsum(A)
    e = np.array([20.0 + 20.0, 5.0 + 10.0])  # intermediate + final sales abroad
    va = s.value_added_in_exports()
    np.testing.assert_allclose(va["gross_exports"], e)
    np.testing.assert_allclose(va["exports_intermediate"], [20.0, 5.0])
    np.testing.assert_allclose(va["dva"], [v[0] * L[0, 0] * e[0], v[1] * L[1, 1] * e[1]])
    np.testing.assert_allclose(va["fva"], [v[1] * L[1, 0] * e[0], v[0] * L[0, 1] * e[1]])
    p = s.participation()
    np.testing.assert_allclose(p["backward"], [v[1] * L[1, 0], v[0] * L[0, 1]], rtol=1e-12)
    # forward of a: a's VA in b's exports, v_a L_ab e_b / e_a
    np.testing.assert_allclose(
        p["forward"], [v[0] * L[0, 1] * e[1] / e[0], v[1] * L[1, 0] * e[0] / e[1]], rtol=1e-12
    )
    origin = s.fva_origin("a")
    assert list(origin["source_region"]) == ["b"]
    np.testing.assert_allclose(origin["fva"], va["fva"].iloc[:1], rtol=1e-12)
    dest = s.exports_by_destination("a")
    assert dest[["destination", "intermediate", "final", "total"]].values.tolist() == [
        ["b", 20.0, 20.0, 40.0]
    ]


def test_two_region_extraction_by_hand():
    s = IOSystem(two_regions())
    out = s.extraction("s", region="b").set_index("region")
    # without b: x_a = y_a / (1 - a_aa) = (50 + 20) / 0.9
    assert out.loc["a", "output_after"] == pytest.approx(70 / 0.9, rel=1e-12)
    assert out.loc["a", "loss"] == pytest.approx(100 - 70 / 0.9, rel=1e-12)
    assert out.loc["b", "output_extracted"] == pytest.approx(100.0)
    assert out.loc["b", "loss_other"] == pytest.approx(0.0, abs=1e-9)
    everywhere = s.extraction("s")
    np.testing.assert_allclose(everywhere["output_after"], [0.0, 0.0])


def test_published_output_option_and_errors():
    s = IOSystem(miller_blair(), balanced=False)
    assert s.output_check()["difference"].abs().max() == 0.0
    with pytest.raises(InvalidInputError, match="published output"):
        IOSystem(two_regions(), balanced=False)
    s2 = IOSystem(two_regions())
    with pytest.raises(UnknownCodeError, match="'c'"):
        s2.participation("c")
    with pytest.raises(UnknownCodeError, match="sector"):
        s2.extraction("c99")
    with pytest.raises(InvalidInputError, match="'kind'"):
        s2.sink("a", kind="imports")
    with pytest.raises(InvalidInputError, match="must be"):
        IOTable(np.zeros((2, 2)), np.zeros((2, 1, 1)), ("a",), ("s",), ("F",))


# ---------------------------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------------------------


def test_aggregation_groups_regions_and_sectors(wiod2011):
    table = wiod2011.table
    groups = {"IDN": ["IDN"], "EU": "EU", "ROW": "*"}
    agg = table.aggregate(groups, "broad")
    assert agg.regions == ("IDN", "EU", "ROW")  # in the order given
    assert agg.sectors == ("primary", "manufacturing", "utilities_construction", "services")
    assert agg.Z.sum() == pytest.approx(table.Z.sum(), rel=1e-12)
    # one cell by hand: EU manufacturing sales to IDN services, intermediate and final
    Z4 = table.Z.reshape(41, 35, 41, 35)
    Y4 = table.Y.reshape(41, 35, 41, 5)
    eu_i = [table.regions.index(r) for r in table.regions if r in REGION_PRESETS["EU"]]
    idn = table.regions.index("IDN")
    manu, serv = np.arange(2, 16), np.arange(18, 35)
    want = Z4[np.ix_(eu_i, manu, [idn], serv)].sum()
    got = agg.Z.reshape(3, 4, 3, 4)[1, 1, 0, 3]
    assert got == pytest.approx(want, rel=1e-12)
    assert agg.Y.reshape(3, 4, 3, 5)[1, 1, 0, :].sum() == pytest.approx(
        Y4[np.ix_(eu_i, manu, [idn])].sum(), rel=1e-12
    )
    assert agg.Y.sum() == pytest.approx(table.Y.sum(), rel=1e-12)
    s = system(agg)
    members = wiod2011.participation().set_index("region")
    p = s.participation().set_index("region")
    idn_sum = members.loc["IDN", "gross_exports"]
    assert p.loc["IDN", "gross_exports"] == pytest.approx(idn_sum, rel=1e-12)
    # intra-EU trade is domestic now, so EU exports are below the sum of members' exports
    eu = [r for r in table.regions if r in REGION_PRESETS["EU"]]
    assert len(eu) == 27
    assert p.loc["EU", "gross_exports"] < members.loc[eu, "gross_exports"].sum() * 0.6
    va = s.value_added_in_exports()
    np.testing.assert_allclose(va["dva"] + va["fva"], va["gross_exports"], rtol=1e-9, atol=1e-6)
    # IDN manufacturing exports = the sum of c3..c16 exports in the detailed system
    idn = wiod2011.value_added_in_exports("IDN").set_index("sector")
    manu = va[(va["region"] == "IDN") & (va["sector"] == "manufacturing")]
    assert manu["gross_exports"].iloc[0] == pytest.approx(
        idn.loc[[f"c{i}" for i in range(3, 17)], "gross_exports"].sum(), rel=1e-12
    )


def test_aggregation_rejects_bad_groups():
    t = two_regions()
    with pytest.raises(UnknownCodeError, match="'zz'"):
        t.aggregate({"g": ["a", "zz"]})
    with pytest.raises(InvalidInputError, match="both"):
        t.aggregate({"g": ["a"], "h": ["a", "b"]})
    with pytest.raises(InvalidInputError, match="preset"):
        t.aggregate({"g": "MERCOSUR"})
    with pytest.raises(InvalidInputError, match="sector_groups"):
        t.aggregate(sector_groups="fine")


# ---------------------------------------------------------------------------------------------
# Real WIOD 2013 tables
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1995, 2011])
def test_output_identity_on_wiod(year, wiod2011):
    s = wiod2011 if year == 2011 else system(wiod_table(year))
    x = s.x_array
    xm = s.solver.right(s.y_array)
    big = np.abs(x) >= 1.0
    assert (np.abs(x - xm)[big] / np.abs(x[big])).max() < 1e-9
    assert np.abs(x - xm).max() < 1e-9 * np.abs(x).max()
    chk = s.output_check()
    # published output differs from the balanced sum by rounding (whole millions, small cells
    # dropped): at most 113 mUSD in the shipped years (SOURCES.md)
    assert 0 < chk["difference"].abs().max() <= 113


def test_matches_pymrio_on_wiod_2011(wiod2011):
    s = wiod2011
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymrio's own deprecation chatter
        mrio = pymrio.IOSystem(Z=s.Z, Y=s.Y, unit=None)
        mrio.calc_all()
    np.testing.assert_allclose(mrio.x.to_numpy().ravel(), s.x_array, rtol=1e-12)
    assert np.abs(mrio.A.to_numpy() - s.A_array).max() <= 1e-9 * np.abs(s.A_array).max()
    L = s.L_array
    assert np.abs(mrio.L.to_numpy() - L).max() <= 1e-9 * np.abs(L).max()
    m = s.multipliers()
    np.testing.assert_allclose(m["output_multiplier"], mrio.L.to_numpy().sum(axis=0), rtol=1e-9)
    # a value-added extension in pymrio: M = S L with S = VA / x
    va = pd.DataFrame([s.va_array], index=["VA"], columns=s.table.labels)
    ext = pymrio.Extension(name="va", F=va)
    ext.calc_system(x=mrio.x, Y=mrio.Y, L=mrio.L)
    np.testing.assert_allclose(m["va_multiplier"], ext.M.to_numpy().ravel(), rtol=1e-9, atol=1e-12)
    # Ghosh forward sums through (L x)/x agree with pymrio's explicit inverse of I - B
    B = pymrio.calc_B(s.Z, mrio.x)
    G = pymrio.calc_G(B)
    rowsum = G.to_numpy().sum(axis=1)
    lk = s.linkages()
    fl = s.n * rowsum / rowsum.sum()
    np.testing.assert_allclose(lk["forward"], fl, rtol=1e-9)


def test_matches_pymrio_on_its_test_mrio():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mrio = pymrio.load_test()
        mrio.calc_all()
    regions = tuple(mrio.get_regions())
    sectors = tuple(mrio.get_sectors())
    cats = tuple(mrio.get_Y_categories())
    Z = mrio.Z.loc[pd.MultiIndex.from_product([regions, sectors])].to_numpy()
    Y = mrio.Y.to_numpy().reshape(len(Z), len(regions), len(cats))
    assert list(mrio.Y.columns) == list(itertools.product(regions, cats))
    va = mrio.factor_inputs.F.loc["Value Added"].to_numpy()
    t = IOTable(Z, Y, regions, sectors, cats, value_added=va)
    s = IOSystem(t)
    np.testing.assert_allclose(s.x_array, mrio.x.to_numpy().ravel(), rtol=1e-12)
    assert np.abs(mrio.A.to_numpy() - s.A_array).max() <= 1e-9 * np.abs(s.A_array).max()
    assert np.abs(mrio.L.to_numpy() - s.L_array).max() <= 1e-9 * np.abs(s.L_array).max()
    m = s.multipliers()
    M = mrio.factor_inputs.M.loc["Value Added"].to_numpy()
    np.testing.assert_allclose(m["va_multiplier"], M, rtol=1e-9)
    np.testing.assert_allclose(m["output_multiplier"], mrio.L.to_numpy().sum(axis=0), rtol=1e-9)


def test_dva_plus_fva_equals_gross_exports_for_every_region(wiod2011):
    va = wiod2011.value_added_in_exports()
    e = va["gross_exports"].to_numpy()
    assert np.abs(va["dva"] + va["fva"] - e).max() <= 1e-9 * np.abs(e).max()
    p = wiod2011.participation()
    assert len(p) == 41
    np.testing.assert_allclose(
        p["dva"] + p["fva"],
        p["gross_exports"],
        rtol=1e-9,
        atol=1e-12 * float(p["gross_exports"].abs().max()),
    )
    # backward participation is FVA / exports and lies in (0, 1)
    assert p["backward"].between(0, 1).all()
    # the origin of IDN's FVA adds up to IDN's FVA, and contains no IDN source
    origin = wiod2011.fva_origin("IDN")
    assert "IDN" not in set(origin["source_region"])
    idn = p.set_index("region").loc["IDN"]
    assert origin["fva"].sum() == pytest.approx(idn["fva"], rel=1e-9)
    # exports by destination add up to gross exports
    dest = wiod2011.exports_by_destination("IDN")
    assert dest["total"].sum() == pytest.approx(idn["gross_exports"], rel=1e-12)
    assert "IDN" not in set(dest["destination"])


def test_dvx_matches_explicit_leontief_blocks(wiod2011):
    """Forward participation from the solves equals the formula on the explicit L."""
    s = wiod2011
    L, v, e = s.L_array, s.v_array, s.e_array
    S = s.S
    c = s.table.regions.index("IDN")
    rows = slice(c * S, (c + 1) * S)
    vc_L = v[rows] @ L[rows, :]
    others = np.ones(s.n, dtype=bool)
    others[rows] = False
    dvx = vc_L[others] @ e[others]
    dva = (vc_L[rows] * e[rows]).sum()
    p = s.participation("IDN").iloc[0]
    assert p["dvx"] == pytest.approx(dvx, rel=1e-9)
    assert p["dva"] == pytest.approx(dva, rel=1e-9)


def test_domestic_linkages_use_national_blocks(wiod2011):
    s = wiod2011
    c = s.table.regions.index("IDN")
    rows = slice(c * s.S, (c + 1) * s.S)
    Ld = np.linalg.inv(np.eye(s.S) - s.A_array[rows, rows])
    cs = Ld.sum(axis=0)
    lk = s.linkages("IDN")
    np.testing.assert_allclose(lk["backward_domestic"], s.S * cs / cs.sum(), rtol=1e-10)
    assert set(lk["type"]) <= {"key", "backward", "forward", "weak"}
    key = lk[lk["type_domestic"] == "key"]
    assert ((key["backward_domestic"] > 1) & (key["forward_domestic"] > 1)).all()


def test_extraction_on_wiod_is_consistent(wiod2011):
    out = wiod2011.extraction("c6", region="IDN")
    assert (out["loss"] >= -1e-6).all()  # removing a sector never raises output
    idn = out.set_index("region").loc["IDN"]
    assert idn["output_extracted"] == pytest.approx(wiod2011.x.loc[("IDN", "c6")], rel=1e-9)
    assert idn["loss_other"] > 0


def _ac_reference() -> pd.DataFrame:
    ac = pd.read_csv(DATA / "wiod2013_gvc_upstreamness_antras_chor.csv")
    ac["region"] = ac["ISO3C"]  # ISO3, as wiod_blocks() maps WIOD's ROM / RoW
    ac["sector"] = "c" + ac["WIOT2013_n"].astype(str)
    return ac.rename(columns={"YEAR": "year", "GVC_Ui": "U_ac", "GVC_Di": "D_ac"})


def test_upstreamness_agrees_with_antras_chor_every_year(record_property):
    ac = _ac_reference()
    frames = []
    inter, final, output = wiod_blocks(None)  # read once, split by year
    parts = [dict(tuple(b.groupby("year"))) for b in (inter, final, output)]
    for year in range(1995, 2012):
        blocks = [p[year] for p in parts]
        s = system(IOTable.from_long(*blocks, sectors=SECTORS, categories=CATEGORIES))
        up = s.upstreamness()
        up["year"] = year
        up["x"] = s.x_array
        frames.append(up)
    ours = pd.concat(frames, ignore_index=True)
    both = ours.merge(ac, on=["year", "region", "sector"], how="inner", validate="1:1")
    assert len(both) == len(ac) == 41 * 35 * 17
    d = (both["upstreamness"] - both["U_ac"]).to_numpy()
    ad = np.abs(d)
    worst = both.iloc[int(ad.argmax())]
    record_property("upstreamness_max_abs_diff", float(ad.max()))
    record_property("upstreamness_worst", f"{worst['year']} {worst['region']} {worst['sector']}")
    # Overall agreement (METHODS.md: ~0.002 median for 2011, correlation 0.998).
    assert np.median(ad) < 0.005
    assert np.corrcoef(both["upstreamness"], both["U_ac"])[0, 1] > 0.99
    y2011 = (both["year"] == 2011).to_numpy()
    assert np.median(ad[y2011]) < 0.003
    # The systematic part: the shipped table is rounded to whole millions with zero cells
    # dropped, which removes small intermediate sales, so our U is lower and the gap shrinks
    # with sector size. Large sectors agree closely.
    assert np.mean(d) < 0
    x = both["x"].to_numpy()
    large = x > 100_000
    small = (x > 0) & (x < 1_000)
    assert np.median(ad[large]) < 0.001
    assert np.median(ad[small]) > 10 * np.median(ad[large])
    assert ad[large].max() < 0.05
    # the largest gaps are in sectors with (almost) no output, where rounding decides all
    assert worst["x"] < 100
    # downstreamness with the same inventory correction
    dd = np.abs(both["downstreamness"] - both["D_ac"]).to_numpy()
    assert np.median(dd) < 0.005
    assert np.median(dd[large]) < 0.002


def test_coarser_rounding_reproduces_the_systematic_gap(wiod2011):
    """Why our U sits below Antras-Chor's: rounding cells to whole units and dropping zeros.

    Rounding the shipped table once more, to 10 million, moves U the same way as the gap to the
    published values: down for most country-sectors, and more for small sectors than for large.
    """
    t = wiod2011.table
    coarse = IOTable(
        np.round(t.Z / 10) * 10, np.round(t.Y / 10) * 10, t.regions, t.sectors, t.categories
    )
    u = wiod2011.upstreamness()["upstreamness"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the coarse table has more negative-output cells
        u10 = IOSystem(coarse).upstreamness()["upstreamness"].to_numpy()
    d = u10 - u
    x = wiod2011.x_array
    large = x > 100_000
    mid = (x > 1_000) & (x < 10_000)
    assert np.median(d) < 0
    assert (d < 0).mean() > 0.85
    assert np.median(np.abs(d[mid])) > 5 * np.median(np.abs(d[large]))
    # the same signature in the gap to the published values (2011)
    ac = _ac_reference()
    ac = ac[ac["year"] == 2011]
    ours = wiod2011.upstreamness().assign(x=x).merge(ac, on=["region", "sector"])
    gap = (ours["upstreamness"] - ours["U_ac"]).to_numpy()
    xs = ours["x"].to_numpy()
    assert (gap < 0).mean() > 0.85
    assert np.median(np.abs(gap[(xs > 1_000) & (xs < 10_000)])) > 5 * np.median(
        np.abs(gap[xs > 100_000])
    )


def test_inventory_correction_improves_agreement(wiod2011):
    ac = _ac_reference()
    ac = ac[ac["year"] == 2011]
    plain = wiod2011.upstreamness(inventory_correction=False)
    corrected = wiod2011.upstreamness()
    key = ["region", "sector"]
    a = corrected.merge(ac, on=key)
    b = plain.merge(ac, on=key)
    med_corr = np.median(np.abs(a["upstreamness"] - a["U_ac"]))
    med_plain = np.median(np.abs(b["upstreamness"] - b["U_ac"]))
    assert med_corr < med_plain / 3  # METHODS.md: about 0.002 against 0.014


def test_upstreamness_vector_without_inventories_is_ghosh_row_sum():
    t = two_regions()
    x = t.Z.sum(1) + t.Y.sum((1, 2))
    B = allocation_coefficients(t.Z, x)
    np.testing.assert_allclose(
        upstreamness_vector(t.Z, x), np.linalg.inv(np.eye(2) - B).sum(axis=1), rtol=1e-12
    )


# ---------------------------------------------------------------------------------------------
# Structural paths
# ---------------------------------------------------------------------------------------------


def test_paths_acyclic_example_enumerates_every_path_by_hand():
    # 0 supplies 1 and 2, 1 supplies 2: paths 0; 0-1; 0-2; 0-1-2 and nothing else
    A = np.array([[0.0, 0.2, 0.1], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]])
    f = np.array([1.0, 2.0, 4.0])
    v = np.array([0.5, 0.3, 0.2])
    df, g = structural_paths(A, f, 0, weights=v, labels=["a", "b", "c"], top=None, cutoff=0.0)
    got = dict(zip(df["path"], df["value"], strict=True))
    assert got == pytest.approx(
        {
            "a": 0.5 * 1.0,
            "a -> b": 0.5 * 0.2 * 2.0,
            "a -> c": 0.5 * 0.1 * 4.0,
            "a -> b -> c": 0.5 * 0.2 * 0.5 * 4.0,
        }
    )
    assert df.attrs["total"] == pytest.approx(1.1)  # v_0 (L f)_0 = 0.5 * 2.2
    assert df["value"].sum() == pytest.approx(df.attrs["total"], rel=1e-12)
    assert df["share"].sum() == pytest.approx(1.0)
    assert df["value"].is_monotonic_decreasing
    assert isinstance(g, nx.DiGraph)
    assert g["a"]["b"]["value"] == pytest.approx(0.2 + 0.2)  # a -> b and a -> b -> c
    assert g.nodes["c"]["ends"] == pytest.approx(0.2 + 0.2)


CYCLIC = np.array([[0.10, 0.20, 0.10], [0.30, 0.10, 0.20], [0.10, 0.10, 0.10]])


def test_paths_sum_never_exceeds_total_and_converges():
    f = np.array([1.0, 2.0, 3.0])
    v = np.array([0.6, 0.4, 0.7])
    total = v[0] * (np.linalg.inv(np.eye(3) - CYCLIC) @ f)[0]
    sums = []
    for cutoff in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]:
        df, _ = structural_paths(
            CYCLIC,
            f,
            0,
            weights=v,
            top=None,
            cutoff=cutoff,
            max_depth=200,
            max_expansions=2_000_000,
        )
        assert df.attrs["total"] == pytest.approx(total, rel=1e-12)
        assert df["value"].sum() <= total * (1 + 1e-12)
        assert (df["value"] >= cutoff * total).all()
        sums.append(df["value"].sum())
    gaps = total - np.array(sums)
    # every tenfold cut of the cutoff more than halves the part not enumerated (the number of
    # paths grows like 3^depth while their values fall geometrically)
    assert (gaps[1:] < gaps[:-1] / 2).all()
    assert gaps[-1] < 1e-3 * total


def test_paths_top_n_equals_brute_force():
    f = np.array([1.0, 2.0, 3.0])
    v = np.array([0.6, 0.4, 0.7])
    depth = 5
    brute = []
    for k in range(depth + 1):
        for tail in itertools.product(range(3), repeat=k):
            seq = (0, *tail)
            val = v[0] * f[seq[-1]]
            for a, b in itertools.pairwise(seq):
                val *= CYCLIC[a, b]
            brute.append(val)
    brute.sort(reverse=True)
    df, _ = structural_paths(CYCLIC, f, 0, weights=v, top=15, cutoff=0.0, max_depth=depth)
    np.testing.assert_allclose(df["value"], brute[:15], rtol=1e-12)
    assert list(df["rank"]) == list(range(1, 16))


def test_paths_on_wiod_idn_wood(wiod2011):
    df, g = wiod2011.paths(start=("IDN", "c6"), target="IDN", top=100)
    assert 0 < len(df) <= 100
    assert df["path"].str.startswith("IDN c6").all()
    assert df["end"].str.startswith("IDN ").all()  # exports leave from IDN sectors
    assert df["value"].sum() <= df.attrs["total"]
    # the direct path is v * e of IDN wood
    s = wiod2011
    i = s.table.regions.index("IDN") * s.S + 5
    direct = df.loc[df["path"] == "IDN c6", "value"]
    assert direct.iloc[0] == pytest.approx(s.v_array[i] * s.e_array[i], rel=1e-12)
    assert g.number_of_nodes() >= 2
    market, _ = wiod2011.paths(start="IDN c6", target="USA", kind="final_demand", top=20)
    assert market["value"].is_monotonic_decreasing


def test_supplier_paths_acyclic_example_by_hand():
    # paths that end at c: c; a -> c; b -> c; a -> b -> c (supplier to user)
    A = np.array([[0.0, 0.2, 0.1], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]])
    f = np.array([1.0, 2.0, 4.0])
    v = np.array([0.5, 0.3, 0.2])
    df, g = supplier_paths(A, f, 2, weights=v, labels=["a", "b", "c"], top=None, cutoff=0.0)
    got = dict(zip(df["path"], df["value"], strict=True))
    assert got == pytest.approx(
        {
            "c": 0.2 * 4.0,
            "b -> c": 0.3 * 0.5 * 4.0,
            "a -> c": 0.5 * 0.1 * 4.0,
            "a -> b -> c": 0.5 * 0.2 * 0.5 * 4.0,
        }
    )
    # total (v L)_c f_c = (0.2 + 0.5 * 0.2 + 0.3 * 0.5) * 4 = 1.8, all enumerated
    assert df.attrs["total"] == pytest.approx(1.8)
    assert df["value"].sum() == pytest.approx(1.8, rel=1e-12)
    assert (df["end"] == "c").all()
    assert list(df["start"]) == [p.split(" -> ")[0] for p in df["path"]]
    assert g["a"]["b"]["value"] == pytest.approx(0.2)  # edges run supplier -> user
    assert g["b"]["c"]["value"] == pytest.approx(0.6 + 0.2)
    assert g.nodes["a"]["starts"] == pytest.approx(0.2 + 0.2)


def test_supplier_paths_top_n_equals_brute_force_and_forward_values():
    f = np.array([1.0, 2.0, 3.0])
    v = np.array([0.6, 0.4, 0.7])
    end, depth = 2, 5
    brute = {}
    for k in range(depth + 1):
        for head in itertools.product(range(3), repeat=k):
            seq = (*head, end)
            val = v[seq[0]] * f[end]
            for a, b in itertools.pairwise(seq):
                val *= CYCLIC[a, b]
            brute[" -> ".join(map(str, seq))] = val
    best = sorted(brute.items(), key=lambda kv: -kv[1])[:15]
    df, _ = supplier_paths(CYCLIC, f, end, weights=v, top=15, cutoff=0.0, max_depth=depth)
    np.testing.assert_allclose(df["value"], [b for _, b in best], rtol=1e-12)
    # each path has the value the forward enumeration gives it (from its origin, with only
    # the end's final demand as the sink)
    only_end = np.where(np.arange(3) == end, f, 0.0)
    for path, value in zip(df["path"], df["value"], strict=True):
        origin = int(path.split(" -> ")[0])
        fwd, _ = structural_paths(
            CYCLIC, only_end, origin, weights=v, top=None, cutoff=0.0, max_depth=depth
        )
        assert dict(zip(fwd["path"], fwd["value"], strict=True))[path] == pytest.approx(
            value, rel=1e-12
        )
    total = (v @ np.linalg.inv(np.eye(3) - CYCLIC))[end] * f[end]
    assert df.attrs["total"] == pytest.approx(total, rel=1e-12)


def test_supplier_paths_on_wiod_idn_wood(wiod2011):
    s = wiod2011
    # WIOD 2011's two LUX sectors with output -1 have negative coefficients: said, and set to 0
    with pytest.warns(UserWarning, match=r"supplier_paths: \d+ negative weights"):
        df, g = s.supplier_paths(end=("IDN", "c6"), target="USA", kind="final_demand", top=100)
    j = s.table.regions.index("IDN") * s.S + 5
    f = s.sink("USA", "final_demand")
    assert 0 < len(df) <= 100
    assert (df["end"] == "IDN c6").all()
    assert df["path"].str.endswith("IDN c6").all()
    # the total is the value added in IDN wood's sales to US final demand: (v L)_j f_j, and
    # v L = 1 in a table whose value added closes the columns (here up to the two clipped
    # negative coefficients of LUX: 7.5e-9 of the total)
    w = np.clip(s.v_array, 0.0, None)
    assert df.attrs["total"] == pytest.approx(s.solver.left(w)[j] * f[j], rel=1e-12)
    assert df.attrs["total"] == pytest.approx(f[j], rel=1e-7)
    direct = df.loc[df["path"] == "IDN c6", "value"].iloc[0]
    assert direct == pytest.approx(s.v_array[j] * f[j], rel=1e-12)
    assert df["value"].sum() <= df.attrs["total"] * (1 + 1e-12)
    assert g.graph["end"] == "IDN c6"
    assert (g.nodes["IDN c6"]["region"], g.nodes["IDN c6"]["sector"]) == ("IDN", "c6")
    # string form of the end, and a clear error for a bad one
    with pytest.warns(UserWarning, match="negative weights"):
        same, _ = s.supplier_paths("IDN c6", "USA", "final_demand", top=100)
    assert same["path"].tolist() == df["path"].tolist()
    with pytest.raises(InvalidInputError, match="'end' must be"):
        s.supplier_paths("IDN", "USA")


def test_paths_safety_limits_mark_the_result_incomplete():
    f = np.array([1.0, 2.0, 3.0])
    full, _ = structural_paths(CYCLIC, f, 0, top=None, cutoff=1e-6, max_depth=50)
    assert full.attrs["complete"]
    cut, _ = structural_paths(CYCLIC, f, 0, top=None, cutoff=1e-6, max_depth=50, max_nodes=100)
    assert not cut.attrs["complete"]
    assert len(cut) < len(full)
    cut2, _ = structural_paths(CYCLIC, f, 0, top=None, cutoff=1e-6, max_expansions=10)
    assert not cut2.attrs["complete"]
    assert cut2.attrs["expansions"] == 10


def test_paths_errors():
    with pytest.raises(InvalidInputError, match="'cutoff'"):
        structural_paths(CYCLIC, np.ones(3), 0, cutoff=1.5)
    with pytest.raises(InvalidInputError, match="'start'"):
        structural_paths(CYCLIC, np.ones(3), 7)
    with pytest.warns(UserWarning, match="negative entries"):
        structural_paths(CYCLIC, np.array([1.0, -1.0, 1.0]), 0)
    s = IOSystem(two_regions())
    with pytest.raises(InvalidInputError, match="'start'"):
        s.paths(start="a", target="b")


@pytest.mark.parametrize("block", ["inter", "final", "output"])
def test_wiod_2011_with_one_non_finite_cell_is_refused(block):
    """Issue 13: one NaN in an IO table turned every DVA and participation figure into NaN."""
    inter, final, output = wiod_blocks(2011)
    frames = {"inter": inter, "final": final, "output": output}
    frame = frames[block]
    sel = frame.index[(frame.get("from_region", frame.get("region")) == "IDN")]
    hit = sel[5]
    frame.loc[hit, "value"] = np.inf if block == "final" else np.nan
    row = frame.loc[hit]
    if block == "inter":
        where = f"row IDN {row['from_sector']}, column {row['to_region']} {row['to_sector']} = nan"
    elif block == "final":
        where = (
            f"row IDN {row['from_sector']}, destination {row['to_region']}, "
            f"category {row['category']} = inf"
        )
    else:
        where = f"'x_published' must hold finite numbers: got IDN {row['sector']} = nan"
    with pytest.raises(InvalidInputError) as err:
        IOTable.from_long(inter, final, output, sectors=SECTORS, categories=CATEGORIES)
    assert where in str(err.value)


def test_upstreamness_without_inventories_from_the_lu_equals_the_direct_solve(wiod2011):
    plain = wiod2011.upstreamness(inventory_correction=False)
    x = wiod2011.x_array
    np.testing.assert_allclose(
        plain["upstreamness"], upstreamness_vector(wiod2011.table.Z, x), rtol=1e-9, atol=1e-12
    )
    L = wiod2011.L_array
    np.testing.assert_allclose(plain["downstreamness"], L.sum(axis=0), rtol=1e-9, atol=1e-12)
