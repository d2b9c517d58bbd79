"""Complexity core: the exports matrix, RCA/RPOP, presence, diversity, ubiquity, ECI and PCI.

Formulas follow py-ecomplexity 0.5.3 (see :mod:`gvc.analytics.complexity`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.linalg import eigh

from gvc.analytics._finite import require_finite
from gvc.choices import ATLAS_MIN_EXPORTS_USD as ATLAS_MIN_EXPORTS_USD  # re-exported
from gvc.choices import ATLAS_MIN_POPULATION as ATLAS_MIN_POPULATION
from gvc.choices import PRESENCE as PRESENCE
from gvc.choices import PROXIMITY as PROXIMITY
from gvc.choices import STRATEGIES as STRATEGIES
from gvc.errors import InvalidInputError

PCI_CEILING_GDPPC_USD = 6000.0
"""Countries with GDP per capita at or below this get the Atlas PCI ceiling (when asked for)."""

ATLAS_NOISY_PRODUCTS = ("7108", "9999", "XXXX")
"""HS92 4-digit codes the Growth Lab drops as noisy trade before the complexity step (gold 7108,
unspecified 9999, XXXX)."""

Strategy = Literal[
    "light_touch", "parsimonious", "strategic_bets", "low_hanging_fruit", "long_jumps"
]


# --------------------------------------------------------------------------------------------------
# Input: long frame -> dense matrix, with the checks for bad input
# --------------------------------------------------------------------------------------------------


def pivot_values(
    frame: pd.DataFrame,
    location: str = "location",
    product: str = "product",
    value: str = "export_value",
) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """Turn a long frame into a dense ``locations x products`` matrix.

    Parameters
    ----------
    frame : DataFrame
        One row per (location, product) with a non-negative value. Missing pairs are zeros.
    location, product, value : str
        Column names.

    Returns
    -------
    tuple
        ``(X, locations, products)``: the float64 matrix and its sorted row and column labels.

    Raises
    ------
    InvalidInputError
        Empty input, missing columns, negative values or a value that is not a finite number
        (NaN, an infinity or text: the error names the row, location and product).

    Warns
    -----
    UserWarning
        Duplicate (location, product) rows (summed).
    """
    missing = [c for c in (location, product, value) if c not in frame.columns]
    if missing:
        msg = (
            f"exports frame must have columns {location!r}, {product!r}, {value!r} "
            f"(missing {missing}; got {list(frame.columns)})"
        )
        raise InvalidInputError(msg)
    if len(frame) == 0:
        msg = "exports frame is empty: expected at least one (location, product, value) row"
        raise InvalidInputError(msg)
    vals = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    locs_in, prods_in, raw = frame[location].to_numpy(), frame[product].to_numpy(), frame[value]

    def cell(i: int) -> str:
        got = f" (raw {raw.iloc[i]!r})" if isinstance(raw.iloc[i], str) else ""
        return f"row {i}: {location} {locs_in[i]!r}, {product} {prods_in[i]!r}{got}"

    require_finite(vals, f"exports column {value!r}", cell)
    if (vals < 0).any():
        bad = frame.loc[vals < 0, [location, product, value]].head(3).to_dict("records")
        msg = f"column {value!r} must be non-negative export values (got {bad} ...)"
        raise InvalidInputError(msg)
    loc_codes, locs = pd.factorize(frame[location], sort=True)
    prod_codes, prods = pd.factorize(frame[product], sort=True)
    if (loc_codes < 0).any() or (prod_codes < 0).any():
        msg = f"columns {location!r} and {product!r} must not contain missing labels"
        raise InvalidInputError(msg)
    flat = loc_codes.astype(np.int64) * len(prods) + prod_codes
    if np.bincount(flat, minlength=len(locs) * len(prods)).max() > 1:
        warnings.warn(
            "duplicate (location, product) rows were summed",
            stacklevel=2,
        )
    X = np.bincount(flat, weights=vals, minlength=len(locs) * len(prods))
    return X.reshape(len(locs), len(prods)), pd.Index(locs), pd.Index(prods)


def _drop_empty(
    X: np.ndarray, locations: pd.Index, products: pd.Index
) -> tuple[np.ndarray, pd.Index, pd.Index, list, list]:
    """Drop all-zero locations and zero-world-trade products, warning about each group."""
    keep_loc = X.sum(axis=1) > 0
    keep_prod = X.sum(axis=0) > 0
    if not keep_loc.any() or not keep_prod.any():
        msg = "exports are all zero: expected some positive export values"
        raise InvalidInputError(msg)
    dropped_locs = list(locations[~keep_loc])
    dropped_prods = list(products[~keep_prod])
    if dropped_locs:
        warnings.warn(
            f"{len(dropped_locs)} location(s) with zero total exports were dropped: "
            f"{dropped_locs[:10]}",
            stacklevel=3,
        )
    if dropped_prods:
        warnings.warn(
            f"{len(dropped_prods)} product(s) with zero world trade were dropped: "
            f"{dropped_prods[:10]}",
            stacklevel=3,
        )
    if dropped_locs or dropped_prods:
        X = X[keep_loc][:, keep_prod]
    return X, locations[keep_loc], products[keep_prod], dropped_locs, dropped_prods


# --------------------------------------------------------------------------------------------------
# RCA, RPOP, presence, diversity and ubiquity
# --------------------------------------------------------------------------------------------------


def rca(X: np.ndarray) -> np.ndarray:
    """Balassa revealed comparative advantage.

    ``RCA_cp = (X_cp / sum_p X_cp) / (sum_c X_cp / sum_cp X_cp)`` (Balassa 1965), computed in the
    same order of operations as py-ecomplexity so that results agree to the last bits. Locations
    with zero exports or products with zero world trade give NaN.

    Parameters
    ----------
    X : ndarray
        ``locations x products`` non-negative values.

    Returns
    -------
    ndarray
        Same shape as ``X``.
    """
    X = np.asarray(X, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = X / X.sum(axis=1)[:, np.newaxis]
        col = X.sum(axis=0)[np.newaxis, :]
        return share / (col / col.sum())


def rpop(X: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Compute exports per capita relative to the world (RPOP).

    ``RPOP_cp = (X_cp / pop_c) / (sum_c X_cp / sum_c pop_c)`` (py-ecomplexity ``calculate_rpop``);
    the world population is the sum over the locations given.

    Parameters
    ----------
    X : ndarray
        ``locations x products`` values.
    population : ndarray
        One population per location (row of ``X``), positive.

    Returns
    -------
    ndarray
        Same shape as ``X``.
    """
    pop = np.asarray(population, dtype=float).reshape(-1, 1)
    if pop.shape[0] != X.shape[0]:
        msg = f"population must have one value per location ({X.shape[0]}), got {pop.shape[0]}"
        raise InvalidInputError(msg)
    if np.isnan(pop).any() or (pop <= 0).any():
        msg = "population must be positive and known for every location"
        raise InvalidInputError(msg)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X / pop) / (X.sum(axis=0)[np.newaxis, :] / pop.sum())


def mcp(values: np.ndarray, threshold: float = 1.0, continuous: bool = False) -> np.ndarray:
    """Presence matrix M.

    Discrete: ``M_cp = 1 if value_cp >= threshold`` (inclusive; NaN counts as absent), as
    py-ecomplexity. Continuous: ``M_cp = RCA_cp / (1 + RCA_cp)`` (the Atlas's continuous presence),
    ``threshold`` ignored.

    Parameters
    ----------
    values : ndarray
        RCA (or RPOP) matrix.
    threshold : float
        Presence threshold, default 1.
    continuous : bool
        Use the continuous form.

    Returns
    -------
    ndarray
        float64 matrix of 0/1 (discrete) or values in [0, 1) (continuous).
    """
    v = np.nan_to_num(np.asarray(values, dtype=float))
    if continuous:
        return v / (1.0 + v)
    return (v >= threshold).astype(float)


def diversity(M: np.ndarray) -> np.ndarray:
    """Diversity ``k_c = sum_p M_cp`` (Hidalgo & Hausmann 2009)."""
    return np.asarray(M).sum(axis=1)


def ubiquity(M: np.ndarray) -> np.ndarray:
    """Ubiquity ``k_p = sum_c M_cp`` (Hidalgo & Hausmann 2009)."""
    return np.asarray(M).sum(axis=0)


# --------------------------------------------------------------------------------------------------
# ECI and PCI
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EciPci:
    """ECI/PCI and the raw eigenvectors they come from.

    Attributes
    ----------
    eci, pci : ndarray
        Normalised indices (NaN for locations/products with zero diversity/ubiquity).
    kc, kp : ndarray
        Sign-adjusted raw vectors; ``kp`` feeds COI and COG, ``kc``'s sd scales PCI and COG.
    eigenvalue : float
        The second-largest eigenvalue of ``Mpp``.
    """

    eci: np.ndarray
    pci: np.ndarray
    kc: np.ndarray
    kp: np.ndarray
    eigenvalue: float


def eci_pci(M: np.ndarray) -> EciPci:
    """Economic and product complexity indices.

    ``Mpp = (M / k_p)^T (M / k_c)``; ``kp`` is the eigenvector of its second-largest eigenvalue,
    ``kc = (M / k_c) kp``, signed so that ``corr(kc, k_c) > 0``; ``ECI = (kc - mean kc) / sd kc``
    and ``PCI = (kp - mean kc) / sd kc`` (population sd), as py-ecomplexity ``calc_eci_pci``.
    Locations with zero diversity and products with zero ubiquity are left out of the eigen-step
    and get NaN.

    The eigenvector is found without the dense non-symmetric eigendecomposition of ``Mpp`` that
    the reference uses: with ``A = D_c^{-1/2} M D_p^{-1/2}``, ``Mpp`` is similar to ``A^T A`` and
    ``Mcc`` to ``A A^T``; the smaller of the two symmetric matrices is solved with
    ``scipy.linalg.eigh`` (top two eigenpairs) and mapped back
    (``kp = D_p^{-1} M^T D_c^{-1/2} u`` when ``u`` solves ``A A^T``). The index values do not depend
    on the eigenvector's scale, so they agree with the reference's.

    Parameters
    ----------
    M : ndarray
        Presence matrix, ``locations x products``, non-negative.

    Returns
    -------
    EciPci
    """
    M = np.asarray(M, dtype=float)
    kc0 = M.sum(axis=1)
    kp0 = M.sum(axis=0)
    row_ok = kc0 > 0
    col_ok = kp0 > 0
    if not row_ok.all() or not col_ok.all():
        warnings.warn(
            f"{int((~row_ok).sum())} location(s) with zero diversity and "
            f"{int((~col_ok).sum())} product(s) with zero ubiquity get NaN ECI/PCI",
            stacklevel=2,
        )
    Mv = M[row_ok][:, col_ok]
    kc_v, kp_v = kc0[row_ok], kp0[col_ok]
    n_c, n_p = Mv.shape
    if min(n_c, n_p) < 2:
        msg = f"ECI/PCI need at least 2 locations and 2 products with presence (got {n_c} x {n_p})"
        raise InvalidInputError(msg)
    A = Mv / np.sqrt(kc_v)[:, np.newaxis] / np.sqrt(kp_v)[np.newaxis, :]
    if n_c <= n_p:
        w, u = eigh(A @ A.T, subset_by_index=[n_c - 2, n_c - 1])
        kp = (Mv / kp_v[np.newaxis, :]).T @ (u[:, 0] / np.sqrt(kc_v))
    else:
        w, v = eigh(A.T @ A, subset_by_index=[n_p - 2, n_p - 1])
        kp = v[:, 0] / np.sqrt(kp_v)
    if np.isclose(w[0], w[1], rtol=1e-10, atol=1e-12):
        warnings.warn(
            "the largest eigenvalue of Mpp is repeated (the location-product network is not "
            "connected): ECI/PCI are not uniquely defined",
            stacklevel=2,
        )
    kc = (Mv / kc_v[:, np.newaxis]) @ kp
    sign = np.sign(np.corrcoef(kc_v, kc)[0, 1])
    if sign == 0 or np.isnan(sign):
        sign = 1.0
    kc, kp = sign * kc, sign * kp
    mean, sd = kc.mean(), kc.std()
    eci = np.full(M.shape[0], np.nan)
    pci = np.full(M.shape[1], np.nan)
    kc_full = np.full(M.shape[0], np.nan)
    kp_full = np.full(M.shape[1], np.nan)
    eci[row_ok] = (kc - mean) / sd
    pci[col_ok] = (kp - mean) / sd
    kc_full[row_ok] = kc
    kp_full[col_ok] = kp
    return EciPci(eci=eci, pci=pci, kc=kc_full, kp=kp_full, eigenvalue=float(w[0]))
