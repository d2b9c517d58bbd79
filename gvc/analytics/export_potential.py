"""Export potential and market targets (ITC Export Potential Map method), pure maths.

One code path serves any grain: the "products" may be HS codes or input-output sectors and the
"markets" importing countries or partner regions. Everything works on integer codes and on dense
arrays of two dimensions only (exporters x products, markets x products, exporters x markets); the
exporter x market x product cube is never formed. Potential is computed one exporter at a time
(``markets x eligible products`` per exporter), so memory stays bounded for a full BACI year
(about 200 exporters x 5,000 products x 200 markets).

Formulas (Decreux & Spies 2016; ITC EPA methodology 2023), for exporter ``i``, market ``j`` and
product ``k`` with bilateral trade ``X_ijk``:

- Supply ``S_ik = X_ik / X_wk`` (world market share), kept only where ``RCA_ik >= rca_floor``,
  projected with ``(1 + pass_through * g_ik) ** horizon`` where ``g_ik`` is the annual growth of
  RCA (or of the market share).
- Demand ``D_ijk = M_jk * A_ijk * G_ijk`` with ``M_jk = sum_i X_ijk`` (mirror imports), market
  access ``A_ijk = ((1 + t_ijk) / (1 + tbar)) ** -sigma`` and relative distance
  ``G_ijk = (d_ij / dbar_jk) ** -delta`` (``dbar_jk`` the import-weighted geometric mean distance
  of the suppliers of ``k`` to ``j``); projected with the market's growth factor.
- Ease ``E_ij = X_ij / sum_k S_ik D_ijk`` (sum over eligible products), so that before projection
  ``sum_k PotX_ijk = X_ij`` for every pair (the calibration identity).
- ``PotX_ijk = S_ik D_ijk E_ij``; untapped ``max(PotX - X, 0)``; realised share ``X / PotX``.
- Diversification (PDI): ``density_ik * D_ijk * E_ij`` for products without RCA, ranked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvc.errors import InvalidInputError

#: Default trade (tariff) elasticity: Head & Mayer (2014), Handbook of International Economics 4,
#: central structural-gravity estimate of the elasticity of trade to tariffs (about 5).
TARIFF_ELASTICITY = 5.0
#: Default distance elasticity: Head & Mayer (2014) meta-analysis, median over all gravity
#: estimates of the distance coefficient (about -0.9).
DISTANCE_ELASTICITY = 0.9
#: Default pass-through of recent annual RCA (or share) growth into projected supply.
PASS_THROUGH = 0.5
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


def _numeric(frame: pd.DataFrame, name: str, column: str) -> np.ndarray:
    try:
        return pd.to_numeric(frame[column], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"{name!r}: column {column!r} must be numeric ({err})") from None


def _codes(values: pd.Series, labels: np.ndarray) -> np.ndarray:
    """Positions of ``values`` in the sorted ``labels``; -1 where absent."""
    return pd.Index(labels, dtype=object).get_indexer(values.astype(str).astype(object))


@dataclass
class TradeCube:
    """Bilateral flows aggregated to unique (exporter, market, product) cells, with margins.

    Cells are sorted by exporter, then market, then product; labels are sorted, so the result
    does not depend on the order of the input rows.
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

    def slice(self, i: int) -> slice:
        """Return the slice of the cells of exporter ``i``."""
        lo, hi = np.searchsorted(self.e, [i, i + 1])
        return slice(int(lo), int(hi))

    @classmethod
    def from_flows(cls, flows: pd.DataFrame, name: str = "flows") -> TradeCube:
        """Build the cube from columns exporter, importer, product, value.

        Rows with a missing or zero value are dropped, negative values raise, flows from a
        country to itself are dropped (they are not trade).
        """
        _require(flows, name, ["exporter", "importer", "product", "value"])
        value = _numeric(flows, name, "value")
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
        keep = ~np.isnan(value) & (value > 0) & (e_codes >= 0) & (m_codes >= 0) & (p_codes >= 0)
        keep &= ex2m[np.maximum(e_codes, 0)] != m_codes
        if not keep.all():
            e_codes, m_codes, p_codes, value = (
                e_codes[keep],
                m_codes[keep],
                p_codes[keep],
                value[keep],
            )
        E, J, K = len(exporters), len(markets), len(products)
        e, m, p, v = _aggregate(e_codes, m_codes, p_codes, value, E, J, K)
        Xik = np.bincount(e * K + p, weights=v, minlength=E * K).reshape(E, K)
        Mjk = np.bincount(m * K + p, weights=v, minlength=J * K).reshape(J, K)
        Xij = np.bincount(e * J + m, weights=v, minlength=E * J).reshape(E, J)
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


#: Largest markets x products grid summed densely per exporter (8 bytes a cell).
DENSE_BLOCK = 20_000_000


def _aggregate(
    e: np.ndarray, m: np.ndarray, p: np.ndarray, value: np.ndarray, E: int, J: int, K: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sum duplicate (exporter, market, product) cells; return them sorted by e, m, p.

    Rows are bucketed by exporter (a stable counting sort on small integers), then each
    exporter's ``markets x products`` grid is summed with ``bincount`` (one block of J*K at a
    time, never E*J*K); grids larger than DENSE_BLOCK fall back to a sort of the keys.
    """
    if J * K > DENSE_BLOCK or E >= 2**31:
        key = (e.astype(np.int64) * J + m) * K + p
        uniq, inv = np.unique(key, return_inverse=True)
        v = np.bincount(inv, weights=value, minlength=len(uniq))
        em = uniq // K
        return em // J, em % J, uniq % K, v
    small = e.astype(np.int16 if E < 2**15 else np.int32)
    order = np.argsort(small, kind="stable")
    key = (m.astype(np.int64) * K + p)[order]
    val = value[order]
    bounds = np.searchsorted(small[order], np.arange(E + 1))
    es, ks, vs = [], [], []
    for i in range(E):
        lo, hi = bounds[i], bounds[i + 1]
        if hi <= lo:
            continue
        acc = np.bincount(key[lo:hi], weights=val[lo:hi], minlength=J * K)
        nz = np.flatnonzero(acc)
        es.append(np.full(len(nz), i, dtype=np.int64))
        ks.append(nz)
        vs.append(acc[nz])
    if not es:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0)
    k = np.concatenate(ks)
    return np.concatenate(es), k // K, k % K, np.concatenate(vs)


def _factor(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and sorted labels of a column (fast path for categoricals); -1 = missing."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.asarray(col.cat.categories.astype(str), dtype=object)
        order = np.argsort(cats, kind="stable")
        rank = np.empty(len(cats), dtype=np.int64)
        rank[order] = np.arange(len(cats))
        codes = col.cat.codes.to_numpy()
        if len(codes) and codes.min() >= 0:
            return rank[codes], cats[order]
        return np.where(codes >= 0, rank[np.maximum(codes, 0)], -1), cats[order]
    codes, labels = pd.factorize(col.astype(str), sort=True)
    return codes.astype(np.int64), np.asarray(labels, dtype=object)


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
    Z: np.ndarray, Y: np.ndarray, regions: Sequence[str], sectors: Sequence[str]
) -> pd.DataFrame:
    """Bilateral sector exports from an MRIO: intermediate plus final sales abroad.

    ``X_ijk = sum_s Z[(i,k), (j,s)] + sum_c Y[(i,k), j, c]`` for ``j != i`` (the exporter's
    sector ``k`` selling to region ``j``), as in ``IOSystem.exports_intermediate_array`` and
    ``exports_final_array``.

    Parameters
    ----------
    Z : ndarray (R*S, R*S)
        Intermediate use, region-major.
    Y : ndarray (R*S, R, C)
        Final demand by destination region and category.
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
    Y = np.asarray(Y, dtype=float)
    if Z.shape != (n, n) or Y.ndim != 3 or Y.shape[:2] != (n, R):
        raise InvalidInputError(
            f"IO arrays must be Z {(n, n)} and Y ({n}, {R}, C) (got {Z.shape} and {Y.shape})"
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
    return out


# -- the model ----------------------------------------------------------------------------------


@dataclass
class _Model:
    cube: TradeCube
    rca: np.ndarray  # (E, K)
    eligible: np.ndarray  # (E, K) bool
    supply: np.ndarray  # (E, K)
    supply_growth: np.ndarray  # (E, K) factor
    demand_growth: np.ndarray  # (J,) factor
    mfn_access: np.ndarray  # (J, K) factor (importer x product tariffs), ones if none
    bilateral: pd.DataFrame | None  # exporter-specific tariffs: e, m, p, t (fraction)
    tbar_jk: np.ndarray | None  # import-weighted tariff of all suppliers (J, K)
    sigma: float
    log_d: np.ndarray | None  # (E, J) log distance, NaN unknown
    dbar_log: np.ndarray | None  # (J, K) import-weighted mean log distance, NaN unknown
    delta: float
    corrections: list[str]

    def exporter_block(self, i: int) -> dict[str, np.ndarray]:
        """Arrays of exporter ``i`` over markets x all its eligible products."""
        cube = self.cube
        J = len(cube.markets)
        cols = np.flatnonzero(self.eligible[i])
        imports = cube.Mjk[:, cols]
        access = self.mfn_access[:, cols].copy()
        if self.bilateral is not None:
            access = self._bilateral_access(i, cols, access)
        if self.log_d is not None:
            rel = self.log_d[i][:, None] - self.dbar_log[:, cols]
            dist = np.exp(-self.delta * np.where(np.isnan(rel), 0.0, rel))
        else:
            dist = np.ones_like(imports)
        demand = imports * access * dist
        sd = demand * self.supply[i, cols][None, :]
        den = sd.sum(axis=1)
        sl = cube.slice(i)
        m, p, v = cube.m[sl], cube.p[sl], cube.v[sl]
        pos = np.full(len(cube.products), -1, dtype=np.int64)
        pos[cols] = np.arange(len(cols))
        value = np.zeros((J, len(cols)))
        inside = pos[p] >= 0
        value[m[inside], pos[p[inside]]] = v[inside]
        xij = value.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ease = np.where(den > 0, xij / den, 0.0)
        base = sd * ease[:, None]
        return {
            "cols": cols,
            "value": value,
            "imports": imports,
            "access": access,
            "dist": dist,
            "demand": demand,
            "ease": ease,
            "base": base,
            "outside": ~inside,
            "m_out": m[~inside],
            "p_out": p[~inside],
            "v_out": v[~inside],
        }

    def _bilateral_access(self, i: int, cols: np.ndarray, access: np.ndarray) -> np.ndarray:
        b = self.bilateral
        lo, hi = np.searchsorted(b["e"].to_numpy(), [i, i + 1])
        part = b.iloc[lo:hi]
        pos = np.full(len(self.cube.products), -1, dtype=np.int64)
        pos[cols] = np.arange(len(cols))
        pcol = pos[part["p"].to_numpy()]
        ok = pcol >= 0
        mm = part["m"].to_numpy()[ok]
        pc = pcol[ok]
        t = part["t"].to_numpy()[ok]
        tbar = self.tbar_jk[mm, cols[pc]]
        known = ~np.isnan(tbar)
        access[mm[known], pc[known]] = ((1 + t[known]) / (1 + tbar[known])) ** (-self.sigma)
        return access


def _dense_lookup(
    frame: pd.DataFrame,
    name: str,
    row_col: str,
    col_col: str,
    value_col: str,
    rows: np.ndarray,
    cols: np.ndarray,
    fill: float = np.nan,
) -> np.ndarray:
    _require(frame, name, [row_col, col_col, value_col])
    out = np.full((len(rows), len(cols)), fill)
    r = _codes(frame[row_col], rows)
    c = _codes(frame[col_col], cols)
    val = _numeric(frame, name, value_col)
    ok = (r >= 0) & (c >= 0) & ~np.isnan(val)
    out[r[ok], c[ok]] = val[ok]
    return out


def _series_lookup(
    frame: pd.DataFrame, name: str, key: str, value_col: str, labels: np.ndarray, fill: float
) -> np.ndarray:
    _require(frame, name, [key, value_col])
    out = np.full(len(labels), fill)
    r = _codes(frame[key], labels)
    val = _numeric(frame, name, value_col)
    ok = (r >= 0) & ~np.isnan(val)
    out[r[ok]] = val[ok]
    return out


def _build(
    flows: pd.DataFrame | TradeCube,
    *,
    rca: pd.DataFrame | None,
    rca_floor: float | None,
    supply_growth: pd.DataFrame | None,
    pass_through: float,
    horizon: float,
    demand_growth: pd.DataFrame | None,
    tariffs: pd.DataFrame | None,
    tariff_elasticity: float,
    distances: pd.DataFrame | None,
    distance_elasticity: float,
) -> _Model:
    cube = flows if isinstance(flows, TradeCube) else TradeCube.from_flows(flows)
    E, J, K = len(cube.exporters), len(cube.markets), len(cube.products)
    notes: list[str] = []
    if horizon < 0:
        raise InvalidInputError(f"'horizon' must be >= 0 years (got {horizon!r})")
    if not 0 <= pass_through <= 1:
        raise InvalidInputError(f"'pass_through' must be between 0 and 1 (got {pass_through!r})")
    # supply
    if rca is None:
        r = rca_matrix(cube.Xik)
        basis = "computed from the flows"
    else:
        r = _dense_lookup(rca, "rca", "exporter", "product", "rca", cube.exporters, cube.products)
        basis = "given"
    exported = cube.Xik > 0
    if rca_floor is None:
        eligible = exported
        notes.append("supply: every exported product counts (no RCA floor)")
    else:
        eligible = exported & (np.nan_to_num(r, nan=-np.inf) >= rca_floor)
        notes.append(f"supply: products with RCA >= {rca_floor:g} (RCA {basis})")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(cube.Xwk > 0, cube.Xik / cube.Xwk, 0.0)
    supply = np.where(eligible, share, 0.0)
    sg = np.ones((E, K))
    if supply_growth is not None:
        g = _dense_lookup(
            supply_growth,
            "supply_growth",
            "exporter",
            "product",
            "growth",
            cube.exporters,
            cube.products,
            fill=0.0,
        )
        g = np.clip(g, *GROWTH_CLIP)
        sg = (1.0 + pass_through * g) ** horizon
        notes.append(
            f"supply growth: {pass_through:g} pass-through of annual growth over "
            f"{horizon:g} years (clipped to {GROWTH_CLIP})"
        )
    # demand growth
    dg = np.ones(J)
    if demand_growth is not None:
        dg = _series_lookup(
            demand_growth, "demand_growth", "importer", "growth_factor", cube.markets, fill=1.0
        )
        if np.any(dg < 0):
            raise InvalidInputError("'demand_growth': growth_factor must be >= 0")
    # market access
    mfn_access = np.ones((J, K))
    bilateral = None
    tbar_jk = None
    if tariffs is not None:
        _require(tariffs, "tariffs", ["importer", "product", "tariff"])
        t_all = _numeric(tariffs, "tariffs", "tariff") / 100.0
        if np.any(t_all[~np.isnan(t_all)] < 0):
            raise InvalidInputError("'tariffs': 'tariff' must be >= 0 (ad valorem, percent)")
        if "exporter" in tariffs.columns:
            ex = _codes(tariffs["exporter"], cube.exporters)
            mk = _codes(tariffs["importer"], cube.markets)
            pk = _codes(tariffs["product"], cube.products)
            ok = (ex >= 0) & (mk >= 0) & (pk >= 0) & ~np.isnan(t_all)
            bilateral = (
                pd.DataFrame({"e": ex[ok], "m": mk[ok], "p": pk[ok], "t": t_all[ok]})
                .drop_duplicates(["e", "m", "p"], keep="last")
                .sort_values(["e", "m", "p"], kind="stable")
                .reset_index(drop=True)
            )
            # import-weighted tariff faced by the suppliers of k in j (those with a known rate)
            key = (bilateral["e"].to_numpy() * J + bilateral["m"].to_numpy()) * K + bilateral[
                "p"
            ].to_numpy()
            cell = (cube.e * J + cube.m) * K + cube.p
            pos = np.searchsorted(key, cell)
            pos = np.clip(pos, 0, max(len(key) - 1, 0))
            hit = (key[pos] == cell) if len(key) else np.zeros(len(cell), dtype=bool)
            w = np.where(hit, cube.v, 0.0)
            tw = np.where(hit, cube.v * bilateral["t"].to_numpy()[pos] if len(key) else 0.0, 0.0)
            num = np.bincount(cube.m * K + cube.p, weights=tw, minlength=J * K).reshape(J, K)
            den = np.bincount(cube.m * K + cube.p, weights=w, minlength=J * K).reshape(J, K)
            with np.errstate(divide="ignore", invalid="ignore"):
                tbar_jk = np.where(den > 0, num / den, np.nan)
            notes.append(
                f"market access: exporter-specific tariffs relative to the import-"
                f"weighted tariff of all suppliers in the market (sigma = "
                f"{tariff_elasticity:g})"
            )
        else:
            t = _dense_lookup(
                tariffs.assign(tariff=t_all),
                "tariffs",
                "importer",
                "product",
                "tariff",
                cube.markets,
                cube.products,
            )
            known = ~np.isnan(t)
            w = np.where(known, cube.Mjk, 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                tbar = (np.nan_to_num(t) * w).sum(axis=0) / w.sum(axis=0)
            rel = (1.0 + t) / (1.0 + tbar[None, :])
            mfn_access = np.where(known & ~np.isnan(rel), rel ** (-tariff_elasticity), 1.0)
            notes.append(
                f"market access: importer tariff relative to the import-weighted "
                f"average tariff on the product across markets (sigma = "
                f"{tariff_elasticity:g}; {int(known.any(axis=1).sum())} of {J} markets "
                f"with a tariff, others neutral)"
            )
    # distance
    log_d = dbar_log = None
    if distances is not None:
        d = _dense_lookup(
            distances, "distances", "exporter", "importer", "distance", cube.exporters, cube.markets
        )
        if np.any(d[~np.isnan(d)] <= 0):
            raise InvalidInputError("'distances': 'distance' must be > 0")
        log_d = np.log(d)
        ld = log_d[cube.e, cube.m]
        known = ~np.isnan(ld)
        w = np.where(known, cube.v, 0.0)
        num = np.bincount(
            cube.m * K + cube.p, weights=np.where(known, cube.v * ld, 0.0), minlength=J * K
        ).reshape(J, K)
        den = np.bincount(cube.m * K + cube.p, weights=w, minlength=J * K).reshape(J, K)
        with np.errstate(divide="ignore", invalid="ignore"):
            dbar_log = np.where(den > 0, num / den, np.nan)
        pairs = int((~np.isnan(d)).sum())
        notes.append(
            f"distance: relative to the import-weighted (geometric) mean distance of "
            f"the market's suppliers of the product (delta = {distance_elasticity:g}; "
            f"{pairs} of {E * J} exporter-market pairs with a distance, others neutral)"
        )
    return _Model(
        cube,
        r,
        eligible,
        supply,
        sg,
        dg,
        mfn_access,
        bilateral,
        tbar_jk,
        tariff_elasticity,
        log_d,
        dbar_log,
        distance_elasticity,
        notes,
    )


def _exporter_frame(model: _Model, i: int, keep_zero: bool) -> pd.DataFrame:
    cube = model.cube
    b = model.exporter_block(i)
    cols = b["cols"]
    sg = model.supply_growth[i, cols]
    pot = b["base"] * sg[None, :] * model.demand_growth[:, None]
    mask = (b["base"] > 0) | (b["value"] > 0) if not keep_zero else np.ones_like(pot, bool)
    jj, cc = np.nonzero(mask)
    kk = cols[cc]
    value = b["value"][jj, cc]
    potential = pot[jj, cc]
    with np.errstate(divide="ignore", invalid="ignore"):
        realised = np.where(potential > 0, value / potential, np.nan)
    out = {
        "e": np.full(len(jj), i),
        "m": jj,
        "p": kk,
        "value": value,
        "eligible": np.ones(len(jj), dtype=bool),
        "rca": model.rca[i, kk],
        "supply": model.supply[i, kk],
        "imports": b["imports"][jj, cc],
        "access": b["access"][jj, cc],
        "distance_factor": b["dist"][jj, cc],
        "demand": b["demand"][jj, cc],
        "ease": b["ease"][jj],
        "potential_base": b["base"][jj, cc],
        "supply_growth": sg[cc],
        "demand_growth": model.demand_growth[jj],
        "potential": potential,
        "untapped": np.maximum(potential - value, 0.0),
        "realised_share": realised,
    }
    # trade in products below the RCA floor: reported with zero potential
    if b["outside"].any():
        mo, po, vo = b["m_out"], b["p_out"], b["v_out"]
        n = len(mo)
        extra = {
            "e": np.full(n, i),
            "m": mo,
            "p": po,
            "value": vo,
            "eligible": np.zeros(n, dtype=bool),
            "rca": model.rca[i, po],
            "supply": np.zeros(n),
            "imports": cube.Mjk[mo, po],
            "access": np.full(n, np.nan),
            "distance_factor": np.full(n, np.nan),
            "demand": np.full(n, np.nan),
            "ease": b["ease"][mo],
            "potential_base": np.zeros(n),
            "supply_growth": model.supply_growth[i, po],
            "demand_growth": model.demand_growth[mo],
            "potential": np.zeros(n),
            "untapped": np.zeros(n),
            "realised_share": np.full(n, np.nan),
        }
        out = {k: np.concatenate([out[k], extra[k]]) for k in out}
    return pd.DataFrame(out)


def _label(frame: pd.DataFrame, cube: TradeCube) -> pd.DataFrame:
    frame.insert(0, "exporter", pd.array(cube.exporters[frame.pop("e").to_numpy()], dtype="str"))
    frame.insert(1, "importer", pd.array(cube.markets[frame.pop("m").to_numpy()], dtype="str"))
    frame.insert(2, "product", pd.array(cube.products[frame.pop("p").to_numpy()], dtype="str"))
    return frame


def iter_export_potential(
    flows: pd.DataFrame | TradeCube,
    exporters: Sequence[str] | None = None,
    *,
    chunk: int = 1,
    rca: pd.DataFrame | None = None,
    rca_floor: float | None = 1.0,
    supply_growth: pd.DataFrame | None = None,
    pass_through: float = PASS_THROUGH,
    horizon: float = 5.0,
    demand_growth: pd.DataFrame | None = None,
    tariffs: pd.DataFrame | None = None,
    tariff_elasticity: float = TARIFF_ELASTICITY,
    distances: pd.DataFrame | None = None,
    distance_elasticity: float = DISTANCE_ELASTICITY,
) -> Iterator[pd.DataFrame]:
    """Yield the export potential frame of ``chunk`` exporters at a time (bounded memory).

    Same parameters and columns as :func:`export_potential`; each frame carries the
    ``corrections`` note in ``attrs``.
    """
    model = _build(
        flows,
        rca=rca,
        rca_floor=rca_floor,
        supply_growth=supply_growth,
        pass_through=pass_through,
        horizon=horizon,
        demand_growth=demand_growth,
        tariffs=tariffs,
        tariff_elasticity=tariff_elasticity,
        distances=distances,
        distance_elasticity=distance_elasticity,
    )
    cube = model.cube
    if exporters is None:
        idx = np.arange(len(cube.exporters))
    else:
        wanted = np.asarray([str(x) for x in exporters], dtype=object)
        idx = _codes(pd.Series(wanted), cube.exporters)
        if np.any(idx < 0):
            missing = ", ".join(wanted[idx < 0][:5])
            raise InvalidInputError(
                f"'exporters': {missing} have no exports in the flows "
                f"({len(cube.exporters)} exporters present)"
            )
    note = "; ".join(model.corrections)
    for start in range(0, len(idx), max(int(chunk), 1)):
        parts = [_exporter_frame(model, int(i), False) for i in idx[start : start + chunk]]
        frame = _label(pd.concat(parts, ignore_index=True), cube)
        frame = frame.sort_values(["exporter", "product", "importer"], kind="stable")
        frame = frame.reset_index(drop=True)
        frame.attrs["corrections"] = note
        yield frame


def export_potential(
    flows: pd.DataFrame | TradeCube,
    exporters: Sequence[str] | None = None,
    **options: object,
) -> pd.DataFrame:
    """Potential exports ``PotX_ijk = S_ik D_ijk E_ij`` (ITC Export Potential Map).

    Parameters
    ----------
    flows : DataFrame or TradeCube
        Bilateral flows: columns exporter, importer, product, value (any unit; duplicates are
        summed, self-flows dropped). Demand is mirror imports ``M_jk = sum_i X_ijk``.
    exporters : sequence of str, optional
        Exporters to compute (default all); world shares and demand always use every exporter.
    rca : DataFrame, optional
        Columns exporter, product, rca, to use instead of the RCA computed from the flows (e.g.
        a chapter RCA from full exporter totals when the flows cover only a few products).
    rca_floor : float or None
        Supply counts only products with ``RCA >= rca_floor`` (default 1); ``None``: all exported
        products.
    supply_growth : DataFrame, optional
        Columns exporter, product, growth (annual rate of RCA or market share); projected
        supply is ``S * (1 + pass_through * growth) ** horizon``.
    pass_through : float
        Share of the recent growth carried into the projection (default 0.5).
    horizon : float
        Years of projection (default 5).
    demand_growth : DataFrame, optional
        Columns importer, growth_factor (cumulative over the horizon, e.g. from IMF WEO).
    tariffs : DataFrame, optional
        Columns importer, product, tariff (ad valorem percent) and optionally exporter. With
        exporter: access ``((1 + t_ijk) / (1 + tbar_jk)) ** -sigma``, ``tbar_jk`` the import-
        weighted tariff of all suppliers of k in j (ITC). Without (MFN): ``tbar_k`` is the import-
        weighted MFN rate on k across markets with a tariff.
    tariff_elasticity : float
        sigma (default 5, Head & Mayer 2014).
    distances : DataFrame, optional
        Columns exporter, importer, distance (km); ``(d_ij / dbar_jk) ** -delta``.
    distance_elasticity : float
        delta (default 0.9, Head & Mayer 2014).

    Returns
    -------
    DataFrame
        Columns exporter, importer, product, value (actual X_ijk), eligible (RCA above the
        floor), rca, supply, imports (M_jk), access, distance_factor, demand (corrected D_ijk),
        ease, potential_base (before projection; sums to the pair's eligible trade), supply_growth
        and demand_growth (factors), potential (projected), untapped (``max(potential - value,
        0)``), realised_share (``value / potential``). One row per cell with potential or trade;
        ``attrs["corrections"]`` states the corrections applied.

    References
    ----------
    Decreux, Y. & Spies, J. (2016). Export potential assessments: a methodology to identify
    export opportunities for developing countries. ITC. ITC (2023), EPA methodology note.
    """
    parts = list(iter_export_potential(flows, exporters, chunk=64, **options))  # type: ignore[arg-type]
    if not parts:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out.attrs["corrections"] = parts[0].attrs["corrections"]
    return out


def diversification(
    flows: pd.DataFrame | TradeCube,
    exporter: str,
    density: pd.DataFrame,
    **options: object,
) -> pd.DataFrame:
    """Product diversification indicator (ITC PDI) for products without RCA.

    The supply term of the potential is replaced by feasibility: ``score_ijk = density_ik *
    D_ijk * E_ij``, where ``D_ijk`` is the corrected demand and ``E_ij`` the pair's ease from
    :func:`export_potential` (markets the exporter does not reach have no ease and no score).
    The output is a rank, not USD.

    Parameters
    ----------
    flows : DataFrame or TradeCube
        As for :func:`export_potential`.
    exporter : str
        The exporter.
    density : DataFrame
        Columns product, density (the product-space density of ``exporter``, Hidalgo et al.
        2007), for the products of the flows.
    **options
        Passed to :func:`export_potential` (rca, rca_floor, tariffs, distances, ...).

    Returns
    -------
    DataFrame
        Columns exporter, importer, product, rca, density, demand, ease, score, rank (1 = best
        product-market), product_score (sum over markets), product_rank; products with RCA at or
        above the floor are left out.
    """
    keys = ("rca", "rca_floor", "tariffs", "tariff_elasticity", "distances", "distance_elasticity")
    opts = {k: v for k, v in options.items() if k in keys}
    model = _build(
        flows,
        supply_growth=None,
        pass_through=PASS_THROUGH,
        horizon=0.0,
        demand_growth=None,
        **{
            "rca": None,
            "rca_floor": 1.0,
            "tariffs": None,
            "tariff_elasticity": TARIFF_ELASTICITY,
            "distances": None,
            "distance_elasticity": DISTANCE_ELASTICITY,
            **opts,
        },
    )
    cube = model.cube
    idx = _codes(pd.Series([str(exporter)]), cube.exporters)[0]
    if idx < 0:
        raise InvalidInputError(f"'exporter': {exporter!r} has no exports in the flows")
    ease = model.exporter_block(int(idx))["ease"]
    dens = _series_lookup(density, "density", "product", "density", cube.products, np.nan)
    # demand for every product (the supply side is not restricted here)
    cand = np.flatnonzero(~model.eligible[idx] & ~np.isnan(dens) & (cube.Xwk > 0))
    saved = model.eligible[idx].copy()
    model.eligible[idx] = False
    model.eligible[idx, cand] = True
    block = model.exporter_block(int(idx))
    model.eligible[idx] = saved
    demand = block["demand"]
    score = dens[cand][None, :] * demand * ease[:, None]
    jj, cc = np.nonzero(score > 0)
    out = pd.DataFrame(
        {
            "exporter": str(cube.exporters[idx]),
            "importer": pd.array(cube.markets[jj], dtype="str"),
            "product": pd.array(cube.products[cand[cc]], dtype="str"),
            "rca": model.rca[idx, cand[cc]],
            "density": dens[cand[cc]],
            "demand": demand[jj, cc],
            "ease": ease[jj],
            "score": score[jj, cc],
        }
    )
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("int64")
    prod = out.groupby("product")["score"].sum()
    out["product_score"] = out["product"].map(prod).astype(float)
    out["product_rank"] = out["product_score"].rank(ascending=False, method="dense").astype("int64")
    out = out.sort_values(["rank", "product", "importer"], kind="stable").reset_index(drop=True)
    out.attrs["corrections"] = "; ".join(model.corrections[1:] or ["none"])
    return out


def competitors(flows: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """List the main suppliers of each market and product.

    Parameters
    ----------
    flows : DataFrame
        Columns exporter, importer, product, value.
    n : int
        Suppliers kept per market-product.

    Returns
    -------
    DataFrame
        Columns importer, product, competitors (text "CHN 41%, VNM 20%, ..."), top_supplier,
        top_share; one row per market-product with imports.
    """
    _require(flows, "flows", ["exporter", "importer", "product", "value"])
    f = (
        flows[["exporter", "importer", "product"]]
        .astype(str)
        .assign(value=_numeric(flows, "flows", "value"))
    )
    f = f[(f["exporter"] != f["importer"]).to_numpy() & (f["value"] > 0).to_numpy()]
    g = f.groupby(["importer", "product", "exporter"], as_index=False)["value"].sum()
    g["share"] = g["value"] / g.groupby(["importer", "product"])["value"].transform("sum")
    g = g.sort_values(
        ["importer", "product", "value", "exporter"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    top = g.groupby(["importer", "product"], sort=False).head(int(n))
    text = (
        top.assign(
            t=top["exporter"] + " " + (100 * top["share"]).round(0).astype(int).astype(str) + "%"
        )
        .groupby(["importer", "product"])["t"]
        .agg(", ".join)
    )
    first = top.groupby(["importer", "product"]).first()
    return pd.DataFrame(
        {"competitors": text, "top_supplier": first["exporter"], "top_share": first["share"]}
    ).reset_index()
