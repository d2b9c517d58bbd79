"""Trade in value added of an :class:`IOSystem`.

DVA/FVA in exports, participation, exports by destination, origin of foreign value added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from gvc.analytics.io_linkages.system import IOSystem


def va_exports(system: IOSystem) -> dict[str, np.ndarray]:
    """DVA, FVA (n,) and the forward (DVX) term by region (R,), from one solve.

    ``W[c] = (v * 1_c) L``: row c holds the value added of region c embodied per unit of
    output of every country-sector.
    """
    R, S, n = system.R, system.S, system.n
    V = np.zeros((R, n))
    V[np.arange(n) // S, np.arange(n)] = system.v_array
    W = system.solver.left(V).reshape(R, R, S)  # W[c, p, j]
    e = system.e_array.reshape(R, S)
    own = W[np.arange(R), np.arange(R), :]  # (R, S): v_c L_cc
    dva = own * e
    vl = W.sum(axis=0)  # (R, S): v L
    fva = vl * e - dva
    embodied = np.einsum("cps,ps->cp", W, e)  # v_c L_cp e_p
    dvx = embodied.sum(axis=1) - np.diagonal(embodied)
    return {"dva": dva.ravel(), "fva": fva.ravel(), "dvx": dvx, "vl": vl.ravel()}


def value_added_in_exports(system: IOSystem, region: str | None = None) -> pd.DataFrame:
    """Domestic and foreign value added in gross exports, by exporting sector.

    ``DVA_c = v_c L_cc e_c`` and ``FVA_c = sum_{p != c} v_p L_pc e_c`` (sector by sector:
    ``e_c`` diagonalised), so ``DVA + FVA = e`` when VA is the residual.

    Parameters
    ----------
    region : str, optional
        One region; all when None.

    Returns
    -------
    DataFrame
        Columns region, sector, sector_name, exports_intermediate, exports_final,
        gross_exports, dva, fva, dva_share (NaN where exports are 0).

    References
    ----------
    OECD TiVA guide (2021); Koopman, Wang & Wei (2014), AER 104(2) (DVA/FVA split).
    """
    rows = system._rows(region)
    out = system.labels.iloc[rows].reset_index(drop=True)
    ve = system._va_exports
    out["exports_intermediate"] = system.exports_intermediate_array.sum(axis=1)[rows]
    out["exports_final"] = system.exports_final_array.sum(axis=1)[rows]
    out["gross_exports"] = system.e_array[rows]
    out["dva"] = ve["dva"][rows]
    out["fva"] = ve["fva"][rows]
    e = out["gross_exports"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["dva_share"] = np.where(e != 0, out["dva"].to_numpy() / e, np.nan)
    return out


def participation(system: IOSystem, region: str | None = None) -> pd.DataFrame:
    """Backward and forward GVC participation of each region.

    backward = ``FVA_c / sum(e_c)``; forward = ``sum_{p != c} v_c L_cp e_p / sum(e_c)``
    (domestic value added in other regions' exports, DVX).

    Parameters
    ----------
    region : str, optional
        One region; all when None.

    Returns
    -------
    DataFrame
        Columns region, gross_exports, dva, fva, dvx, backward, forward, participation
        (backward + forward).

    References
    ----------
    Koopman, Powers, Wang & Wei (2010), NBER WP 16426; OECD TiVA; METHODS.md section 3.
    """
    ve = system._va_exports
    e = system.e_array.reshape(system.R, system.S).sum(axis=1)
    out = pd.DataFrame(
        {
            "region": pd.array(system.table.regions, dtype="str"),
            "gross_exports": e,
            "dva": ve["dva"].reshape(system.R, system.S).sum(axis=1),
            "fva": ve["fva"].reshape(system.R, system.S).sum(axis=1),
            "dvx": ve["dvx"],
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["backward"] = np.where(e != 0, out["fva"] / e, np.nan)
        out["forward"] = np.where(e != 0, out["dvx"] / e, np.nan)
    out["participation"] = out["backward"] + out["forward"]
    if region is not None:
        out = out.iloc[[system.table.region_index(region)]].reset_index(drop=True)
    return out


def exports_by_destination(system: IOSystem, region: str) -> pd.DataFrame:
    """Gross exports of ``region`` by sector and destination region.

    Returns
    -------
    DataFrame
        Columns region, sector, sector_name, destination, intermediate, final, total; one row
        per sector and destination with non-zero exports, largest first.
    """
    rows = system._rows(region)
    lab = system.labels.iloc[rows].reset_index(drop=True)
    inter = system.exports_intermediate_array[rows]
    fin = system.exports_final_array[rows]
    S, R = len(rows), system.R
    out = pd.DataFrame(
        {
            "region": np.repeat(lab["region"].to_numpy(), R),
            "sector": np.repeat(lab["sector"].to_numpy(), R),
            "sector_name": np.repeat(lab["sector_name"].to_numpy(), R),
            "destination": np.tile(np.array(system.table.regions, dtype=object), S),
            "intermediate": inter.ravel(),
            "final": fin.ravel(),
        }
    )
    out["total"] = out["intermediate"] + out["final"]
    keep = (out["intermediate"] != 0) | (out["final"] != 0)
    out = out[keep.to_numpy()].astype({"destination": "str"})
    return out.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def fva_origin(system: IOSystem, region: str) -> pd.DataFrame:
    """Where the foreign value added in ``region``'s exports comes from.

    ``FVA from (p, i) = v_pi (L e_c)_pi`` for ``p != c``; the values sum to ``FVA_c``.

    Returns
    -------
    DataFrame
        Columns source_region, source_sector, sector_name, fva, share (of ``FVA_c``); largest
        first, zero rows dropped.
    """
    ec = np.zeros(system.n)
    rows = system._rows(region)
    ec[rows] = system.e_array[rows]
    contrib = system.v_array * system.solver.right(ec)
    contrib[rows] = 0.0
    out = system.labels.rename(columns={"region": "source_region", "sector": "source_sector"})
    out["fva"] = contrib
    total = contrib.sum()
    out["share"] = contrib / total if total != 0 else np.nan
    out = out[(out["fva"] != 0).to_numpy()]
    return out.sort_values("fva", ascending=False, kind="stable").reset_index(drop=True)
