"""Property-based tests (hypothesis) of analytic invariants on SYNTHETIC random inputs.

Every property is an identity or an invariance stated in METHODS.md or in the docstring of the
pure function tested; none compares against a value computed by the code under test. Example
counts are modest so the whole module runs in well under a minute on two cores.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gvc.analytics import complexity as cx
from gvc.analytics import export_potential as ep
from gvc.analytics import io_linkages as io

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def positive_matrix(min_side: int = 2, max_side: int = 7):
    """Strictly positive ``rows x cols`` matrices spanning several orders of magnitude."""
    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side)).flatmap(
        lambda shape: hnp.arrays(
            np.float64,
            shape,
            elements=st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False),
        )
    )


def presence_matrix(min_side: int = 3, max_side: int = 8):
    """0/1 matrices in which every row and every column has at least one 1."""

    def fix(m: np.ndarray) -> np.ndarray:
        m = m.astype(float)
        for i in range(m.shape[0]):  # a diagonal of ones keeps every row and column non-empty
            m[i, i % m.shape[1]] = 1.0
        for j in range(m.shape[1]):
            m[j % m.shape[0], j] = 1.0
        return m

    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side)).flatmap(
        lambda shape: hnp.arrays(np.bool_, shape).map(fix)
    )


# -- RCA ------------------------------------------------------------------------------------------


@SETTINGS
@given(X=positive_matrix(), scale=st.floats(1e-6, 1e6))
def test_rca_invariant_to_scaling_all_values(X, scale):
    np.testing.assert_allclose(cx.rca(scale * X), cx.rca(X), rtol=1e-9)


@SETTINGS
@given(X=positive_matrix(), data=st.data())
def test_rca_invariant_to_row_and_column_order(X, data):
    rows = data.draw(st.permutations(range(X.shape[0])))
    cols = data.draw(st.permutations(range(X.shape[1])))
    shuffled = X[np.ix_(rows, cols)]
    np.testing.assert_allclose(cx.rca(shuffled), cx.rca(X)[np.ix_(rows, cols)], rtol=1e-12)


@SETTINGS
@given(X=positive_matrix())
def test_rca_world_weighted_mean_is_one(X):
    """sum_c (X_c / X) RCA_cp ... export-weighted: sum_c X_cp / X_p = 1, so sum_c s_c RCA_cp = 1."""
    R = cx.rca(X)
    s_c = X.sum(axis=1) / X.sum()
    np.testing.assert_allclose(s_c @ R, np.ones(X.shape[1]), rtol=1e-9)


@SETTINGS
@given(X=positive_matrix(), scale=st.floats(1e-3, 1e3), data=st.data())
def test_long_frame_rca_invariant_to_scale_and_row_order(X, scale, data):
    """The frame-level RCA of the export-potential module (a second implementation)."""
    n_c, n_p = X.shape
    frame = pd.DataFrame(
        {
            "exporter": np.repeat([f"C{i}" for i in range(n_c)], n_p),
            "importer": "WORLD",
            "product": np.tile([f"P{j}" for j in range(n_p)], n_c),
            "value": X.ravel(),
        }
    )
    base = ep.rca(frame).set_index(["exporter", "product"])["rca"].sort_index()
    perm = data.draw(st.permutations(range(len(frame))))
    other = frame.iloc[list(perm)].assign(value=lambda f: f["value"] * scale)
    got = ep.rca(other.reset_index(drop=True)).set_index(["exporter", "product"])["rca"]
    np.testing.assert_allclose(got.sort_index().to_numpy(), base.to_numpy(), rtol=1e-9, atol=1e-12)
    # and it agrees with the matrix implementation
    expected = cx.rca(X).ravel()
    np.testing.assert_allclose(base.to_numpy(), expected, rtol=1e-9, atol=1e-12)


# -- ECI / PCI ------------------------------------------------------------------------------------


def _eci_or_none(M: np.ndarray) -> cx.EciPci | None:
    """ECI/PCI, or None when they are not uniquely defined.

    The ECI eigenvector is unique (up to sign) only when the second eigenvalue of Mpp is simple;
    the sign is fixed only when the vector is correlated with diversity. Mpp is similar to
    ``A A^T`` with ``A = D_c^-1/2 M D_p^-1/2`` (Hidalgo & Hausmann 2009; see ``eci_pci``), so the
    gaps are checked on the singular values of ``A``, computed here independently.
    """
    kc, kp = M.sum(axis=1), M.sum(axis=0)
    s2 = np.linalg.svd(M / np.sqrt(kc)[:, None] / np.sqrt(kp)[None, :], compute_uv=False) ** 2
    if len(s2) < 3 or s2[0] - s2[1] < 1e-6 or s2[1] - s2[2] < 1e-6:
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = cx.eci_pci(M)
    if caught or abs(np.corrcoef(kc, out.kc)[0, 1]) < 1e-6:
        return None
    return out


@SETTINGS
@given(M=presence_matrix())
def test_eci_sign_convention_positive_correlation_with_diversity(M):
    res = _eci_or_none(M)
    assume(res is not None)
    r = np.corrcoef(M.sum(axis=1), res.eci)[0, 1]
    assert r > 0
    # standardised: mean 0, population sd 1 over the locations
    assert res.eci.mean() == pytest.approx(0.0, abs=1e-9)
    assert res.eci.std() == pytest.approx(1.0, rel=1e-9)


@SETTINGS
@given(M=presence_matrix(), data=st.data())
def test_eci_pci_invariant_to_row_and_column_order(M, data):
    res = _eci_or_none(M)
    assume(res is not None)
    rows = list(data.draw(st.permutations(range(M.shape[0]))))
    cols = list(data.draw(st.permutations(range(M.shape[1]))))
    other = cx.eci_pci(M[np.ix_(rows, cols)])
    np.testing.assert_allclose(other.eci, res.eci[rows], atol=1e-7)
    np.testing.assert_allclose(other.pci, res.pci[cols], atol=1e-7)


# The assume() calls drop degenerate networks by design; after some other test modules have run in
# the same process Hypothesis's filter health check tripped on them (9 kept of 59), so it is off
# for this test only; the 25 kept examples are still all checked.
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
@given(X=positive_matrix(3, 6), scale=st.floats(1e-3, 1e3), data=st.data())
def test_complexity_frame_invariant_to_row_order_and_scale(X, scale, data):
    """complexity() on a long frame: shuffling rows or rescaling values changes no measure."""
    n_c, n_p = X.shape
    # make a sparse, varied presence pattern: zero out a random subset but keep rows/cols alive
    mask = np.asarray(data.draw(hnp.arrays(np.bool_, X.shape)))
    for i in range(n_c):
        mask[i, i % n_p] = True
    for j in range(n_p):
        mask[j % n_c, j] = True
    X = np.where(mask, X, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        R = cx.rca(X)
    # presence at RCA exactly 1 may flip with rounding; degenerate networks have no unique ECI
    assume(np.all(np.abs(R - 1.0) > 1e-9))
    assume(_eci_or_none((R >= 1.0).astype(float)) is not None)
    frame = pd.DataFrame(
        {
            "location": np.repeat([f"L{i}" for i in range(n_c)], n_p),
            "product": np.tile([f"P{j}" for j in range(n_p)], n_c),
            "export_value": X.ravel(),
        }
    )
    a = cx.complexity(frame).to_frame()
    perm = list(data.draw(st.permutations(range(len(frame)))))
    shuffled = frame.iloc[perm].assign(export_value=lambda f: f["export_value"] * scale)
    b = cx.complexity(shuffled.reset_index(drop=True)).to_frame()
    key = ["location", "product"]
    a = a.astype({"location": str, "product": str}).sort_values(key).reset_index(drop=True)
    b = b.astype({"location": str, "product": str}).sort_values(key).reset_index(drop=True)
    for col in ("rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density"):
        np.testing.assert_allclose(
            b[col].to_numpy(float), a[col].to_numpy(float), atol=1e-7, err_msg=col
        )
    np.testing.assert_allclose(b["export_value"], a["export_value"] * scale, rtol=1e-12)


# -- input-output -------------------------------------------------------------------------------


@st.composite
def io_tables(draw, max_regions: int = 3, max_sectors: int = 3):
    """Random productive MRIO tables: every column's inputs are below its output (VA > 0)."""
    R = draw(st.integers(1, max_regions))
    S = draw(st.integers(1, max_sectors))
    K = draw(st.integers(1, 2))
    n = R * S
    Z = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(0, 1e4)))
    Y = draw(hnp.arrays(np.float64, (n, R, K), elements=st.floats(0, 1e4)))
    # x_j = rowsum(Z)_j + rowsum(Y)_j must exceed colsum(Z)_j: top up the final demand of row j
    need = Z.sum(axis=0) - Z.sum(axis=1) - Y.sum(axis=(1, 2))
    extra = np.maximum(need, 0.0) + draw(st.floats(1.0, 1e3))
    Y[:, 0, 0] += extra
    regions = tuple(f"R{i}" for i in range(R))
    sectors = tuple(f"s{i}" for i in range(S))
    categories = tuple(f"k{i}" for i in range(K))
    return io.IOTable(Z, Y, regions, sectors, categories)


@SETTINGS
@given(table=io_tables())
def test_output_equals_leontief_inverse_times_final_demand(table):
    sysm = io.IOSystem(table)
    x = sysm.x_array
    # the table is productive: column sums of A are below one
    assert (sysm.A_array.sum(axis=0) < 1).all()
    np.testing.assert_allclose(sysm.L_array @ sysm.y_array, x, rtol=1e-8, atol=1e-6)
    np.testing.assert_allclose(
        (np.eye(sysm.n) - sysm.A_array) @ sysm.L_array, np.eye(sysm.n), atol=1e-9
    )
    # L >= I element-wise for a non-negative productive A
    assert (sysm.L_array - np.eye(sysm.n) >= -1e-12).all()


@SETTINGS
@given(table=io_tables())
def test_domestic_plus_foreign_value_added_equals_gross_exports(table):
    sysm = io.IOSystem(table)
    va = sysm.value_added_in_exports()
    np.testing.assert_allclose(
        va["dva"] + va["fva"], va["gross_exports"], rtol=1e-8, atol=1e-6 * table.Z.max(initial=1)
    )
    assert (va["dva"] >= -1e-6).all()
    assert (va["fva"] >= -1e-6).all()
    part = sysm.participation()
    np.testing.assert_allclose(
        part["dva"] + part["fva"],
        part["gross_exports"],
        rtol=1e-8,
        atol=1e-6 * table.Z.max(initial=1),
    )


@SETTINGS
@given(table=io_tables(max_regions=3, max_sectors=2), data=st.data())
def test_io_measures_invariant_to_the_order_of_long_rows(table, data):
    """Building the table from shuffled long blocks gives the same output and VA in exports."""
    labels = table.labels
    inter = pd.DataFrame(
        [
            (labels[i][0], labels[i][1], labels[j][0], labels[j][1], table.Z[i, j])
            for i in range(table.n)
            for j in range(table.n)
        ],
        columns=["from_region", "from_sector", "to_region", "to_sector", "value"],
    )
    final = pd.DataFrame(
        [
            (labels[i][0], labels[i][1], table.regions[r], table.categories[k], table.Y[i, r, k])
            for i in range(table.n)
            for r in range(len(table.regions))
            for k in range(len(table.categories))
        ],
        columns=["from_region", "from_sector", "to_region", "category", "value"],
    )
    p1 = list(data.draw(st.permutations(range(len(inter)))))
    p2 = list(data.draw(st.permutations(range(len(final)))))
    rebuilt = io.IOTable.from_long(inter.iloc[p1], final.iloc[p2])
    a = io.IOSystem(table).value_added_in_exports()
    b = io.IOSystem(rebuilt).value_added_in_exports()
    np.testing.assert_allclose(rebuilt.Z, table.Z)
    np.testing.assert_allclose(
        b[["gross_exports", "dva", "fva"]], a[["gross_exports", "dva", "fva"]], rtol=1e-9, atol=1e-6
    )


# -- export potential ---------------------------------------------------------------------------


@st.composite
def bilateral_flows(draw):
    """Random bilateral flows among 3-6 countries and 2-5 products (no self-flows)."""
    n = draw(st.integers(3, 6))
    k = draw(st.integers(2, 5))
    countries = [f"C{i}" for i in range(n)]
    rows = []
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for p in range(k):
                if draw(st.booleans()):
                    rows.append((countries[i], countries[j], f"P{p}", draw(st.floats(1.0, 1e6))))
    assume(len(rows) >= 4)
    return pd.DataFrame(rows, columns=["exporter", "importer", "product", "value"])


@SETTINGS
@given(flows=bilateral_flows())
def test_export_potential_calibration_identity(flows):
    """Before projection, sum_k PotX_ijk = X_ij over the eligible products, for every pair."""
    out = ep.export_potential(flows, rca_floor=1.0)
    elig = out[out["eligible"]]
    pairs = elig.groupby(["exporter", "importer"])[["value", "potential_base"]].sum()
    np.testing.assert_allclose(pairs["potential_base"], pairs["value"], rtol=1e-9)
    assert (out["untapped"] >= 0).all()


@SETTINGS
@given(flows=bilateral_flows(), scale=st.floats(1e-3, 1e3), data=st.data())
def test_export_potential_invariant_to_row_order_and_proportional_to_scale(flows, scale, data):
    a = ep.export_potential(flows)
    perm = list(data.draw(st.permutations(range(len(flows)))))
    other = flows.iloc[perm].assign(value=lambda f: f["value"] * scale).reset_index(drop=True)
    b = ep.export_potential(other)
    key = ["exporter", "importer", "product"]
    a = a.sort_values(key).reset_index(drop=True)
    b = b.sort_values(key).reset_index(drop=True)
    assert a[key].equals(b[key])
    for col in ("rca", "supply", "ease", "access", "distance_factor"):
        np.testing.assert_allclose(b[col], a[col], rtol=1e-9, atol=1e-12, err_msg=col)
    for col in ("value", "imports", "potential_base", "potential", "untapped"):
        # untapped = max(potential - value, 0) cancels: allow rounding relative to the values
        atol = 1e-9 * scale * float(a["value"].abs().max())
        np.testing.assert_allclose(b[col], a[col] * scale, rtol=1e-9, atol=atol, err_msg=col)
