"""Input-output maths on arrays: coefficients, the Leontief and Ghosh models, linkage indices.

Pure functions on numpy arrays (no labels, no tables); :mod:`gvc.analytics.io_linkages` builds the
labelled tables and systems on top, :mod:`gvc.analytics.paths` the structural paths.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla


def _inverse(values: np.ndarray) -> np.ndarray:
    """Return ``1/values`` with 0 where ``values`` is 0 (pymrio's convention)."""
    safe = np.where(values != 0, values, 1.0)
    return np.where(values != 0, 1.0 / safe, 0.0)


# ---------------------------------------------------------------------------------------------
# Core formulas
# ---------------------------------------------------------------------------------------------


def balanced_output(Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Gross output as the row sum of intermediate and final use, ``x = Z 1 + Y 1``.

    Parameters
    ----------
    Z : ndarray (n, n)
        Intermediate use.
    Y : ndarray (n, ...)
        Final demand; every axis after the first is summed.

    Returns
    -------
    ndarray (n,)
        Gross output.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009). Input-Output Analysis, 2nd ed., eq. (2.1).
    """
    return Z.sum(axis=1) + Y.reshape(Y.shape[0], -1).sum(axis=1)


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Technical (input) coefficients ``A = Z diag(x)^-1``; columns with ``x = 0`` are zero.

    References
    ----------
    Miller & Blair (2009), eq. (2.4); pymrio ``calc_A``.
    """
    return Z * _inverse(np.asarray(x, dtype=float))[None, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Allocation (output) coefficients ``B = diag(x)^-1 Z``; rows with ``x = 0`` are zero.

    References
    ----------
    Ghosh, A. (1958). Input-output approach in an allocation system. Economica 25, 58-64;
    Miller & Blair (2009), eq. (12.2); pymrio ``calc_B``.
    """
    return Z * _inverse(np.asarray(x, dtype=float))[:, None]


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """Leontief inverse ``L = (I - A)^-1``.

    References
    ----------
    Leontief, W. (1936); Miller & Blair (2009), eq. (2.10); pymrio ``calc_L``.
    """
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def residual_value_added(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Value added as the residual ``VA = x - colsum(Z)`` (used when a table has no VA rows).

    Taxes less subsidies on products, international transport margins and statistical
    discrepancies fall into this residual.
    """
    return np.asarray(x, dtype=float) - Z.sum(axis=0)


class LeontiefSolver:
    """The LU factorisation of ``I - A``, to form products with ``L`` without inverting.

    ``solver.right(b)`` returns ``L b`` and ``solver.left(c)`` returns ``c L`` (``c`` a row vector
    or a stack of row vectors), each for the cost of two triangular solves.

    Parameters
    ----------
    A : ndarray (n, n)
        Technical coefficients.
    """

    def __init__(self, A: np.ndarray):
        self.n = A.shape[0]
        # I - A without an identity matrix: -A, then 1 added on the diagonal (the same floats)
        m = np.negative(np.asarray(A, dtype=float))
        m.flat[:: self.n + 1] += 1.0
        self._lu = sla.lu_factor(m, overwrite_a=True, check_finite=False)

    def right(self, b: np.ndarray) -> np.ndarray:
        """Return ``L b`` for a vector or a matrix ``b`` with n rows."""
        return sla.lu_solve(self._lu, b, check_finite=False)

    def left(self, c: np.ndarray) -> np.ndarray:
        """Return ``c L`` for a row vector (n,) or a stack of row vectors (k, n)."""
        return sla.lu_solve(self._lu, np.asarray(c).T, trans=1, check_finite=False).T


def rasmussen_hirschman(colsum: np.ndarray, rowsum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised Rasmussen-Hirschman indices from column sums of L and row sums of G.

    ``BL_j = n colsum_j / sum(colsum)`` and ``FL_i = n rowsum_i / sum(rowsum)``.

    References
    ----------
    Rasmussen, P. N. (1956). Studies in Inter-Sectoral Relations; Hirschman, A. O. (1958);
    Miller & Blair (2009), section 12.2 (forward linkages with the Ghosh inverse).
    """
    n = colsum.shape[-1]
    bl = n * colsum / colsum.sum(axis=-1, keepdims=True)
    fl = n * rowsum / rowsum.sum(axis=-1, keepdims=True)
    return bl, fl


def linkage_type(backward: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """Classify sectors: 'key' (both indices > 1), 'backward', 'forward' or 'weak'."""
    b = np.asarray(backward) > 1
    f = np.asarray(forward) > 1
    return np.select([b & f, b, f], ["key", "backward", "forward"], "weak")


def upstreamness_vector(
    Z: np.ndarray, x: np.ndarray, inventories: np.ndarray | None = None
) -> np.ndarray:
    """Antras-Chor upstreamness ``U = (I - B~)^-1 1`` with the inventory correction.

    ``B~_ij = Z_ij / (x_i - N_i)`` (row ``i`` of the allocation matrix scaled by
    ``x_i / (x_i - N_i)``, ``N`` the change in inventories); without inventories ``B~ = B``.
    Rows whose denominator is zero get zero coefficients (upstreamness 1).

    References
    ----------
    Antras, P., Chor, D., Fally, T. & Hillberry, R. (2012). Measuring the upstreamness of
    production and trade flows. AER P&P 102(3), 412-416; Antras, P. & Chor, D. (2018). On the
    measurement of upstreamness and downstreamness in global value chains.
    """
    x = np.asarray(x, dtype=float)
    den = x - (0.0 if inventories is None else inventories)
    bt = Z * _inverse(den)[:, None]
    return np.linalg.solve(np.eye(len(x)) - bt, np.ones(len(x)))


def downstreamness_vector(
    A: np.ndarray, x: np.ndarray, inventories: np.ndarray | None = None
) -> np.ndarray:
    """Antras-Chor downstreamness ``D = 1' (I - A~)^-1`` (column sums of the Leontief inverse).

    ``A~ = diag(x / (x - N)) A`` applies the same inventory correction as
    :func:`upstreamness_vector`. Without inventories D is the output multiplier.

    References
    ----------
    Antras & Chor (2018), section 2; Miller, R. E. & Temurshoev, U. (2017). Output upstreamness
    and input downstreamness of industries/countries in world production. IRSR 40(5).
    """
    x = np.asarray(x, dtype=float)
    if inventories is None:
        at = A
    else:
        den = x - inventories
        scale = np.where(den != 0, x * _inverse(den), 1.0)
        at = A * scale[:, None]
    return np.linalg.solve((np.eye(len(x)) - at).T, np.ones(len(x)))
