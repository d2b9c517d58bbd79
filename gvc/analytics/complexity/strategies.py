"""Market share, growth, RCA change and the Atlas growth-opportunity strategies."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from gvc.analytics.complexity.core import (
    PCI_CEILING_GDPPC_USD,
    STRATEGIES,
    Strategy,
)
from gvc.errors import InvalidInputError

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
