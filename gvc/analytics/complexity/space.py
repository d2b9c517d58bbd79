"""Proximity, density, distance, complexity outlook (COI) and outlook gain (COG).

References
----------
Hidalgo et al. (2007), Science 317; Hausmann, Hidalgo et al. (2014), The Atlas of Economic
Complexity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.analytics.complexity.core import (
    PROXIMITY,
)
from gvc.errors import InvalidInputError

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
