"""Export potential inputs: the trade cube (flows at integer codes), RCA, growth, MRIO flows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from gvc.analytics._finite import require_finite
from gvc.choices import DISTANCE_ELASTICITY as DISTANCE_ELASTICITY  # re-exported
from gvc.choices import PASS_THROUGH as PASS_THROUGH
from gvc.choices import TARIFF_ELASTICITY as TARIFF_ELASTICITY
from gvc.errors import InvalidInputError

#: Annual supply growth is clipped to this band before projection (safeguard against tiny bases).
GROWTH_CLIP = (-0.5, 0.5)

OUTPUT_COLUMNS = [
    "exporter",
    "importer",
    "product",
    "value",
    "eligible",
    "rca",
    "supply",
    "imports",
    "access",
    "distance_factor",
    "demand",
    "ease",
    "potential_base",
    "supply_growth",
    "demand_growth",
    "potential",
    "untapped",
    "realised_share",
]


def _require(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInputError(f"{name!r} must be a DataFrame (got {type(frame).__name__})")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidInputError(
            f"{name!r} must have columns {', '.join(columns)} (missing: {', '.join(missing)}; "
            f"got {', '.join(map(str, frame.columns))})"
        )


def _numeric(frame: pd.DataFrame, name: str, column: str, missing: bool = True) -> np.ndarray:
    """Column as float64; InvalidInputError for text, an infinity or (``missing=False``) NaN.

    NaN (a missing value) is allowed where it means "unknown" (a tariff, a distance, a growth
    rate); the error names the row by the frame's other text columns.
    """
    try:
        col = frame[column]
        if col.dtype == np.float64:  # a view, no copy (80 MB for a 10M-row year); read only
            vals = col.to_numpy()
        else:
            vals = pd.to_numeric(col, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"{name!r}: column {column!r} must be numeric ({err})") from None
    check = vals if not missing else np.where(np.isnan(vals), 0.0, vals)
    keys = [c for c in frame.columns if c != column and not pd.api.types.is_numeric_dtype(frame[c])]

    def cell(i: int) -> str:
        row = frame.iloc[i]
        return f"row {i} (" + ", ".join(f"{k} {row[k]!s}" for k in keys[:3]) + ")"

    require_finite(check, f"{name!r} column {column!r}", cell)
    return vals


#: Rows per block of :func:`bincount2`: its temporaries (an int64 key, the weights) stay at
#: 2 x 16 MB whatever the size of the year, instead of 2 x 80 MB for a 10M-row year.
BLOCK_ROWS = 1 << 21


def bincount2(
    a: np.ndarray,
    b: np.ndarray,
    n: int,
    size: int,
    weights: np.ndarray | Callable[[slice], np.ndarray],
) -> np.ndarray:
    """Sum ``weights`` into the flat cells ``a * n + b`` (``np.bincount``, in row blocks).

    ``weights`` is an array or a function of a row slice returning that block's weights (so a
    weight derived from several columns is never formed for all rows at once). The key is made
    in int64 (bincount casts int32 keys element by element, 10x slower).
    """
    out = np.zeros(size)
    for lo in range(0, len(a), BLOCK_ROWS):
        rows = slice(lo, lo + BLOCK_ROWS)
        key = a[rows].astype(np.int64)
        key *= n
        key += b[rows]
        w = weights(rows) if callable(weights) else weights[rows]
        out += np.bincount(key, weights=w, minlength=size)
    return out


def _codes(values: pd.Series, labels: np.ndarray) -> np.ndarray:
    """Positions of ``values`` in the sorted ``labels``; -1 where absent.

    The distinct values are looked up once (``pd.factorize``), so a 1M-row tariff table never
    becomes a million Python strings.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    pos = pd.Index(labels, dtype=object).get_indexer(
        pd.Index(uniques).astype(str).astype(object)
    )
    return np.where(codes >= 0, pos[np.maximum(codes, 0)], -1) if len(pos) else codes


@dataclass
class TradeCube:
    """Bilateral flows grouped by exporter, with their margins.

    ``e, m, p, v`` are the input rows (zero values and self-flows dropped; int32 codes) in
    their input order; a cell (exporter, market, product) may occur on several rows, whose
    values add up: the margins ``Xik, Mjk, Xij`` are sums, and an exporter's cells are summed
    when its block is built, so no pass over all rows deduplicates or sorts the
    year for one exporter. Rows are grouped by exporter (one stable sort) only when a second
    exporter is asked for. Labels are sorted, so results do not depend on the order of rows.
    """

    exporters: np.ndarray
    markets: np.ndarray
    products: np.ndarray
    e: np.ndarray
    m: np.ndarray
    p: np.ndarray
    v: np.ndarray
    Xik: np.ndarray = field(repr=False)
    Mjk: np.ndarray = field(repr=False)
    Xij: np.ndarray = field(repr=False)

    @property
    def Xwk(self) -> np.ndarray:
        """World trade by product (K,)."""
        return self.Mjk.sum(axis=0)

    def rows(self, i: int) -> np.ndarray | slice:
        """Return the positions of exporter ``i``'s rows (an index array or a slice).

        The first call scans the exporter codes once; from the second on, the rows are grouped
        by exporter once (a stable radix sort of the codes, or nothing when the input is
        already grouped, as BACI files are) and each call is a slice of that order.
        """
        d = self.__dict__
        if "_order" not in d:
            if not d.get("_asked"):
                d["_asked"] = True
                return np.flatnonzero(self.e == i)
            if len(self.e) and bool(np.all(self.e[1:] >= self.e[:-1])):
                d["_order"] = None
                d["_bounds"] = np.searchsorted(self.e, np.arange(len(self.exporters) + 1))
            else:
                small = self.e.astype(np.int16) if len(self.exporters) < 2**15 else self.e
                order = np.argsort(small, kind="stable")  # radix sort on int16: 0.09 s for 10M
                d["_order"] = order
                d["_bounds"] = np.searchsorted(self.e[order], np.arange(len(self.exporters) + 1))
        lo, hi = int(d["_bounds"][i]), int(d["_bounds"][i + 1])
        order = d["_order"]
        return slice(lo, hi) if order is None else order[lo:hi]

    def text(self, axis: str) -> pa.Array:
        """Labels of ``"exporters"``, ``"markets"`` or ``"products"`` as an Arrow string array."""
        key = f"_text_{axis}"
        if key not in self.__dict__:
            self.__dict__[key] = pa.array([str(x) for x in getattr(self, axis)], type=pa.string())
        return self.__dict__[key]

    @classmethod
    def from_flows(cls, flows: pd.DataFrame, name: str = "flows") -> TradeCube:
        """Build the cube from columns exporter, importer, product, value.

        Rows with a zero value are dropped; negative, missing (NaN) or infinite values raise
        InvalidInputError naming the row; flows from a country to itself are dropped (they are
        not trade).
        """
        _require(flows, name, ["exporter", "importer", "product", "value"])
        value = _numeric(flows, name, "value", missing=False)
        if np.any(value < 0):
            bad = flows.loc[value < 0].iloc[0]
            raise InvalidInputError(
                f"{name!r}: 'value' must be >= 0 (got {bad['value']!r} for "
                f"{bad['exporter']}->{bad['importer']} {bad['product']})"
            )
        e_codes, exporters = _factor(flows["exporter"])
        m_codes, markets = _factor(flows["importer"])
        p_codes, products = _factor(flows["product"])
        pos = np.clip(np.searchsorted(markets, exporters), 0, max(len(markets) - 1, 0))
        ex2m = np.where(markets[pos] == exporters, pos, -2) if len(markets) else pos - 2
        ex2m = ex2m.astype(m_codes.dtype)  # a 10M-row gather in int16, not int64
        keep = value > 0  # False for NaN too
        for codes in (e_codes, m_codes, p_codes):
            if len(codes) and codes.min() < 0:  # a missing label
                keep &= codes >= 0
        e_known = e_codes if not len(e_codes) or e_codes.min() >= 0 else np.maximum(e_codes, 0)
        keep &= ex2m[e_known] != m_codes
        if not keep.all():
            e_codes, m_codes, p_codes, value = (
                e_codes[keep],
                m_codes[keep],
                p_codes[keep],
                value[keep],
            )
        E, J, K = len(exporters), len(markets), len(products)
        e, m, p, v = e_codes, m_codes, p_codes, value

        Xik = bincount2(e, p, K, E * K, v).reshape(E, K)
        Mjk = bincount2(m, p, K, J * K, v).reshape(J, K)
        Xij = bincount2(e, m, J, E * J, v).reshape(E, J)
        return cls(
            np.asarray(exporters, dtype=object),
            np.asarray(markets, dtype=object),
            np.asarray(products, dtype=object),
            e,
            m,
            p,
            v,
            Xik,
            Mjk,
            Xij,
        )


def _factor(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and sorted labels of a column (fast path for categoricals).

    -1 marks a missing label. Codes are int16 when there are fewer than 32,768 labels (every
    country and HS6 list), else int32: a 10M-row year's three code columns take 60 MB, not
    240 MB in int64; arithmetic on them is done in int64 where it can overflow (flat keys).
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.asarray(col.cat.categories.astype(str), dtype=object)
        dtype = _code_dtype(len(cats))
        order = np.argsort(cats, kind="stable")
        rank = np.empty(len(cats), dtype=dtype)
        rank[order] = np.arange(len(cats), dtype=dtype)
        codes = col.cat.codes.to_numpy()
        if len(codes) and codes.min() >= 0:
            return rank[codes], cats[order]
        return np.where(codes >= 0, rank[np.maximum(codes, 0)], dtype.type(-1)), cats[order]
    codes, labels = pd.factorize(col.astype(str), sort=True)
    return codes.astype(_code_dtype(len(labels))), np.asarray(labels, dtype=object)


def _code_dtype(n_labels: int) -> np.dtype:
    """Return the smallest signed integer type holding codes 0..n_labels-1 and -1."""
    return np.dtype(np.int16 if n_labels < 2**15 else np.int32)


def rca_matrix(Xik: np.ndarray) -> np.ndarray:
    """Balassa RCA ``(X_ik / X_i) / (X_wk / X_w)`` (Balassa 1965); NaN where undefined."""
    Xi = Xik.sum(axis=1, keepdims=True)
    Xk = Xik.sum(axis=0, keepdims=True)
    total = Xik.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        return (Xik / Xi) / (Xk / total)


def rca(flows: pd.DataFrame) -> pd.DataFrame:
    """Balassa RCA of each exporter in each product from bilateral flows.

    Parameters
    ----------
    flows : DataFrame
        Columns exporter, importer, product, value.

    Returns
    -------
    DataFrame
        Columns exporter, product, value, rca; one row per exporter-product with exports.
    """
    cube = TradeCube.from_flows(flows)
    r = rca_matrix(cube.Xik)
    ei, pk = np.nonzero(cube.Xik > 0)
    return pd.DataFrame(
        {
            "exporter": cube.exporters[ei].astype(str),
            "product": cube.products[pk].astype(str),
            "value": cube.Xik[ei, pk],
            "rca": r[ei, pk],
        }
    )


def annual_growth(
    now: pd.DataFrame, past: pd.DataFrame, years: float, column: str = "rca"
) -> pd.DataFrame:
    """Annualised growth ``(now / past) ** (1 / years) - 1`` of ``column`` by exporter-product.

    Returns
    -------
    DataFrame
        Columns exporter, product, growth; only pairs positive in both frames.
    """
    if years <= 0:
        raise InvalidInputError(f"'years' must be > 0 (got {years!r})")
    both = now[["exporter", "product", column]].merge(
        past[["exporter", "product", column]], on=["exporter", "product"], suffixes=("", "_past")
    )
    ok = (both[column] > 0) & (both[f"{column}_past"] > 0)
    both = both[ok.to_numpy()]
    growth = (both[column] / both[f"{column}_past"]) ** (1.0 / years) - 1.0
    return pd.DataFrame(
        {
            "exporter": both["exporter"].astype(str),
            "product": both["product"].astype(str),
            "growth": growth.to_numpy(dtype=float),
        }
    )


def flows_from_io(
    Z: np.ndarray, Y: np.ndarray | None, regions: Sequence[str], sectors: Sequence[str]
) -> pd.DataFrame:
    """Bilateral sector exports from an MRIO: intermediate plus final sales abroad.

    ``X_ijk = sum_s Z[(i,k), (j,s)] + sum_c Y[(i,k), j, c]`` for ``j != i`` (the exporter's
    sector ``k`` selling to region ``j``), as in ``IOSystem.exports_intermediate_array`` and
    ``exports_final_array``.

    Parameters
    ----------
    Z : ndarray (R*S, R*S)
        Intermediate use, region-major.
    Y : ndarray (R*S, R, C) or None
        Final demand by destination region and category. None for a table without final
        demand by destination (OECD ICIO here): the flows are then intermediate sales only
        (``attrs["final"]`` False), which is what such a table can say about markets.
    regions, sectors : sequence of str
        Labels.

    Returns
    -------
    DataFrame
        Columns exporter, importer, product (the sector), value; positive flows only (a negative
        total, from inventory changes, is left out and counted in ``attrs["negative_cells"]``).
    """
    R, S = len(regions), len(sectors)
    n = R * S
    Z = np.asarray(Z, dtype=float)
    final = Y is not None
    Y = np.zeros((n, R, 1)) if Y is None else np.asarray(Y, dtype=float)
    if Z.shape != (n, n) or Y.ndim != 3 or Y.shape[:2] != (n, R):
        raise InvalidInputError(
            f"IO arrays must be Z {(n, n)} and Y ({n}, {R}, C) (got {Z.shape} and {Y.shape})"
        )
    labels = [f"{r} {s}" for r in regions for s in sectors]
    require_finite(Z, "IO table 'Z'", lambda i: f"row {labels[i // n]}, column {labels[i % n]}")
    K = Y.shape[2]
    require_finite(
        Y,
        "IO table 'Y'",
        lambda i: f"row {labels[i // (R * K)]}, destination {regions[i // K % R]}",
    )
    total = Z.reshape(n, R, S).sum(axis=2) + Y.sum(axis=2)
    total[np.arange(n), np.arange(n) // S] = 0.0
    rows, dest = np.nonzero(total > 0)
    reg = np.asarray(regions, dtype=object)
    sec = np.asarray(sectors, dtype=object)
    out = pd.DataFrame(
        {
            "exporter": reg[rows // S].astype(str),
            "importer": reg[dest].astype(str),
            "product": sec[rows % S].astype(str),
            "value": total[rows, dest],
        }
    )
    out.attrs["negative_cells"] = int((total < 0).sum())
    out.attrs["final"] = final
    return out
