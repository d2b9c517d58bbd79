"""Summaries on top of the model: diversification (PDI) and the main competitors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gvc.analytics.export_potential.inputs import (
    DISTANCE_ELASTICITY,
    PASS_THROUGH,
    TARIFF_ELASTICITY,
    TradeCube,
    _codes,
    _numeric,
    _require,
)
from gvc.analytics.export_potential.model import (
    _build,
    _series_lookup,
)
from gvc.errors import InvalidInputError


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
    settings: dict[str, Any] = {
        "rca": None,
        "rca_floor": 1.0,
        "tariffs": None,
        "tariff_elasticity": TARIFF_ELASTICITY,
        "distances": None,
        "distance_elasticity": DISTANCE_ELASTICITY,
        **opts,
    }
    model = _build(
        flows,
        supply_growth=None,
        pass_through=PASS_THROUGH,
        horizon=0.0,
        demand_growth=None,
        **settings,
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
    out.attrs["corrections"] = "; ".join(map(str, model.corrections[1:])) or "none"
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
