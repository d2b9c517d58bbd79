"""Scoring of opportunity candidates: weights, percentiles, the combined score, markets."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import groups
from gvc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    pass

#: Default weights of the four components of the combined score.
DEFAULT_WEIGHTS: dict[str, float] = {
    "feasibility": 0.40,
    "attractiveness": 0.25,
    "linkage": 0.15,
    "readiness": 0.20,
}
#: Weights inside feasibility: the cluster's own proximity counts more than the country's density.
FEASIBILITY_WEIGHTS: dict[str, float] = {"relatedness": 0.6, "density": 0.4}
#: Default weights of the attractiveness sub-components.
ATTRACTIVENESS_WEIGHTS: dict[str, float] = {
    "world_demand": 0.25,
    "growth": 0.20,
    "pci": 0.15,
    "cog": 0.15,
    "untapped": 0.25,
}
ROLES = ("made", "adjacent", "supplier")
EU27 = frozenset(groups.EU27)
GCC = frozenset(("SAU", "ARE", "KWT", "QAT", "BHR", "OMN"))
#: IO region codes that differ from ISO3 (WIOD 2013 uses ROM for Romania).
IO_REGION_ISO3 = {"ROM": "ROU"}
REQ_TABLE = "concordances/market_requirements_hs_prefixes.csv"
COUNTRY = "IDN"


def _weights(
    given: Mapping[str, float] | None, default: Mapping[str, float], name: str
) -> dict[str, float]:
    w = dict(default)
    if given:
        unknown = sorted(set(given) - set(w))
        if unknown:
            raise InvalidInputError(f"'{name}': unknown key(s) {unknown}; keys are {', '.join(w)}")
        for k, v in given.items():
            try:
                f = float(v)
            except (TypeError, ValueError):
                f = float("nan")
            if not math.isfinite(f) or f < 0:
                raise InvalidInputError(f"'{name}': {k} must be a non-negative number (got {v!r})")
            w[k] = f
    total = sum(w.values())
    if total <= 0:
        raise InvalidInputError(f"'{name}': at least one weight must be positive")
    return {k: v / total for k, v in w.items()}


def market_codes(iso3: str) -> set[str]:
    """Return the requirement-table market codes that apply to a country (EU27, GCC, itself)."""
    code = IO_REGION_ISO3.get(iso3, iso3)
    out = {code}
    if code in EU27:
        out.add("EU27")
    if code in GCC:
        out.add("GCC")
    return out


def requirement_matrix(products: Iterable[str], prefixes: Iterable[Iterable[str]]) -> np.ndarray:
    """Return a boolean matrix: product i (HS code) falls under requirement j's HS prefixes.

    A prefix ``all`` covers every product; otherwise a product matches when its code starts with
    one of the prefixes (chapters of 2 digits, headings of 4).
    """
    prods = list(products)
    cols = []
    for pref in prefixes:
        pref = [p for p in pref if p]
        if "all" in pref:
            cols.append(np.ones(len(prods), dtype=bool))
        else:
            tup = tuple(pref)
            cols.append(
                np.array([p.startswith(tup) for p in prods], dtype=bool)
                if tup
                else np.zeros(len(prods), dtype=bool)
            )
    return np.column_stack(cols) if cols else np.zeros((len(prods), 0), dtype=bool)


def percentile(values: pd.Series) -> pd.Series:
    """Return the percentile rank (0-1, average ties) of each value; NaN stays NaN."""
    return values.rank(pct=True, method="average")


def combine(components: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Weighted mean of the component columns per row, re-normalised over non-missing ones.

    Parameters
    ----------
    components : DataFrame
        One column per key of ``weights`` with values in 0-1 (NaN = unknown).
    weights : mapping
        Component -> weight (need not sum to 1).

    Returns
    -------
    Series
        ``sum_k w_k c_k / sum_k w_k`` over the components k known in the row; NaN if none is.
    """
    keys = list(weights)
    c = components[keys].to_numpy(float)
    w = np.array([weights[k] for k in keys], dtype=float)
    known = ~np.isnan(c)
    wk = known * w
    den = wk.sum(axis=1)
    num = np.where(known, c, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(den > 0, num / den, np.nan), index=components.index)
