"""Revealed comparative advantage, economic complexity and the product space.

Pure functions on dense ``locations x products`` numpy matrices (and a long-frame entry point,
:func:`complexity`). Every formula follows py-ecomplexity 0.5.3 (Harvard Growth Lab), the reference
implementation named in ``METHODS.md`` section 1, and agrees with it to 1e-6 on the same input; the
departures are listed in ``docs/complexity.md`` and in the docstrings below.

References
----------
Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
Hidalgo, C. A., Klinger, B., Barabasi, A.-L., Hausmann, R. (2007). The product space conditions the
development of nations. Science 317(5837), 482-487.
Hidalgo, C. A., Hausmann, R. (2009). The building blocks of economic complexity. PNAS 106(26).
Hausmann, R., Hidalgo, C. A., et al. (2011/2014). The Atlas of Economic Complexity. MIT Press.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy.linalg import eigh
from scipy.sparse.csgraph import minimum_spanning_tree

from gvc.errors import InvalidInputError

__all__ = [
    "ATLAS_MIN_EXPORTS_USD",
    "ATLAS_MIN_POPULATION",
    "ATLAS_NOISY_PRODUCTS",
    "PCI_CEILING_GDPPC_USD",
    "PRESENCE",
    "PROXIMITY",
    "STRATEGIES",
    "ComplexityResult",
    "atlas_location_filter",
    "atlas_product_filter",
    "cagr",
    "cog",
    "coi",
    "complexity",
    "complexity_matrix",
    "density",
    "distance",
    "diversity",
    "eci_pci",
    "growth_opportunities",
    "market_share",
    "mcp",
    "new_products",
    "pivot_values",
    "product_space_graph",
    "proximity",
    "quadrant_strategy",
    "rca",
    "rca_change",
    "rpop",
    "ubiquity",
]

PRESENCE = ("rca", "rpop", "continuous")
"""Presence tests: ``rca`` (Balassa RCA >= threshold), ``rpop`` (RPOP >= threshold) and
``continuous`` (``M = RCA / (1 + RCA)``, the Atlas's continuous presence)."""

PROXIMITY = ("symmetric", "asymmetric", "continuous")
"""Proximity kinds: ``symmetric`` ``C_pq / max(k_p, k_q)`` (default), ``asymmetric`` ``C_pq / k_p``
and ``continuous`` ``(1 + corr(RCA_p, RCA_q)) / 2``."""

STRATEGIES: dict[str, tuple[float, float, float]] = {
    "light_touch": (0.60, 0.20, 0.20),
    "parsimonious": (0.55, 0.20, 0.25),
    "strategic_bets": (0.50, 0.15, 0.35),
    "low_hanging_fruit": (0.60, 0.15, 0.25),
    "long_jumps": (0.45, 0.20, 0.35),
}
"""Atlas "strategic approach" weights on (distance, PCI, COG), ``METHODS.md`` section 1."""

PCI_CEILING_GDPPC_USD = 6000.0
"""Countries with GDP per capita at or below this get the Atlas PCI ceiling (when asked for)."""

ATLAS_MIN_POPULATION = 1_200_000
"""Atlas of Economic Complexity (2011, ch. 7): ranked countries have over 1.2 million people."""

ATLAS_MIN_EXPORTS_USD = 1e9
"""Atlas of Economic Complexity (2011, ch. 7): and export at least USD 1 billion a year."""

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
        Empty input, missing columns or negative values.

    Warns
    -----
    UserWarning
        NaN values (set to zero) and duplicate (location, product) rows (summed).
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
    n_nan = int(np.isnan(vals).sum())
    if n_nan:
        warnings.warn(
            f"{n_nan} NaN or non-numeric value(s) in column {value!r} were set to zero",
            stacklevel=2,
        )
        vals = np.nan_to_num(vals, nan=0.0)
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


# --------------------------------------------------------------------------------------------------
# Proximity, density, distance, COI, COG
# --------------------------------------------------------------------------------------------------


def proximity(
    M: np.ndarray,
    kind: str = "symmetric",
    values: np.ndarray | None = None,
    block: int = 512,
) -> np.ndarray:
    """Product proximity matrix ``phi`` (products x products).

    - ``symmetric`` (default): ``phi_pq = C_pq / max(k_p, k_q)`` with ``C = M^T M``, the minimum of
      the two conditional probabilities (Hidalgo et al. 2007). The diagonal is 1.
    - ``asymmetric``: ``phi_pq = C_pq / k_p``, the probability of exporting q given p
      (py-ecomplexity ``asymmetric=True``).
    - ``continuous``: ``phi_pq = (1 + corr(v_p, v_q)) / 2``, the correlation across locations of
      ``values`` (the RCA matrix; py-ecomplexity ``continuous=True``).

    ``C`` is one BLAS product and the division runs in row blocks in place, so the only
    ``products x products`` array held is the result. Products with zero ubiquity get proximity 0
    (the reference gives NaN).

    Parameters
    ----------
    M : ndarray
        Presence matrix.
    kind : str
        One of :data:`PROXIMITY`.
    values : ndarray, optional
        Matrix whose columns are correlated for ``continuous`` (RCA); required for that kind.
    block : int
        Rows per block in the in-place division.

    Returns
    -------
    ndarray
        ``products x products`` float64.
    """
    if kind not in PROXIMITY:
        msg = f"proximity kind must be one of {PROXIMITY} (got {kind!r})"
        raise InvalidInputError(msg)
    M = np.asarray(M, dtype=float)
    if kind == "continuous":
        if values is None:
            msg = "continuous proximity needs the RCA matrix in 'values'"
            raise InvalidInputError(msg)
        V = np.asarray(values, dtype=float)
        Z = V - V.mean(axis=0)
        sd = np.sqrt((Z * Z).sum(axis=0))
        with np.errstate(divide="ignore", invalid="ignore"):
            Z /= sd
        phi = Z.T @ Z
        np.clip(phi, -1.0, 1.0, out=phi)
        phi += 1.0
        phi *= 0.5
        return phi
    phi = M.T @ M
    k = M.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(0, phi.shape[0], block):
            rows = slice(i, i + block)
            if kind == "symmetric":
                phi[rows] /= np.maximum(k[rows, np.newaxis], k[np.newaxis, :])
            else:
                phi[rows] /= k[rows, np.newaxis]
    if not (k > 0).all():
        np.nan_to_num(phi, copy=False, nan=0.0)
    return phi


def density(
    values: np.ndarray,
    phi: np.ndarray,
    knn: int | None = None,
) -> np.ndarray:
    """Density ``omega_cp = sum_q M_cq phi_pq / sum_q phi_pq`` (Hidalgo et al. 2007).

    Computed as ``(M @ phi^T) / rowsum(phi)`` without forming a scaled copy of ``phi``
    (py-ecomplexity ``calc_density``). With ``knn``, only the ``knn`` products nearest to ``p``
    (largest ``phi_pq``, ``q != p``, ties broken by product order) enter both sums. This departs
    from py-ecomplexity 0.5.3, whose kNN branch sums the selected presence values without the
    proximity weights (it sums ``rca_knn_p`` instead of ``num_p``) and so is not a density.

    Parameters
    ----------
    values : ndarray
        Presence matrix M (or the RCA matrix with continuous proximity, as the reference does).
    phi : ndarray
        Proximity matrix.
    knn : int, optional
        Number of nearest neighbours; all products when None.

    Returns
    -------
    ndarray
        ``locations x products``.
    """
    values = np.asarray(values, dtype=float)
    phi = np.asarray(phi, dtype=float)
    if knn is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            return (values @ phi.T) / phi.sum(axis=1)[np.newaxis, :]
    n = phi.shape[0]
    if not 1 <= int(knn) < n:
        msg = f"knn must be an integer between 1 and {n - 1} (got {knn!r})"
        raise InvalidInputError(msg)
    knn = int(knn)
    w = np.zeros_like(phi)
    for start in range(0, n, 512):  # row blocks keep the sort's index array small
        stop = min(start + 512, n)
        ranked = phi[start:stop].copy()
        ranked[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        nbrs = np.argsort(-ranked, axis=1, kind="stable")[:, :knn]
        rows = np.repeat(np.arange(start, stop), knn)
        w[rows, nbrs.ravel()] = phi[rows, nbrs.ravel()]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (values @ w.T) / w.sum(axis=1)[np.newaxis, :]


def distance(dens: np.ndarray) -> np.ndarray:
    """Distance ``d_cp = 1 - omega_cp`` (Hausmann et al. 2014)."""
    return 1.0 - np.asarray(dens, dtype=float)


def coi(dens: np.ndarray, M: np.ndarray, kp: np.ndarray) -> np.ndarray:
    """Complexity outlook index, z-scored across locations.

    ``COI_c = sum_p omega_cp (1 - M_cp) kp_p``, then ``(COI - mean) / sd`` (population sd), as
    py-ecomplexity ``calc_coi_cog``. ``kp`` is the raw, sign-adjusted PCI eigenvector; products
    with NaN ``kp`` count as 0.

    Returns
    -------
    ndarray
        One value per location.
    """
    raw = ((np.asarray(dens) * (1.0 - np.asarray(M))) @ np.nan_to_num(kp)).astype(float)
    return (raw - raw.mean()) / raw.std()


def cog(M: np.ndarray, phi: np.ndarray, kp: np.ndarray, kc_sd: float) -> np.ndarray:
    """Complexity outlook gain.

    ``COG_cp = (1 - M_cp) sum_q (1 - M_cq) (phi_qp / sum_r phi_qr) kp_q``, divided by ``sd(kc)``
    (py-ecomplexity ``calc_coi_cog`` and its normalisation). Computed as one matrix product
    ``((1 - M) * kp / rowsum(phi)) @ phi``.

    Returns
    -------
    ndarray
        ``locations x products``.
    """
    M = np.asarray(M, dtype=float)
    phi = np.asarray(phi, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.nan_to_num(np.asarray(kp, dtype=float) / phi.sum(axis=1))
    absent = 1.0 - M
    return absent * ((absent * weight[np.newaxis, :]) @ phi) / kc_sd


def _labels(index: pd.Index) -> pd.Index:
    """Labels as a string index when they are strings, unchanged otherwise."""
    if index.dtype == object or pd.api.types.is_string_dtype(index.dtype):
        return index.astype(str)
    return index


# --------------------------------------------------------------------------------------------------
# The full run
# --------------------------------------------------------------------------------------------------


@dataclass
class ComplexityResult:
    """All measures of one complexity run on a ``locations x products`` matrix.

    Matrices are ``locations x products``; vectors follow ``locations`` or ``products``.
    ``dropped_locations`` / ``dropped_products`` hold what was removed for zero trade.
    """

    locations: pd.Index
    products: pd.Index
    export_value: np.ndarray
    rca: np.ndarray
    mcp: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    density: np.ndarray
    coi: np.ndarray
    cog: np.ndarray
    proximity: np.ndarray
    kp: np.ndarray
    kc: np.ndarray
    rpop: np.ndarray | None = None
    options: dict = field(default_factory=dict)
    dropped_locations: list = field(default_factory=list)
    dropped_products: list = field(default_factory=list)

    @property
    def distance(self) -> np.ndarray:
        """Distance ``1 - density``."""
        return 1.0 - self.density

    def to_frame(self) -> pd.DataFrame:
        """Long frame, one row per (location, product).

        Returns
        -------
        DataFrame
            Columns location, product (categoricals of the labels), export_value,
            market_share, rca, [rpop,] mcp, diversity, ubiquity, eci, pci, density, distance,
            coi, cog.
        """
        n_c, n_p = self.export_value.shape
        X = self.export_value
        with np.errstate(divide="ignore", invalid="ignore"):
            share = X / X.sum(axis=0)[np.newaxis, :]
        loc_codes = np.repeat(np.arange(n_c, dtype=np.int32), n_p)
        prod_codes = np.tile(np.arange(n_p, dtype=np.int32), n_c)
        cols: dict[str, object] = {
            "location": pd.Categorical.from_codes(loc_codes, categories=_labels(self.locations)),
            "product": pd.Categorical.from_codes(prod_codes, categories=_labels(self.products)),
            "export_value": X.ravel(),
            "market_share": share.ravel(),
            "rca": self.rca.ravel(),
        }
        if self.rpop is not None:
            cols["rpop"] = self.rpop.ravel()
        discrete = self.options.get("presence", "rca") != "continuous"
        cols |= {
            "mcp": self.mcp.ravel().astype(np.int8) if discrete else self.mcp.ravel(),
            "diversity": (self.diversity if not discrete else self.diversity.astype(np.int64))[
                loc_codes
            ],
            "ubiquity": (self.ubiquity if not discrete else self.ubiquity.astype(np.int64))[
                prod_codes
            ],
            "eci": self.eci[loc_codes],
            "pci": self.pci[prod_codes],
            "density": self.density.ravel(),
            "distance": self.distance.ravel(),
            "coi": self.coi[loc_codes],
            "cog": self.cog.ravel(),
        }
        return pd.DataFrame(cols, copy=False)

    def location_frame(self) -> pd.DataFrame:
        """One row per location: location, export_value, diversity, eci, coi."""
        return pd.DataFrame(
            {
                "location": pd.array(np.asarray(self.locations, dtype=object), dtype="string"),
                "export_value": self.export_value.sum(axis=1),
                "diversity": self.diversity,
                "eci": self.eci,
                "coi": self.coi,
            }
        )

    def product_frame(self) -> pd.DataFrame:
        """One row per product: product, world_trade, ubiquity, pci."""
        return pd.DataFrame(
            {
                "product": pd.array(np.asarray(self.products, dtype=object), dtype="string"),
                "world_trade": self.export_value.sum(axis=0),
                "ubiquity": self.ubiquity,
                "pci": self.pci,
            }
        )

    def proximity_frame(self, min_value: float = 0.0) -> pd.DataFrame:
        """Long proximity table: product_1, product_2, proximity (pairs with p != q).

        Parameters
        ----------
        min_value : float
            Keep pairs with proximity strictly above this (0 keeps the non-zero pairs).
        """
        phi = self.proximity
        i, j = np.nonzero((phi > min_value) & ~np.eye(phi.shape[0], dtype=bool))
        prods = np.asarray(self.products, dtype=object)
        return pd.DataFrame(
            {
                "product_1": pd.array(prods[i], dtype="string"),
                "product_2": pd.array(prods[j], dtype="string"),
                "proximity": phi[i, j],
            }
        )


def complexity_matrix(
    X: np.ndarray,
    locations: Sequence | pd.Index | None = None,
    products: Sequence | pd.Index | None = None,
    *,
    presence: str = "rca",
    threshold: float = 1.0,
    population: np.ndarray | None = None,
    proximity_kind: str = "symmetric",
    knn: int | None = None,
) -> ComplexityResult:
    """Run every complexity measure on a dense ``locations x products`` matrix.

    Defaults are py-ecomplexity's (``presence_test="rca"``, threshold 1, symmetric discrete
    proximity, full density). Locations with zero exports and products with zero world trade are
    dropped first (with a warning), as the reference does.

    Parameters
    ----------
    X : ndarray
        Non-negative export values.
    locations, products : sequence, optional
        Labels of the rows and columns (default: positions).
    presence : str
        ``rca`` (default), ``rpop`` (needs ``population``) or ``continuous`` (``RCA / (1 + RCA)``).
    threshold : float
        Presence threshold for ``rca``/``rpop``.
    population : ndarray, optional
        Population per location (rows of ``X``), for ``rpop``.
    proximity_kind : str
        One of :data:`PROXIMITY`.
    knn : int, optional
        Nearest neighbours for density (see :func:`density`).

    Returns
    -------
    ComplexityResult
    """
    if presence not in PRESENCE:
        msg = f"presence must be one of {PRESENCE} (got {presence!r})"
        raise InvalidInputError(msg)
    if proximity_kind not in PROXIMITY:
        msg = f"proximity must be one of {PROXIMITY} (got {proximity_kind!r})"
        raise InvalidInputError(msg)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.size == 0:
        msg = f"exports must be a non-empty 2-D locations x products matrix (got shape {X.shape})"
        raise InvalidInputError(msg)
    if np.isnan(X).any():
        warnings.warn("NaN export values were set to zero", stacklevel=2)
        X = np.nan_to_num(X)
    if (X < 0).any():
        msg = "exports must be non-negative (got negative values)"
        raise InvalidInputError(msg)
    locs = pd.Index(range(X.shape[0]) if locations is None else locations)
    prods = pd.Index(range(X.shape[1]) if products is None else products)
    pop = None if population is None else np.asarray(population, dtype=float)
    if pop is not None and pop.shape[0] != X.shape[0]:
        msg = f"population must have one value per location ({X.shape[0]}), got {pop.shape[0]}"
        raise InvalidInputError(msg)
    keep_loc = X.sum(axis=1) > 0
    X, locs, prods, dropped_locs, dropped_prods = _drop_empty(X, locs, prods)
    if pop is not None:
        pop = pop[keep_loc]
    R = rca(X)
    RP = None
    if presence == "rpop":
        if pop is None:
            msg = "presence='rpop' needs a population for every location"
            raise InvalidInputError(msg)
        RP = rpop(X, pop)
        M = mcp(RP, threshold)
    else:
        M = mcp(R, threshold, continuous=presence == "continuous")
    ec = eci_pci(M)
    if proximity_kind == "continuous":
        source = M if presence == "continuous" else (RP if RP is not None else R)
        phi = proximity(M, "continuous", values=source)
        dens_src = source
    else:
        phi = proximity(M, proximity_kind)
        dens_src = M
    dens = density(dens_src, phi, knn=knn)
    kc_sd = float(np.nanstd(ec.kc))
    return ComplexityResult(
        locations=locs,
        products=prods,
        export_value=X,
        rca=R,
        rpop=RP,
        mcp=M,
        diversity=M.sum(axis=1),
        ubiquity=M.sum(axis=0),
        eci=ec.eci,
        pci=ec.pci,
        density=dens,
        coi=coi(dens, M, ec.kp),
        cog=cog(M, phi, ec.kp, kc_sd),
        proximity=phi,
        kp=ec.kp,
        kc=ec.kc,
        options={
            "presence": presence,
            "threshold": threshold,
            "proximity": proximity_kind,
            "knn": knn,
        },
        dropped_locations=dropped_locs,
        dropped_products=dropped_prods,
    )


def complexity(
    frame: pd.DataFrame,
    *,
    location: str = "location",
    product: str = "product",
    value: str = "export_value",
    population: pd.Series | None = None,
    **options: object,
) -> ComplexityResult:
    """Run every complexity measure on a long frame of exports.

    Parameters
    ----------
    frame : DataFrame
        Columns ``location``, ``product``, ``value``: one row per pair (missing pairs are zero).
    location, product, value : str
        Column names.
    population : Series, optional
        Population indexed by location label, for ``presence="rpop"``.
    **options
        Passed to :func:`complexity_matrix` (presence, threshold, proximity_kind, knn).

    Returns
    -------
    ComplexityResult
    """
    X, locs, prods = pivot_values(frame, location, product, value)
    pop = None
    if population is not None:
        pop_s = population.reindex(locs)
        if pop_s.isna().any() and options.get("presence") == "rpop":
            missing = list(locs[pop_s.isna().to_numpy()][:10])
            msg = f"population is missing for {int(pop_s.isna().sum())} location(s): {missing}"
            raise InvalidInputError(msg)
        pop = pop_s.to_numpy(dtype=float)
    return complexity_matrix(X, locs, prods, population=pop, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Atlas-style filters
# --------------------------------------------------------------------------------------------------


def atlas_location_filter(
    exports: pd.Series,
    population: pd.Series,
    min_population: float = ATLAS_MIN_POPULATION,
    min_exports: float = ATLAS_MIN_EXPORTS_USD,
) -> pd.Index:
    """Locations the Atlas would rank: population and total exports above the floors.

    The Atlas of Economic Complexity (Hausmann, Hidalgo et al. 2011, ch. 7) ranks countries with a
    population above 1.2 million and exports of at least USD 1 billion a year (it also drops a few
    countries for data quality by hand, which is not reproduced). Locations without a population
    are dropped.

    Parameters
    ----------
    exports : Series
        Total exports (USD) indexed by location.
    population : Series
        Population indexed by location.
    min_population, min_exports : float
        The floors.

    Returns
    -------
    Index
        Locations that pass.
    """
    pop = population.reindex(exports.index)
    ok = (pop >= min_population) & (exports >= min_exports)
    return exports.index[ok.fillna(False).to_numpy(dtype=bool)]


def atlas_product_filter(
    X: np.ndarray,
    products: pd.Index,
    min_cumulative_share: float = 0.025,
    min_effective_exporters: float = 2.0,
    min_ubiquity: int = 2,
    noisy: Sequence[str] = ATLAS_NOISY_PRODUCTS,
) -> np.ndarray:
    """Boolean mask of products the Growth Lab keeps for its complexity step.

    A product is dropped when it is a noisy code (:data:`ATLAS_NOISY_PRODUCTS`), when it falls in
    the smallest products that together make ``min_cumulative_share`` percent of world trade,
    when its effective number of exporters (``1 / HHI`` of exporter shares) is at most
    ``min_effective_exporters``, or when at most ``min_ubiquity`` locations have RCA >= 1
    (the flags of the Growth Lab's Atlas data pipeline).

    Parameters
    ----------
    X : ndarray
        ``locations x products`` exports.
    products : Index
        Product labels.

    Returns
    -------
    ndarray
        True for the products to keep.
    """
    X = np.asarray(X, dtype=float)
    world = X.sum(axis=0)
    share = 100.0 * world / world.sum()
    order = np.argsort(share, kind="stable")
    cumulative = np.empty_like(share)
    cumulative[order] = np.cumsum(share[order])
    with np.errstate(divide="ignore", invalid="ignore"):
        hhi = ((X / world) ** 2).sum(axis=0)
        effective = 1.0 / hhi
    ubiq = mcp(rca(X)).sum(axis=0)
    drop = (
        (cumulative <= min_cumulative_share)
        | (effective <= min_effective_exporters)
        | (ubiq <= min_ubiquity)
        | (world < 1)
        | np.isin(np.asarray(products, dtype=str), list(noisy))
    )
    return ~drop


# --------------------------------------------------------------------------------------------------
# Market share, growth, RCA change
# --------------------------------------------------------------------------------------------------


def market_share(X: np.ndarray) -> np.ndarray:
    """World market share ``X_cp / sum_c X_cp`` (NaN for products with zero world trade)."""
    X = np.asarray(X, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return X / X.sum(axis=0)[np.newaxis, :]


def cagr(start: np.ndarray, end: np.ndarray, years: float) -> np.ndarray:
    """Compound annual growth rate ``(end / start)^(1 / years) - 1``.

    NaN where ``start <= 0`` (growth from nothing is undefined) or ``end < 0``.

    Parameters
    ----------
    start, end : array_like
        Values at the first and last year.
    years : float
        Number of years between them (> 0).
    """
    if years <= 0:
        msg = f"years between start and end must be positive (got {years!r})"
        raise InvalidInputError(msg)
    s = np.asarray(start, dtype=float)
    e = np.asarray(end, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.power(e / s, 1.0 / years) - 1.0
    return np.where((s > 0) & (e >= 0), out, np.nan)


def rca_change(rca_start: np.ndarray, rca_end: np.ndarray) -> np.ndarray:
    """Change in RCA between two years, ``RCA_end - RCA_start``."""
    return np.asarray(rca_end, dtype=float) - np.asarray(rca_start, dtype=float)


def new_products(rca_start: np.ndarray, rca_end: np.ndarray) -> np.ndarray:
    """Atlas "new products": mean RCA < 0.5 over the start years and >= 1 over the end years.

    Parameters
    ----------
    rca_start, rca_end : ndarray
        Stacks of RCA matrices (``years x locations x products``) for the first and last years
        (the Atlas uses three-year means).

    Returns
    -------
    ndarray
        Boolean ``locations x products``.
    """
    s = np.nanmean(np.asarray(rca_start, dtype=float), axis=0)
    e = np.nanmean(np.asarray(rca_end, dtype=float), axis=0)
    return (s < 0.5) & (e >= 1.0)


# --------------------------------------------------------------------------------------------------
# Growth opportunities
# --------------------------------------------------------------------------------------------------


def quadrant_strategy(eci: float, coi: float) -> Strategy:
    """Atlas strategy suggested by a country's COI/ECI quadrant.

    COI >= 0 and ECI >= 0: light touch; COI >= 0 and ECI < 0: parsimonious industrial policy;
    COI < 0: strategic bets (``METHODS.md`` section 1).
    """
    if coi < 0:
        return "strategic_bets"
    return "light_touch" if eci >= 0 else "parsimonious"


def _z(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    if not np.isfinite(sd) or sd == 0:
        return np.zeros_like(x)
    return (x - x.mean()) / sd


def growth_opportunities(
    products: pd.DataFrame,
    eci: float,
    coi: float,
    strategy: str | None = None,
    gdp_per_capita: float | None = None,
    pci_ceiling: bool = False,
) -> pd.DataFrame:
    """Rank a country's products without comparative advantage by the Atlas strategy weights.

    Candidates are products with ``RCA < 1`` and a PCI. Within them,
    ``score = w_d z(-distance) + w_pci z(PCI) + w_cog z(COG)`` with z-scores over the candidates
    (population sd) and the weights of :data:`STRATEGIES`. With ``pci_ceiling`` and GDP per capita
    at or below USD 6,000, products with ``PCI > ECI + 2.0`` (``+ 2.5`` for long jumps) are removed
    before the z-scores.

    Parameters
    ----------
    products : DataFrame
        The country's rows: product, rca, distance, pci, cog (other columns are kept).
    eci, coi : float
        The country's ECI and COI.
    strategy : str, optional
        One of :data:`STRATEGIES`; None picks :func:`quadrant_strategy`.
    gdp_per_capita : float, optional
        Current USD, for the PCI ceiling.
    pci_ceiling : bool
        Apply the Atlas PCI ceiling for countries at or below USD 6,000.

    Returns
    -------
    DataFrame
        The candidate rows sorted by score, with columns z_distance, z_pci, z_cog, score, rank and
        strategy; ``attrs`` hold strategy, weights, eci, coi, gdp_per_capita, pci_ceiling_applied.
    """
    need = {"product", "rca", "distance", "pci", "cog"}
    missing = need - set(products.columns)
    if missing:
        msg = f"growth opportunities need columns {sorted(need)} (missing {sorted(missing)})"
        raise InvalidInputError(msg)
    chosen = quadrant_strategy(eci, coi) if strategy is None else strategy
    if chosen not in STRATEGIES:
        msg = f"strategy must be one of {list(STRATEGIES)} or None (got {strategy!r})"
        raise InvalidInputError(msg)
    w_d, w_pci, w_cog = STRATEGIES[chosen]
    cand = products[(products["rca"] < 1) & products["pci"].notna()].copy()
    applied = False
    if pci_ceiling:
        if gdp_per_capita is None or not np.isfinite(gdp_per_capita):
            warnings.warn(
                "GDP per capita is not known: the PCI ceiling was not applied", stacklevel=2
            )
        elif gdp_per_capita <= PCI_CEILING_GDPPC_USD:
            margin = 2.5 if chosen == "long_jumps" else 2.0
            cand = cand[cand["pci"] <= eci + margin]
            applied = True
    cand["z_distance"] = _z(-cand["distance"].to_numpy(dtype=float))
    cand["z_pci"] = _z(cand["pci"].to_numpy(dtype=float))
    cand["z_cog"] = _z(cand["cog"].to_numpy(dtype=float))
    cand["score"] = w_d * cand["z_distance"] + w_pci * cand["z_pci"] + w_cog * cand["z_cog"]
    cand = cand.sort_values(["score", "product"], ascending=[False, True], kind="stable")
    cand["rank"] = np.arange(1, len(cand) + 1)
    cand["strategy"] = chosen
    cand = cand.reset_index(drop=True)
    cand.attrs = {
        "strategy": chosen,
        "weights": {"distance": w_d, "pci": w_pci, "cog": w_cog},
        "eci": float(eci),
        "coi": float(coi),
        "gdp_per_capita": None if gdp_per_capita is None else float(gdp_per_capita),
        "pci_ceiling_applied": applied,
    }
    return cand


# --------------------------------------------------------------------------------------------------
# The product space graph
# --------------------------------------------------------------------------------------------------


def product_space_graph(
    phi: np.ndarray,
    products: Sequence | pd.Index,
    nodes: pd.DataFrame | None = None,
    min_proximity: float | None = 0.55,
    max_extra_edges: int | None = None,
) -> nx.Graph:
    """Build the product space as the Atlas draws it: spanning tree plus the strongest links.

    The backbone is the maximum spanning tree (forest, if some products have no link) of the
    proximity network (Hidalgo et al. 2007). To it are added the strongest remaining links: all with
    proximity >= ``min_proximity`` (0.55 in Hidalgo et al. 2007), at most ``max_extra_edges`` of
    them when given (strongest first). The tree is found with scipy's minimum spanning tree on
    ``2 - phi`` (the same tree as ``networkx.maximum_spanning_tree`` on ``phi``, far faster on
    thousands of nodes); the result is a networkx graph.

    Parameters
    ----------
    phi : ndarray
        Symmetric proximity matrix (asymmetric input is symmetrised with the minimum).
    products : sequence
        Node labels, in the order of ``phi``.
    nodes : DataFrame, optional
        Node attributes indexed by product (e.g. pci, world_trade, rca, description).
    min_proximity : float, optional
        Threshold for the extra links; None adds none unless ``max_extra_edges`` is set.
    max_extra_edges : int, optional
        Cap on the number of extra links.

    Returns
    -------
    networkx.Graph
        Nodes carry the attributes of ``nodes``; edges carry ``proximity`` and ``backbone`` (True
        for tree edges).
    """
    phi = np.asarray(phi, dtype=float)
    labels = list(products)
    n = len(labels)
    if phi.shape != (n, n):
        msg = f"proximity must be {n} x {n} to match the products (got {phi.shape})"
        raise InvalidInputError(msg)
    sym = np.minimum(phi, phi.T)
    np.nan_to_num(sym, copy=False, nan=0.0)
    weights = np.where(sym > 0, 2.0 - sym, 0.0)
    np.fill_diagonal(weights, 0.0)
    tree = minimum_spanning_tree(weights).tocoo()
    g = nx.Graph()
    g.add_nodes_from(labels)
    if nodes is not None:
        attrs = nodes.reindex(labels)
        for col in attrs.columns:
            nx.set_node_attributes(g, dict(zip(labels, attrs[col].tolist(), strict=True)), col)
    in_tree = np.zeros((n, n), dtype=bool)
    for i, j in zip(tree.row, tree.col, strict=True):
        g.add_edge(labels[i], labels[j], proximity=float(sym[i, j]), backbone=True)
        in_tree[i, j] = in_tree[j, i] = True
    if min_proximity is not None or max_extra_edges is not None:
        iu, ju = np.triu_indices(n, k=1)
        vals = sym[iu, ju]
        ok = ~in_tree[iu, ju] & (vals > 0)
        if min_proximity is not None:
            ok &= vals >= min_proximity
        iu, ju, vals = iu[ok], ju[ok], vals[ok]
        order = np.lexsort((ju, iu, -vals))
        if max_extra_edges is not None:
            order = order[: max(int(max_extra_edges), 0)]
        for k in order:
            g.add_edge(labels[iu[k]], labels[ju[k]], proximity=float(vals[k]), backbone=False)
    return g
