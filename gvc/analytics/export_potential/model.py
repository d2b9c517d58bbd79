"""The export potential model (ITC EPM): supply x demand x ease, one exporter at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from gvc.analytics.export_potential.inputs import (
    DISTANCE_ELASTICITY,
    GROWTH_CLIP,
    OUTPUT_COLUMNS,
    PASS_THROUGH,
    TARIFF_ELASTICITY,
    TradeCube,
    _codes,
    _numeric,
    _require,
    bincount2,
    rca_matrix,
)
from gvc.errors import InvalidInputError
from gvc.i18n import Message


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
    corrections: list[Message]

    def exporter_block(self, i: int) -> dict[str, np.ndarray]:
        """Arrays of exporter ``i`` over markets x all its eligible products."""
        cube = self.cube
        J = len(cube.markets)
        cols = np.flatnonzero(self.eligible[i])
        imports = cube.Mjk[:, cols]
        access = self.mfn_access[:, cols].copy()
        if self.bilateral is not None:
            access = self._bilateral_access(i, cols, access)
        if self.log_d is not None and self.dbar_log is not None:
            rel = self.log_d[i][:, None] - self.dbar_log[:, cols]
            dist = np.exp(-self.delta * np.where(np.isnan(rel), 0.0, rel))
        else:
            dist = np.ones_like(imports)
        demand = imports * access * dist
        sd = demand * self.supply[i, cols][None, :]
        den = sd.sum(axis=1)
        rows = cube.rows(i)
        m, p, v = cube.m[rows], cube.p[rows], cube.v[rows]
        pos = np.full(len(cube.products), -1, dtype=np.int64)
        pos[cols] = np.arange(len(cols))
        inside = pos[p] >= 0
        # the eligible cells summed straight into the grid (duplicate rows add up)
        flat = m[inside].astype(np.int64) * len(cols) + pos[p[inside]]
        value = np.bincount(flat, weights=v[inside], minlength=J * len(cols))
        value = value.reshape(J, len(cols))
        # the other cells (products below the RCA floor), merged and ordered by product, market
        out = ~inside
        key = p[out].astype(np.int64) * J + m[out]
        uniq, inv = np.unique(key, return_inverse=True)
        v_out = np.bincount(inv, weights=v[out], minlength=len(uniq))
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
            "outside": uniq,
            "m_out": uniq % J,
            "p_out": uniq // J,
            "v_out": v_out,
        }

    def _bilateral_access(self, i: int, cols: np.ndarray, access: np.ndarray) -> np.ndarray:
        b = self.bilateral
        if b is None or self.tbar_jk is None:
            return access
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
    notes: list[Message] = []
    if horizon < 0:
        raise InvalidInputError(f"'horizon' must be >= 0 years (got {horizon!r})")
    if not 0 <= pass_through <= 1:
        raise InvalidInputError(f"'pass_through' must be between 0 and 1 (got {pass_through!r})")
    # supply
    if rca is None:
        r = rca_matrix(cube.Xik)
        basis = Message("epnote.basis_computed")
    else:
        r = _dense_lookup(rca, "rca", "exporter", "product", "rca", cube.exporters, cube.products)
        basis = Message("epnote.basis_given")
    exported = cube.Xik > 0
    if rca_floor is None:
        eligible = exported
        notes.append(Message("epnote.supply_all"))
    else:
        eligible = exported & (np.nan_to_num(r, nan=-np.inf) >= rca_floor)
        notes.append(Message("epnote.supply_floor", floor=rca_floor, basis=basis))
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
            Message("epnote.supply_growth", pass_through=pass_through, horizon=horizon,
                    clip=GROWTH_CLIP)
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
            cell = (cube.e.astype(np.int64) * J + cube.m) * K + cube.p
            pos = np.searchsorted(key, cell)
            pos = np.clip(pos, 0, max(len(key) - 1, 0))
            hit = (key[pos] == cell) if len(key) else np.zeros(len(cell), dtype=bool)
            w = np.where(hit, cube.v, 0.0)
            tw = np.where(hit, cube.v * bilateral["t"].to_numpy()[pos] if len(key) else 0.0, 0.0)
            num = bincount2(cube.m, cube.p, K, J * K, tw).reshape(J, K)
            den = bincount2(cube.m, cube.p, K, J * K, w).reshape(J, K)
            with np.errstate(divide="ignore", invalid="ignore"):
                tbar_jk = np.where(den > 0, num / den, np.nan)
            notes.append(Message("epnote.tariff_bilateral", sigma=tariff_elasticity))
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
            notes.append(Message("epnote.tariff_market", sigma=tariff_elasticity,
                                 known=int(known.any(axis=1).sum()), markets=J))
    # distance
    log_d = dbar_log = None
    if distances is not None:
        d = _dense_lookup(
            distances, "distances", "exporter", "importer", "distance", cube.exporters, cube.markets
        )
        if np.any(d[~np.isnan(d)] <= 0):
            raise InvalidInputError("'distances': 'distance' must be > 0")
        log_d = np.log(d)
        flat_d = log_d.ravel()

        def log_d_of(rows: slice) -> np.ndarray:
            """Return the log distance of each row of a block (NaN where unknown)."""
            pair = cube.e[rows].astype(np.int64)
            pair *= J
            pair += cube.m[rows]
            return flat_d[pair]

        def ld_of(rows: slice) -> np.ndarray:
            """Return v x log distance of a block of rows; 0 where the distance is unknown."""
            ld = log_d_of(rows)
            np.multiply(ld, cube.v[rows], out=ld)
            ld[np.isnan(ld)] = 0.0
            return ld

        def known_of(rows: slice) -> np.ndarray:
            """Return v where the distance is known, else 0."""
            return np.where(np.isnan(log_d_of(rows)), 0.0, cube.v[rows])

        # in row blocks (inputs.BLOCK_ROWS): no 10M-row temporary
        num = bincount2(cube.m, cube.p, K, J * K, ld_of).reshape(J, K)
        if np.isnan(log_d).any():
            den = bincount2(cube.m, cube.p, K, J * K, known_of).reshape(J, K)
        else:
            den = cube.Mjk
        with np.errstate(divide="ignore", invalid="ignore"):
            dbar_log = np.where(den > 0, num / den, np.nan)
        pairs = int((~np.isnan(d)).sum())
        notes.append(Message("epnote.distance", delta=distance_elasticity, pairs=pairs,
                             total=E * J))
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


def _exporter_columns(model: _Model, i: int, keep_zero: bool) -> dict[str, np.ndarray]:
    """Output columns of exporter ``i`` at integer codes e, m, p, ordered by (product, market).

    Cells are read from the exporter's ``markets x products`` blocks through one flat index;
    trade in products below the RCA floor (a disjoint set of products) is merged into the same
    order by integer keys and written in place (a scatter, no concatenate-then-sort).
    """
    cube = model.cube
    b = model.exporter_block(i)
    cols = b["cols"]
    J, C = len(cube.markets), len(cols)
    sg = model.supply_growth[i, cols]
    pot = b["base"] * sg[None, :] * model.demand_growth[:, None]
    mask = (b["base"] > 0) | (b["value"] > 0) if not keep_zero else np.ones_like(pot, bool)
    cc, jj = np.nonzero(mask.T)  # product-major: rows come out ordered by product, then market
    flat = jj * C + cc
    kk = cols[cc]

    def cell(block: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(block).ravel()[flat]

    value = cell(b["value"])
    potential = cell(pot)
    with np.errstate(divide="ignore", invalid="ignore"):
        realised = np.where(potential > 0, value / potential, np.nan)
    inside: dict[str, np.ndarray] = {
        "m": jj,
        "p": kk,
        "value": value,
        "rca": model.rca[i, kk],
        "supply": model.supply[i, kk],
        "imports": cell(b["imports"]),
        "access": cell(b["access"]),
        "distance_factor": cell(b["dist"]),
        "demand": cell(b["demand"]),
        "ease": b["ease"][jj],
        "potential_base": cell(b["base"]),
        "supply_growth": sg[cc],
        "demand_growth": model.demand_growth[jj],
        "potential": potential,
        "untapped": np.maximum(potential - value, 0.0),
        "realised_share": realised,
    }
    n_in = len(jj)
    if not len(b["outside"]):
        return {
            "e": np.full(n_in, i),
            **{k: v for k, v in inside.items() if k in ("m", "p", "value")},
            "eligible": np.ones(n_in, dtype=bool),
            **{k: v for k, v in inside.items() if k not in ("m", "p", "value")},
        }
    # trade in products below the RCA floor: reported with zero potential
    mo, po, vo = b["m_out"], b["p_out"], b["v_out"]
    key_out = b["outside"]  # unique and sorted by product, then market
    key_in = kk.astype(np.int64) * J + jj
    # merged positions of two sorted key lists with no key in common (disjoint products)
    pos_in = np.arange(n_in) + np.searchsorted(key_out, key_in)
    pos_out = np.arange(len(mo)) + np.searchsorted(key_in, key_out)
    outside: dict[str, np.ndarray | float] = {
        "m": mo,
        "p": po,
        "value": vo,
        "rca": model.rca[i, po],
        "supply": 0.0,
        "imports": cube.Mjk[mo, po],
        "access": np.nan,
        "distance_factor": np.nan,
        "demand": np.nan,
        "ease": b["ease"][mo],
        "potential_base": 0.0,
        "supply_growth": model.supply_growth[i, po],
        "demand_growth": model.demand_growth[mo],
        "potential": 0.0,
        "untapped": 0.0,
        "realised_share": np.nan,
    }
    size = n_in + len(mo)
    eligible = np.zeros(size, dtype=bool)
    eligible[pos_in] = True
    out: dict[str, np.ndarray] = {"e": np.full(size, i)}
    for k, v in inside.items():
        col = np.empty(size, dtype=v.dtype)
        col[pos_in] = v
        col[pos_out] = outside[k]
        out[k] = col
        if k == "value":
            out["eligible"] = eligible
    return out


def _text(labels: pa.Array, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Labels of integer codes as a text column, gathered by Arrow (no Python objects per row)."""
    return pd.array(labels.take(pa.array(codes, type=pa.int64())), dtype="str")


def _label(parts: list[dict[str, np.ndarray]], cube: TradeCube) -> pd.DataFrame:
    """One frame from the exporters' columns: codes become text labels only here."""
    if len(parts) == 1:  # one exporter a frame (the streaming default): no copy
        cols = dict(parts[0])
    else:
        cols = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
    out: dict[str, object] = {
        "exporter": _text(cube.text("exporters"), cols.pop("e")),
        "importer": _text(cube.text("markets"), cols.pop("m")),
        "product": _text(cube.text("products"), cols.pop("p")),
    }
    out.update(cols)
    return pd.DataFrame(out, copy=False)


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
    note = "; ".join(map(str, model.corrections))
    note_id = "; ".join(m.text("id") for m in model.corrections)
    step = max(int(chunk), 1)
    for start in range(0, len(idx), step):
        # each exporter's rows come ordered by (product, market); exporters in code order
        block = np.unique(idx[start : start + step])
        frame = _label([_exporter_columns(model, int(i), False) for i in block], cube)
        frame.attrs["corrections"] = note
        frame.attrs["corrections_id"] = note_id  # the same notes in Bahasa Indonesia
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
    out.attrs["corrections_id"] = parts[0].attrs["corrections_id"]
    return out
